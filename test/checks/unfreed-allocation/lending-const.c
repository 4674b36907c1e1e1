// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unreleased-handle
// A function with no body and no summary lends what a pointer-to-const
// parameter points to; a pointer to non-const may be kept.
// Through the driver too: there a function with no body in this file waits
// for the summary another file may give it, and with none in the program
// the parameter lends, as in the plugin.
#include <stdlib.h>

void log_text(const char *text);
void take_text(char *text);

void leaks_after_const_parameter(size_t n) {
  char *s = malloc(n);
  if (!s)
    return;
  s[0] = 0;
  log_text(s);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 's' is not null

void no_leak_non_const_parameter_may_keep(size_t n) {
  char *s = malloc(n);
  take_text(s);
}

