#include "ops.h"
#include <string.h>

void report(const char *msg) {
  char *line = strdup(msg);
  log_ops.put(line);
}

void make_scratch(void) {
  char *b = log_ops.make(32);
  if (b)
    b[0] = 0;
}

void finish_line(const char *msg) {
  char *line = strdup(msg);
  on_done(line);
}

void fail_line(const char *msg) {
  char *line = strdup(msg);
  on_error(line);
}

void report_and_drop(const char *msg) {
  char *line = strdup(msg);
  log_ops.put(line);
  log_ops.drop(line);
}
