// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// A block stored in a variable through a cast (`p = (char *)malloc(n)`, the
// usual C spelling) is overwritten in a loop only on a later pass: the
// witness must take the loop again, as it does without the cast.
#include <stdlib.h>

void no_leak_cast_in_loop_run_once(size_t n) {
  char *p = NULL;
  for (int once = 1; once; once = 0)
    p = (char *)malloc(n);
  free(p);
}

void no_leak_declared_with_cast_in_loop_run_once(size_t n) {
  for (int once = 1; once; once = 0) {
    char *p = (char *)calloc(n, 1);
    free(p);
  }
}

void leaks_cast_in_loop_run_twice(size_t n) {
  char *p = NULL;
  for (int k = 2; k; k--)
    p = (char *)malloc(n);
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when 'p' is overwritten; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-2]]:17: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:19: note: assuming the condition is true
  free(p);
}
