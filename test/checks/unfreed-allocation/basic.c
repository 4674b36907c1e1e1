// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int leaks_on_early_return(const char *s) {
  char *p = malloc(10);
  if (!p)
    return -1;
  if (s[0] == 'x')
    return 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
  // CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'malloc'
  // CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'p' is not null
  // CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming the condition is true
  free(p);
  return 0;
}

void no_leak_when_freed(void) {
  char *p = malloc(10);
  free(p);
}

char *no_leak_when_returned(void) {
  char *p = malloc(10);
  return p;
}

void leaks_when_overwritten(void) {
  char *p = malloc(10);
  p = malloc(20);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when 'p' is overwritten; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-3]]:13: note: memory allocated here by 'malloc'
  free(p);
}

void leaks_discarded_result(void) {
  malloc(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory allocated by 'malloc' is leaked: the result is never stored or released
}

void leaks_at_scope_end(int n) {
  if (n) {
    char *q = strdup("x");
    printf("%s", q);
  }
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'q' is leaked when 'q' goes out of scope; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: memory allocated here by 'strdup'
  puts("done");
}

void no_leak_through_alias(void) {
  char *p = malloc(1);
  char *q = p;
  free(q);
}

void no_leak_when_null_checked_and_freed(void) {
  char *p = calloc(4, 1);
  if (p == NULL)
    return;
  p[0] = 1;
  free(p);
}

int no_leak_on_correlated_condition(int c) {
  char *p = NULL;
  if (c)
    p = malloc(3);
  puts("between");
  if (c)
    free(p);
  return 0;
}

int leaks_on_one_branch_of_correlated_condition(int c) {
  char *p = NULL;
  if (c)
    p = malloc(3);
  puts("between");
  if (!c)
    free(p);
  return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-6]]:9: note: memory allocated here by 'malloc'
}

struct pair {
  char *a;
  char *b;
};

void no_leak_fields_of_local_struct_freed(void) {
  struct pair s;
  s.a = malloc(1);
  s.b = strndup("abc", 2);
  free(s.a);
  free(s.b);
}

void leaks_field_of_local_struct(void) {
  struct pair s;
  s.a = malloc(1);
  s.b = malloc(2);
  free(s.a);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's.b' is leaked when 's' goes out of scope
// CHECK-MESSAGES: :[[@LINE-4]]:9: note: memory allocated here by 'malloc'

void no_leak_struct_initializer(void) {
  struct pair s = {malloc(1), NULL};
  free(s.a);
}

void leaks_conditional_expression(int c) {
  char *p = c ? malloc(4) : NULL;
  if (p)
    p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-5]]:17: note: memory allocated here by 'malloc'

void no_leak_free_in_both_branches(int c) {
  char *p = malloc(8);
  if (c) {
    free(p);
    return;
  }
  free(p);
}

void leaks_heap_field_when_container_freed(void) {
  struct pair *s = malloc(sizeof *s);
  if (!s)
    return;
  s->a = malloc(4);
  s->b = NULL;
  free(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 's->a' is leaked when 's' is released
  // CHECK-MESSAGES: :[[@LINE-4]]:10: note: memory allocated here by 'malloc'
}

struct pair *no_leak_heap_fields_returned(const char *x) {
  struct pair *s = malloc(sizeof *s);
  if (!s)
    return NULL;
  s->a = strdup(x);
  s->b = NULL;
  return s;
}

void no_leak_after_exit_call(void) {
  char *p = malloc(4);
  if (!p)
    return;
  if (p[0])
    exit(1);
  free(p);
}
