#include <stdio.h>

extern int keep_open;
extern int verbose;
int logging_enabled(void);

void no_leak_global_nobody_writes(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  if (!keep_open)
    return;
  fclose(f);
}

void no_leak_function_returns_constant(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  if (!logging_enabled())
    return;
  fclose(f);
}

void leaks_global_written_elsewhere(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  if (verbose)
    return;
  fclose(f);
}
