int keep_open = 1;     /* Never written by any file. */
int verbose = 0;       /* Written by set_verbose. */

int logging_enabled(void) { return 1; }
void set_verbose(int v) { verbose = v; }
