// RUN: %check_leak %s leak-unreleased-handle %t -config="{CheckOptions: {leak-unreleased-handle.Acquirers: 'conn_open;::pool::take', leak-unreleased-handle.Releasers: 'conn_close', leak-unreleased-handle.UnknownCallsEscape: false}}" -- -isystem %inputs/unreleased-handle
// The project's own handle API, named in Acquirers and Releasers.
#include <stdio.h>

struct conn;
struct conn *conn_open(const char *host);
void conn_close(struct conn *c);
int conn_send(struct conn *c, const char *msg);

int leaks_project_handle(const char *host) {
  struct conn *c = conn_open(host);
  if (!c)
    return -1;
  if (conn_send(c, "hello") < 0)
    return -2;
  conn_close(c);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: handle 'c' acquired by 'conn_open' is leaked when the function returns; release it with 'conn_close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:20: note: handle acquired here by 'conn_open'
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'c' is not null
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true

int no_leak_project_handle_closed(const char *host) {
  struct conn *c = conn_open(host);
  if (!c)
    return -1;
  int rc = conn_send(c, "hello");
  conn_close(c);
  return rc;
}

void no_leak_unconfigured_functions_keep_nothing(FILE *f) {
  fprintf(f, "x");
}
