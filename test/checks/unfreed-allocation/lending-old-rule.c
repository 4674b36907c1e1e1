// RUN: %check_leak %s leak-unfreed-allocation %t -config="{CheckOptions: {leak-unfreed-allocation.SystemCallsEscape: true}}" -- -isystem %inputs/unreleased-handle
// SystemCallsEscape restores the rule before lending: a block passed to a
// library function without a model of its own (the named borrowers such
// as fwrite still borrow), or to a bodiless function's const parameter,
// is no longer followed; a block passed to nothing still is.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int no_finding_after_strverscmp_with_old_rule(const char *v, size_t n) {
  char *buf = malloc(n);
  if (!buf)
    return 0;
  buf[0] = 0;
  return strverscmp(buf, v);
}

void log_text(const char *text);

void no_finding_after_const_parameter_with_old_rule(size_t n) {
  char *s = malloc(n);
  log_text(s);
}

void leaks_unused_block_with_old_rule(size_t n) {
  char *s = malloc(n);
  (void)s;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
