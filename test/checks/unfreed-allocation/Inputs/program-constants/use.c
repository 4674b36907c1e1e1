#include <stdlib.h>
#include <string.h>

extern const int keep_buffers;
extern int cache_enabled;
extern int verbose;
extern int debug_level;
int feature_on(void);
int feature_maybe(int x);
void note_text(const char *text);
void work(void);

void no_leak_const_global(const char *s) {
  char *p = NULL;
  if (keep_buffers)
    p = strdup(s);
  note_text(p);
  work();
  if (keep_buffers)
    free(p);
}

void no_leak_global_nobody_writes(const char *s) {
  char *p = strdup(s);
  note_text(p);
  if (!cache_enabled)
    return;
  free(p);
}

void no_leak_function_returns_constant(const char *s) {
  char *p = strdup(s);
  note_text(p);
  if (!feature_on())
    return;
  free(p);
}

void leaks_global_written_elsewhere(const char *s) {
  char *p = strdup(s);
  note_text(p);
  if (verbose)
    return;
  free(p);
}

void leaks_global_address_escapes(const char *s) {
  char *p = strdup(s);
  note_text(p);
  if (debug_level)
    return;
  free(p);
}

void leaks_function_returns_either(const char *s, int x) {
  char *p = strdup(s);
  note_text(p);
  if (!feature_maybe(x))
    return;
  free(p);
}

/* Nothing lent: the leak is definite in this file, but its path tests a
   global of another file, so the merge's constants decide it again. */
void no_leak_definite_path_tests_constant(const char *s) {
  char *p = strdup(s);
  if (!cache_enabled)
    return;
  free(p);
}

void leaks_definite_path_tests_written_global(const char *s) {
  char *p = strdup(s);
  if (verbose)
    return;
  free(p);
}
