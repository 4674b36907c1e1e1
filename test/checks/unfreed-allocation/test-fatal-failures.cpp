// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation -isystem %inputs/testing
// The same rule as for handles: a test framework's fatal assertion ends the
// test, and memory still owned on that path is not reported; a non-fatal
// EXPECT_* and the project's own assertion macro return as usual.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>

#define MY_ASSERT(c)                                                           \
  if (!(c))                                                                    \
  return

TEST(Buffers, no_leak_when_assert_fails) {
  char *p = (char *)malloc(16);
  ASSERT_TRUE(p != nullptr);
  memset(p, 0, 16);
  ASSERT_EQ(0, p[3]);
  free(p);
}

void no_leak_helper_asserting(size_t n) {
  char *p = (char *)malloc(n);
  ASSERT_TRUE(p != nullptr);
  ASSERT_TRUE(n > 4);
  free(p);
}

TEST(Buffers, leaks_after_nonfatal_expect) {
  char *p = (char *)malloc(16);
  EXPECT_TRUE(p != nullptr);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:21: note: memory allocated here by 'malloc'

void leaks_on_own_assert_macro(size_t n) {
  char *p = (char *)malloc(n);
  if (!p)
    return;
  MY_ASSERT(n > 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
  // CHECK-MESSAGES: :[[@LINE-5]]:21: note: memory allocated here by 'malloc'
  free(p);
}
