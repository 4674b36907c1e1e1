// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdlib.h>
#include <string.h>

void leaks_allocation_overwritten_each_iteration(int n) {
  char *p = NULL;
  for (int i = 0; i < n; ++i) {
    p = malloc(16);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when 'p' is overwritten; release it with 'free' first
    // CHECK-MESSAGES: :[[@LINE-2]]:9: note: memory allocated here by 'malloc'
  }
  free(p);
}

void no_leak_allocated_once_in_loop(int n) {
  char *p = NULL;
  for (int i = 0; i < n; ++i) {
    if (!p)
      p = malloc(16);
  }
  free(p);
}

void no_leak_allocated_and_freed_each_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    char *p = malloc(16);
    if (!p)
      continue;
    p[0] = 0;
    free(p);
  }
}

void leaks_in_loop_body_scope(int n) {
  for (int i = 0; i < n; ++i) {
    char *p = malloc(16);
    if (!p)
      break;
    p[0] = 0;
  }
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
  // CHECK-MESSAGES: :[[@LINE-6]]:15: note: memory allocated here by 'malloc'
}

void no_leak_array_of_owned_pointers_freed_in_loop(void) {
  char *items[8];
  for (int i = 0; i < 8; ++i)
    items[i] = malloc(4);
  for (int i = 0; i < 8; ++i)
    free(items[i]);
}

void leaks_array_of_owned_pointers(void) {
  char *items[8];
  for (int i = 0; i < 8; ++i)
    items[i] = malloc(4);
  items[0][0] = 1;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'items[i]' is leaked when 'items' goes out of scope
// CHECK-MESSAGES: :[[@LINE-4]]:16: note: memory allocated here by 'malloc'

void no_leak_heap_array_of_strings(const char **in, int n) {
  char **v = malloc(n * sizeof *v);
  if (!v)
    return;
  for (int i = 0; i < n; ++i)
    v[i] = strdup(in[i]);
  for (int i = 0; i < n; ++i)
    free(v[i]);
  free(v);
}

int no_leak_goto_cleanup_ladder(int fail_at) {
  int rc = -1;
  char *a = malloc(1);
  if (!a)
    goto out;
  char *b = malloc(2);
  if (!b)
    goto free_a;
  if (fail_at == 2)
    goto free_b;
  rc = 0;
free_b:
  free(b);
free_a:
  free(a);
out:
  return rc;
}

int leaks_when_label_skips_free(int fail_at) {
  int rc = -1;
  char *a = malloc(1);
  if (!a)
    goto out;
  char *b = malloc(2);
  if (!b)
    goto out;
  if (fail_at == 2)
    goto free_b;
  rc = 0;
free_b:
  free(b);
  free(a);
out:
  return rc;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'a' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-15]]:13: note: memory allocated here by 'malloc'
  // CHECK-MESSAGES: :[[@LINE-15]]:7: note: assuming 'a' is not null
  // CHECK-MESSAGES: :[[@LINE-13]]:7: note: assuming 'b' is null
}

void no_leak_while_loop_with_switch(int n) {
  char *buf = malloc(64);
  if (!buf)
    return;
  while (n-- > 0) {
    switch (n % 3) {
    case 0:
      buf[0] = 'a';
      break;
    case 1:
      continue;
    default:
      buf[1] = 'b';
    }
  }
  free(buf);
}

void leaks_in_switch_case(int k) {
  char *buf = malloc(64);
  switch (k) {
  case 0:
    free(buf);
    break;
  case 1:
    return;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'buf' is leaked when the function returns; release it with 'free' first
    // CHECK-MESSAGES: :[[@LINE-8]]:15: note: memory allocated here by 'malloc'
  default:
    free(buf);
  }
}
