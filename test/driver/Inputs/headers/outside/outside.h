// Third-party code outside the source root, found with -I.
#include <stdlib.h>

static inline int outside_header_leaks(int n) {
  char *p = malloc(n);
  if (n > 3)
    return 1;
  free(p);
  return 0;
}
