// RUN: %check_leak %s leak-unfreed-allocation %t -config="{CheckOptions: {leak-unfreed-allocation.Allocators: 'hook_malloc', leak-unfreed-allocation.Deallocators: 'hook_free'}}" -- -isystem %inputs/unfreed-allocation
// Allocators and deallocators reached through function-pointer variables
// (libxml2's xmlMalloc/xmlFree style) are named like functions.

typedef void *(*malloc_fn)(unsigned long);
typedef void (*free_fn)(void *);
extern malloc_fn hook_malloc;
extern free_fn hook_free;

static char *dup_through_hook(const char *s, unsigned long n) {
  char *d = hook_malloc(n + 1);
  if (!d)
    return 0;
  for (unsigned long i = 0; i < n; ++i)
    d[i] = s[i];
  d[n] = 0;
  return d;
}

void leaks_memory_from_hook(void) {
  char *p = hook_malloc(8);
  if (p)
    p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'hook_free' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'hook_malloc'

void no_leak_hook_freed(void) {
  char *p = hook_malloc(8);
  hook_free(p);
}

int leaks_from_wrapper_of_hook(const char *s) {
  char *c = dup_through_hook(s, 3);
  if (!c)
    return -1;
  return c[0];
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'c' is leaked when the function returns; release it with 'hook_free' first
  // CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'dup_through_hook'
}
