#include <stdlib.h>

/* The project's allocator, defined in its own file. */
void *xalloc(size_t n) { return malloc(n); }
void xfree(void *p) { free(p); }
