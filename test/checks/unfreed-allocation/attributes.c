// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdlib.h>

void *pool_get(int n) __attribute__((ownership_returns(pool)));
void pool_put(void *p) __attribute__((ownership_takes(pool, 1)));
void registry_hold(int key, void *p) __attribute__((ownership_holds(pool, 2)));
void *arena_alloc(unsigned n) __attribute__((malloc));

void leaks_ownership_returns(void) {
  char *p = pool_get(3);
  p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'pool_get'

void no_leak_ownership_takes(void) {
  char *p = pool_get(3);
  pool_put(p);
}

void no_leak_ownership_holds(void) {
  char *p = pool_get(3);
  registry_hold(1, p);
}

void leaks_malloc_attribute(void) {
  char *p = arena_alloc(3);
  if (!p)
    return;
  p[0] = 1;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'arena_alloc'

static void free_charp(char **p) { free(*p); }

void no_leak_cleanup_attribute(void) {
  __attribute__((cleanup(free_charp))) char *p = malloc(10);
  if (!p)
    return;
  p[0] = 0;
}

void no_leak_malloc_freed_by_ownership_takes(void) {
  void *p = malloc(3);
  pool_put(p);
}
