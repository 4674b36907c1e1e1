#include <string.h>

char *make_name(const char *base) { return strdup(base); }

const char *static_name(void) { return "fixed"; }

void release_name(char *n);
