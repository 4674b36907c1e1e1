/* A second TU, written in Latin-1: café au lait. */
#include <stdlib.h>
#include "util.h"

void remember(void) {
  char *p = malloc(16); /* résumé */
  p[0] = 0;
}
