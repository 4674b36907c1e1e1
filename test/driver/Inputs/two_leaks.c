#include <stdlib.h>

void first_leak(void) {
  char *a = malloc(16);
  a[0] = 1;
}

void suppressed_leak(void) {
  char *b = malloc(16); // NOLINT(leak-unfreed-allocation)
  b[0] = 1;
}
