#include <stdio.h>

void sink_c(char *p) { puts(p); }
