// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdlib.h>

void consume(char *p);

void no_leak_by_default_when_passed_to_unknown_function(void) {
  char *p = malloc(3);
  consume(p);
}

void leaks_before_unknown_call_on_other_path(int c) {
  char *p = malloc(3);
  if (c)
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
  consume(p);
}
