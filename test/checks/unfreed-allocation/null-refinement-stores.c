// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// What a null test teaches about a field of the caller's memory holds until
// something is stored there, and only on the paths where it was tested.
#include <stdlib.h>

struct S {
  char *f;
  int n;
};

int leaks_tmp_after_field_allocated_on_demand(struct S *s, int n) {
  char *tmp = malloc(10);
  if (!s->f)
    s->f = malloc(n);
  if (!s->f) {
    free(tmp);
    return -1;
  }
  return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'tmp' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: memory allocated here by 'malloc'
  // CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 's->f' is not null
  // CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 's->f' is not null
}

int no_leak_tmp_freed_after_field_allocated_on_demand(struct S *s, int n) {
  char *tmp = malloc(10);
  if (!s->f)
    s->f = malloc(n);
  if (!s->f) {
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

int leaks_tmp_when_field_tested_on_one_path_only(struct S *s, int c) {
  char *tmp = malloc(10);
  if (c) {
    if (s->f) {
      free(tmp);
      return 1;
    }
  }
  if (!s->f) {
    free(tmp);
    return 0;
  }
  return 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'tmp' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-13]]:15: note: memory allocated here by 'malloc'
  // CHECK-MESSAGES: :[[@LINE-13]]:7: note: assuming the condition is false
  // CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 's->f' is not null
}

int no_leak_field_tested_twice_without_a_store(struct S *s) {
  char *tmp = malloc(10);
  if (!s->f) {
    free(tmp);
    return -1;
  }
  if (!s->f)
    return -2; // Cannot happen: 's->f' is not null here.
  free(tmp);
  return 0;
}

int no_leak_field_reset_then_tested(struct S *s) {
  char *tmp = malloc(10);
  if (s->f) {
    free(tmp);
    return 0;
  }
  s->f = tmp;
  if (!s->f)
    return -1; // Cannot happen, and 'tmp' is kept by 's' anyway.
  return 0;
}
