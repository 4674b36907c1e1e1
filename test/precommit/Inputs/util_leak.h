#include <stdlib.h>
static inline int util_twice(int x) {
  char *scratch = malloc(16);
  scratch[0] = 1;
  return 2 * x;
}
