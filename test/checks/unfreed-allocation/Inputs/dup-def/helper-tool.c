#include <stdlib.h>

/* The same helper, compiled into the tool. */
void release_first(char *p, char *q) {
  free(p);
  (void)q;
}

char *make_buffer(int *status, unsigned n) {
  *status = 0;
  return malloc(n);
}

/* Built differently in the two programs: here it only reads it. */
void finish(char *p) { (void)*p; }
