#include "util.h"
#include <stdlib.h>

void old_leak(void) {
  char *p = malloc(3);
  p[0] = 0;
}
