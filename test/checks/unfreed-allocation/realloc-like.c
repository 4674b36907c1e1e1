// RUN: %check_leak %s leak-unfreed-allocation %t -config="{CheckOptions: {leak-unfreed-allocation.ReallocFunctions: 'str_cat;::buf_grow'}}" -- -isystem %inputs/unfreed-allocation
// Realloc-like functions: `s = append(s, ...)` moves the block to the
// result. Inferred from a body; declared with ReallocFunctions for a
// function without one.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *append(char *s, const char *t) {
  size_t n = s ? strlen(s) : 0;
  char *r = realloc(s, n + strlen(t) + 1);
  if (!r) {
    free(s);
    return NULL;
  }
  strcpy(r + n, t);
  return r;
}

void leaks_appended_string(void) {
  char *s = append(NULL, "a");
  s = append(s, "b");
  puts(s);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: memory allocated here by 'append'

void no_leak_appended_string_freed(void) {
  char *s = append(NULL, "a");
  s = append(s, "b");
  puts(s);
  free(s);
}

void leaks_chained_append(void) {
  char *s = append(append(NULL, "a"), "b");
  puts(s);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'append'

void no_leak_chained_append_freed(void) {
  char *s = append(append(NULL, "a"), "b");
  free(s);
}

// Declared realloc-like, no body here.
char *str_new(const char *s) __attribute__((malloc));
char *str_cat(char *s, const char *t);
void str_free(char *s);
char *buf_grow(char *b, unsigned n);

void leaks_declared_realloc_like(const char *t) {
  char *s = str_new("x");
  s = str_cat(s, t);
  puts(s);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: memory allocated here by 'str_cat'

void no_leak_declared_realloc_like_released(const char *t) {
  char *s = str_new("x");
  s = str_cat(s, t);
  str_free(s);
}

void no_leak_declared_realloc_like_in_loop(const char **v, int n) {
  char *b = buf_grow(NULL, 0);
  for (int i = 0; i < n; ++i)
    b = buf_grow(b, 16);
  free(b);
}

void leaks_declared_realloc_like_result_dropped(const char *t) {
  char *s = str_new("x");
  str_cat(s, t);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory allocated by 'str_cat' is leaked: the result is never stored or released
// CHECK-MESSAGES: :[[@LINE-3]]:3: note: memory allocated here by 'str_cat'
