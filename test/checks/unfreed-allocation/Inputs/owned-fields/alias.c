#include "conn.h"
#include <stdlib.h>

void conn_drop_alias(struct conn *c) {
  free(c->alias);
  c->alias = NULL;
}
