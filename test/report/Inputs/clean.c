#include <stdlib.h>

int clean(int n) {
  char *p = malloc(n);
  free(p);
  return 0;
}
