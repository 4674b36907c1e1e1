#include <stdlib.h>
#include <string.h>

char *fill(char *dst, const char *src);

char *dup_via_fill(const char *s) {
  return fill(malloc(strlen(s) + 1), s);
}

void leaks_local(const char *s) {
  char *p = malloc(8);
  p[0] = *s;
}
