// Vendored code under the root, included as a system header (-isystem).
#include <stdlib.h>

static inline int vendored_header_leaks(int n) {
  char *p = malloc(n);
  if (n > 4)
    return 1;
  free(p);
  return 0;
}
