#include <stdlib.h>

void sink_c(char *p) { free(p); }
