#include <stdlib.h>

int clean_function(int n) {
  char *buffer = malloc(n);
  if (!buffer)
    return -1;
  free(buffer);
  return 0;
}
