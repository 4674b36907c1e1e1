#include <stdlib.h>
#include <string.h>

void log_text(const char *text);
void remember_text(const char *text);

static char *make_logged(const char *s) {
  char *p = strdup(s);
  if (!p)
    exit(1);
  log_text(p);
  return p;
}

static char *make_remembered(const char *s) {
  char *p = strdup(s);
  if (!p)
    exit(1);
  remember_text(p);
  return p;
}

void leaks_logged_copy(const char *s) {
  char *copy = make_logged(s);
  copy[0] = 'x';
}

void no_leak_remembered_copy(const char *s) {
  char *copy = make_remembered(s);
  copy[0] = 'x';
}

void no_leak_logged_copy_freed(const char *s) {
  char *copy = make_logged(s);
  free(copy);
}
