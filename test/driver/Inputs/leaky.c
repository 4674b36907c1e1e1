#include <stdlib.h>

int leaky_function(int n) {
  char *buffer = malloc(n);
  if (n > 10)
    return 1;
  free(buffer);
  return 0;
}
