// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Correlated conditions the witness-path search must decide in functions of
// any size: a flag whose address is taken only later, a variable that keeps
// its initial constant on every path through the allocation, a heap block
// tested against a local array after loops, loops before the allocation,
// const globals. Each clean function has a near miss that really leaks.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
  struct node *next;
  char *name;
};

struct list {
  struct node *head;
};

void work(void);
int pick(int k);
char *lookup(const char *key);
void fill(int *fd);
void fill_time(long *t);
long to_number(const char *s);

/* The flag is set right after the allocation; its address is taken only
   after the test, so the calls in between cannot change it. */
int no_leak_flag_address_taken_later(struct list *l, const char *name) {
  struct node *n = NULL;
  int created = 0;
  for (struct node *it = l->head; it; it = it->next)
    if (strcmp(it->name, name) == 0)
      n = it;
  if (!n) {
    n = malloc(sizeof *n);
    if (!n)
      return -1;
    created = 1;
    n->name = NULL;
    n->next = NULL;
  }
  work();
  work();
  if (created) {
    n->next = l->head;
    l->head = n;
  }
  fill(&created);
  return created;
}

/* The same with the address passed to a call before the test: the callee
   may clear the flag, and then the block leaks. */
int leaks_flag_address_taken_before(struct list *l, const char *name) {
  struct node *n = NULL;
  int created = 0;
  for (struct node *it = l->head; it; it = it->next)
    if (strcmp(it->name, name) == 0)
      n = it;
  if (!n) {
    n = malloc(sizeof *n);
    if (!n)
      return -1;
    created = 1;
    n->name = NULL;
    n->next = NULL;
  }
  fill(&created);
  if (created) {
    n->next = l->head;
    l->head = n;
  }
  return created;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'n' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-15]]:9: note: memory allocated here by 'malloc'

/* `t` keeps its initial 0 on every path through the allocation (the paths
   that assign it skip the allocation), whatever the many tests before. */
char *no_leak_constant_on_every_path(const char *key, int a, int b, int c,
                                     int d, int mode) {
  long t = 0;
  char *found = NULL, *v;
  int o = pick(0);
  if (o == 0 && a)
    o = pick(1);
  if (o == 0 && b)
    o = pick(2);
  if (o == 0 && c)
    o = pick(3);
  if (o == 0 && d)
    o = pick(4);
  if (o != 0) {
    found = strdup(key);
    goto found;
  }
  v = lookup(key);
  if (v != NULL) {
    t = to_number(v);
    goto found;
  }
  return NULL;
found:
  if (mode) {
    if (t == 0 && found != NULL) {
      t = to_number(found);
      free(found);
    }
    if (t == 0)
      return NULL;
    fill_time(&t);
    found = malloc(32);
  }
  return found;
}

/* The near miss: the allocating path also assigns `t`. */
char *leaks_constant_broken_on_allocating_path(const char *key, int a,
                                               int mode) {
  long t = 0;
  char *found = NULL;
  int o = pick(0);
  if (o == 0 && a)
    o = pick(1);
  if (o != 0) {
    found = strdup(key);
    t = o;
    goto found;
  }
  return NULL;
found:
  if (mode) {
    if (t == 0 && found != NULL)
      free(found);
    if (t == 0)
      return NULL;
    fill_time(&t);
    found = malloc(32);
  }
  return found;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: memory pointed to by 'found' is leaked when 'found' is overwritten
// CHECK-MESSAGES: :[[@LINE-17]]:13: note: memory allocated here by 'strdup'

/* A fresh block is never a local array, after any number of loops and
   branches between the allocation and the test. */
int no_leak_heap_or_storage_after_loops(int count, const int *in) {
  int storage[8][2];
  int (*fds)[2] = storage;
  int err = -1, i;
  if (count > 8)
    fds = malloc(count * sizeof(*fds));
  if (fds == NULL)
    goto error;
  for (i = 0; i < count; i++) {
    fds[i][0] = -1;
    fds[i][1] = -1;
  }
  for (i = 0; i < count; i++) {
    if (in[i] < 0)
      goto error;
    fill(fds[i]);
  }
  for (i = 0; i < count; i++)
    if (fds[i][0] > 100)
      work();
  err = 0;
  if (fds != storage)
    free(fds);
  return err;
error:
  if (fds != NULL) {
    for (i = 0; i < count; i++)
      if (fds[i][0] != -1)
        work();
    if (fds != storage)
      free(fds);
  }
  return err;
}

int leaks_heap_or_storage_after_loops(int count, const int *in) {
  int storage[8][2];
  int (*fds)[2] = storage;
  int i;
  if (count > 8)
    fds = malloc(count * sizeof(*fds));
  if (fds == NULL)
    return -1;
  for (i = 0; i < count; i++) {
    if (in[i] < 0)
      return -1;
    fill(fds[i]);
  }
  if (fds != storage)
    free(fds);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-7]]:7: warning: memory pointed to by 'fds' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-13]]:11: note: memory allocated here by 'malloc'

/* A const global has its initialiser's value in every test. */
static const int keep_copies = 1;
extern const int tracing;

void no_leak_const_global(size_t n) {
  char *p = NULL;
  if (keep_copies)
    p = malloc(n);
  work();
  if (keep_copies)
    free(p);
}

/* The near miss: a const global defined elsewhere has an unknown value, so
   the two tests of it are correlated only as any variable is; a call in
   between changes nothing (it is const), but the free depends on another
   variable. */
void leaks_const_global_other_test(size_t n, int other) {
  char *p = NULL;
  if (keep_copies)
    p = malloc(n);
  work();
  if (other)
    free(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-6]]:9: note: memory allocated here by 'malloc'
