#include <stdlib.h>

const int keep_buffers = 1;  /* const: one value everywhere. */
int cache_enabled = 1;       /* Never written by any file. */
int verbose = 0;             /* Written by set_verbose. */
int debug_level = 0;         /* Its address escapes. */

int feature_on(void) { return 1; }
int feature_maybe(int x) { return x > 3; }
void set_verbose(int v) { verbose = v; }
int *debug_level_ptr(void) { return &debug_level; }

/* Reads the text and keeps nothing. */
void note_text(const char *text) {
  if (!text)
    abort();
}
