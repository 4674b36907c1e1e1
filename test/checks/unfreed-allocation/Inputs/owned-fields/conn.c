#include "conn.h"
#include <stdlib.h>
#include <string.h>

struct conn *conn_new(const char *n) {
  struct conn *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->name = strdup(n);
  c->alias = strdup(n);
  c->tag = strdup("t");
  return c;
}

char *last_error;
char *last_warning;
void set_error(const char *m) {
  last_error = strdup(m);
  last_warning = strdup(m);
}
