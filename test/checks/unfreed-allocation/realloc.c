// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdlib.h>

int leaks_old_block_when_realloc_fails(char **out, size_t n) {
  char *p = malloc(4);
  if (!p)
    return -1;
  p = realloc(p, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked if 'realloc' fails: 'p' is overwritten with null
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: assign the result of 'realloc' to a temporary pointer and keep 'p' until the call succeeds
  if (!p)
    return -1;
  *out = p;
  return 0;
}

struct vec {
  int *items;
  size_t cap;
};

void leaks_field_when_realloc_fails(struct vec *v) {
  v->items = realloc(v->items, 2 * v->cap * sizeof *v->items);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'v->items' is leaked if 'realloc' fails: 'v->items' is overwritten with null
  // CHECK-MESSAGES: :[[@LINE-2]]:14: note: assign the result of 'realloc' to a temporary pointer and keep 'v->items' until the call succeeds
  v->cap *= 2;
}

int no_leak_temporary_pointer_idiom(char **out, size_t n) {
  char *p = malloc(4);
  if (!p)
    return -1;
  char *bigger = realloc(p, n);
  if (!bigger) {
    free(p);
    return -1;
  }
  *out = bigger;
  return 0;
}

void no_leak_realloc_failure_aborts(size_t n) {
  char *p = malloc(4);
  p = realloc(p, n);
  if (!p)
    abort();
  free(p);
}

int leaks_new_block_after_realloc(size_t n) {
  char *p = malloc(4);
  if (!p)
    return -1;
  char *q = realloc(p, n);
  if (!q) {
    free(p);
    return -1;
  }
  return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'q' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'realloc'
}

void *no_warning_realloc_of_alias_of_parameter(void *prior, size_t n) {
  long *p = (long *)prior;
  p--;
  p = realloc(p, n + sizeof(long));
  if (!p)
    return NULL;
  return p + 1;
}

void no_warning_realloc_when_another_alias_keeps_block(size_t n) {
  char *p = malloc(4);
  char *keep = p;
  p = realloc(p, n);
  if (!p) {
    free(keep);
    return;
  }
  free(p);
}
