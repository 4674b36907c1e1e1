#include <stdlib.h>

void sink_b(char *p);

void start(void) {
  char *p = malloc(4);
  if (!p)
    return;
  sink_b(p);
}
