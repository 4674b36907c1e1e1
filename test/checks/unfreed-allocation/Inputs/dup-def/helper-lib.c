#include <stdlib.h>

/* Compiled into the library and, as helper-tool.c, into the tool. */
void release_first(char *p, char *q) {
  free(p);
  (void)q;
}

char *make_buffer(int *status, unsigned n) {
  *status = 0;
  return malloc(n);
}

/* Built differently in the two programs: here it releases its argument. */
void finish(char *p) { free(p); }
