#include <stdlib.h>

int new_leak(int n) {
  char *buffer = malloc(n);
  if (!buffer)
    return 0;
  buffer[0] = 0;
  free(buffer);
  return n;
}
