// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Out-parameter flags in witness feasibility: a callee that sets an integer
// it is given by pointer only on the path where it returns null (or a given
// constant) tells the caller "flag set => no result". The summary records
// the value left in the flag for each return value, and the caller's
// witness path uses it.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

void work(void);
int depth_of(int i);

struct entry {
  int key;
};

/* Sets *too_deep, releases its block and returns null; else leaves it. */
static struct entry *build(int n, int *too_deep) {
  struct entry *e = calloc((size_t)n, sizeof *e);
  if (!e)
    return NULL;
  for (int i = 0; i < n; i++) {
    if (depth_of(i) > 100) {
      *too_deep = 1;
      free(e);
      return NULL;
    }
    e[i].key = i;
  }
  return e;
}

int no_leak_flag_means_null(int n) {
  int too_deep = 0;
  struct entry *e = build(n, &too_deep);
  if (too_deep)
    return -1;
  work();
  free(e);
  return 0;
}

struct status {
  int too_deep;
  int other;
};

int no_leak_flag_in_local_struct(int n) {
  struct status st = {0, 0};
  struct entry *e = build(n, &st.too_deep);
  if (st.too_deep)
    return -1;
  free(e);
  return 0;
}

/* The flag was already set before the call: a set flag says nothing. */
int leaks_flag_set_before_call(int n, int prior) {
  int too_deep = prior;
  struct entry *e = build(n, &too_deep);
  if (too_deep)
    return -1;
  free(e);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: memory pointed to by 'e' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-7]]:21: note: memory allocated here by 'build'

/* Sets *truncated on a path that still returns the block. */
static struct entry *build_capped(int n, int *truncated) {
  if (n > 100) {
    *truncated = 1;
    n = 100;
  }
  struct entry *e = calloc((size_t)n, sizeof *e);
  if (!e)
    return NULL;
  for (int i = 0; i < n; i++)
    e[i].key = i;
  return e;
}

int leaks_flag_set_with_result(int n) {
  int truncated = 0;
  struct entry *e = build_capped(n, &truncated);
  if (truncated)
    return -1;
  free(e);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: memory pointed to by 'e' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-7]]:21: note: memory allocated here by 'build_capped'

/* An integer result: *missing is 1 exactly when it returns -1. */
static int find_slot(int key, int *missing) {
  if (key < 0) {
    *missing = 1;
    return -1;
  }
  *missing = 0;
  return key % 7;
}

void no_leak_flag_follows_error_code(int key) {
  char *buf = malloc(16);
  if (!buf)
    return;
  int missing;
  int slot = find_slot(key, &missing);
  if (slot < 0) {
    free(buf);
    return;
  }
  if (missing)
    return;
  free(buf);
}

void leaks_flag_clear_path(int key) {
  char *buf = malloc(16);
  if (!buf)
    return;
  int missing;
  int slot = find_slot(key, &missing);
  if (slot < 0) {
    free(buf);
    return;
  }
  if (!missing)
    return;
  free(buf);
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: memory pointed to by 'buf' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-14]]:15: note: memory allocated here by 'malloc'

/* The callee hands the flag to another function: nothing is known. */
void set_flag(int *f);
static struct entry *build_delegated(int n, int *too_deep) {
  struct entry *e = calloc((size_t)n, sizeof *e);
  if (!e)
    return NULL;
  if (depth_of(n) > 100)
    set_flag(too_deep);
  return e;
}

int leaks_flag_written_by_callee(int n) {
  int too_deep = 0;
  struct entry *e = build_delegated(n, &too_deep);
  if (too_deep)
    return -1;
  free(e);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: memory pointed to by 'e' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-7]]:21: note: memory allocated here by 'build_delegated'
