#include <stdlib.h>

void victim(void) {
  char *p = malloc(4);
  free(p);
}
