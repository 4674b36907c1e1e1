// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unreleased-handle
// Lending is the platform's rule: a library installed as a system header
// under its own directory (<thirdparty/cache.h>) may keep what it is given,
// except through a pointer-to-const parameter.
#include <stdlib.h>
#include <string.h>
#include <thirdparty/cache.h>

void no_leak_third_party_library_may_keep(const char *k, size_t n) {
  void *v = malloc(n);
  cache_put(k, v);
}

int leaks_after_platform_function(size_t n) {
  char *s = malloc(n);
  if (!s)
    return 0;
  memset(s, 'a', n);
  return (int)strlen(s);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 's' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 's' is not null
