#include "conn.h"
#include <stdlib.h>

void conn_free(struct conn *c) {
  free(c->tag);
  free(c);
}

void clear_error(void) {
  last_error = NULL;
  free(last_warning);
  last_warning = NULL;
}
