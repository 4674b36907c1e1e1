#include <stdlib.h>

int new_leak(int n) {
  char *buffer = malloc(n);
  buffer[0] = 0;
  return n;
}
