// RUN: %check_leak %s leak-unreleased-handle %t -config="{CheckOptions: {leak-unreleased-handle.SystemCallsEscape: true}}" -- -isystem %inputs/unreleased-handle
// With SystemCallsEscape, every library function keeps the pointers it is
// given (the rule before lending): a stream passed to fileno or fprintf is
// no longer followed, one used by nothing still is.
#include <stdio.h>

int no_finding_after_fileno_with_old_rule(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  return fileno(f);
}

void leaks_unused_stream_with_old_rule(const char *path) {
  FILE *f = fopen(path, "r");
  (void)f;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file 'f' opened by 'fopen' is leaked when 'f' goes out of scope; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: file opened here by 'fopen'
