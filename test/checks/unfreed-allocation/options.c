// RUN: %check_leak %s leak-unfreed-allocation %t -config="{CheckOptions: {leak-unfreed-allocation.Allocators: 'pool_alloc;::arena::make', leak-unfreed-allocation.Deallocators: 'pool_release', leak-unfreed-allocation.UnknownCallsEscape: false}}" -- -isystem %inputs/unfreed-allocation
#include <stdlib.h>

void *pool_alloc(int n);
void pool_release(void *p);
void log_pointer(const void *p);

void leaks_custom_allocator(void) {
  void *p = pool_alloc(3);
  log_pointer(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'pool_release' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'pool_alloc'

void no_leak_custom_deallocator(void) {
  void *p = pool_alloc(3);
  pool_release(p);
}

void leaks_with_strict_unknown_calls(void) {
  char *p = malloc(3);
  log_pointer(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
