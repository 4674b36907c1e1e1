// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// A counting loop (`for (i = 0; i < n; i++)`) left through its condition,
// not by a break, ends with `i == n`: a search loop that stores the block
// in a free slot and breaks, followed by `if (i == n)` that appends it,
// never loses the block.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

struct table {
  char **slots;
  int count;
};

int no_leak_slot_or_append(struct table *t, const char *name) {
  char *copy = malloc(16);
  int i;
  if (!copy)
    return -1;
  puts(name);
  for (i = 0; i < t->count; i++) {
    if (!t->slots[i]) {
      t->slots[i] = copy;
      break;
    }
  }
  if (i == t->count) {
    char **grown = realloc(t->slots, sizeof(char *) * (size_t)(t->count + 1));
    if (!grown) {
      free(copy);
      return -1;
    }
    t->slots = grown;
    t->count++;
    t->slots[t->count - 1] = copy;
  }
  return 0;
}

/* A local bound, declared counter, `n > i` spelling. */
int no_leak_local_bound(char **slots, int n) {
  char *copy = malloc(16);
  if (!copy)
    return -1;
  int i;
  for (i = 0; n > i; ++i)
    if (!slots[i]) {
      slots[i] = copy;
      break;
    }
  if (i == n) {
    free(copy);
    return 1;
  }
  return 0;
}

/* The near miss: the append is guarded by a different test. */
int leaks_slot_or_wrong_test(struct table *t, const char *name) {
  char *copy = malloc(16);
  int i;
  if (!copy)
    return -1;
  puts(name);
  for (i = 0; i < t->count; i++) {
    if (!t->slots[i]) {
      t->slots[i] = copy;
      break;
    }
  }
  if (i == t->count - 1) {
    t->slots[i] = copy;
  }
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'copy' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-17]]:16: note: memory allocated here by 'malloc'

/* The body moves the counter: the exit says nothing about it. */
int leaks_counter_skips(char **slots, int n) {
  char *copy = malloc(16);
  if (!copy)
    return -1;
  int i;
  for (i = 0; i < n; i++) {
    if (!slots[i]) {
      slots[i] = copy;
      break;
    }
    if (slots[i][0] == '#')
      i++;
  }
  if (i == n) {
    free(copy);
    return 1;
  }
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'copy' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-19]]:16: note: memory allocated here by 'malloc'

void shrink(struct table *t);

/* The body calls a function that may change the count. */
int leaks_bound_changed_by_call(struct table *t) {
  char *copy = malloc(16);
  int i;
  if (!copy)
    return -1;
  for (i = 0; i < t->count; i++) {
    if (!t->slots[i]) {
      t->slots[i] = copy;
      break;
    }
    shrink(t);
  }
  if (i == t->count) {
    free(copy);
    return 1;
  }
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'copy' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-18]]:16: note: memory allocated here by 'malloc'
