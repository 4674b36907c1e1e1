// The project's own header, under the source root.
#include <stdlib.h>

static inline int proj_header_leaks(int n) {
  char *p = malloc(n);
  if (n > 2)
    return 1;
  free(p);
  return 0;
}
