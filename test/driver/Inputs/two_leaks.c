#include <stdlib.h>

void first_leak(void) {
  char *a = malloc(16);
  a[0] = 1;
}

void suppressed_leak(void) {
  char *b = malloc(16);
  b[0] = 1;
} // NOLINT(leak-unfreed-allocation): kept on purpose in this test
