// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Pointers the function cannot follow to a location of its own:
//  * container_of (`(T *)((char *)ptr - offsetof(T, field))`) applied to a
//    pointer read from an intrusive list whose head is a local gives an
//    object that encloses a list node, never the local head itself: a
//    field stored through it is a field of memory the function does not
//    own (a hand-off);
//  * the address of a union member of a block (`&p->u.member`, as bison's
//    stack relocation writes it) is a pointer into that block.
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef void *QUEUE[2];
#define QUEUE_NEXT(q) (*(QUEUE **)&((*(q))[0]))
#define QUEUE_PREV(q) (*(QUEUE **)&((*(q))[1]))
#define QUEUE_HEAD(q) (QUEUE_NEXT(q))
#define QUEUE_EMPTY(q) ((const QUEUE *)(q) == (const QUEUE *)QUEUE_NEXT(q))
#define QUEUE_INIT(q)                                                          \
  do {                                                                         \
    QUEUE_NEXT(q) = (q);                                                       \
    QUEUE_PREV(q) = (q);                                                       \
  } while (0)
#define QUEUE_REMOVE(q)                                                        \
  do {                                                                         \
    QUEUE_NEXT(QUEUE_PREV(q)) = QUEUE_NEXT(q);                                 \
    QUEUE_PREV(QUEUE_NEXT(q)) = QUEUE_PREV(q);                                 \
  } while (0)
#define QUEUE_DATA(ptr, type, field)                                           \
  ((type *)((char *)(ptr)-offsetof(type, field)))
#define QUEUE_SPLIT(h, q, n)                                                   \
  do {                                                                         \
    QUEUE_PREV(n) = QUEUE_PREV(h);                                             \
    QUEUE_NEXT(QUEUE_PREV(n)) = (n);                                           \
    QUEUE_NEXT(n) = (q);                                                       \
    QUEUE_PREV(h) = QUEUE_PREV(q);                                             \
    QUEUE_NEXT(QUEUE_PREV(h)) = (h);                                           \
    QUEUE_PREV(q) = (n);                                                       \
  } while (0)
#define QUEUE_MOVE(h, n)                                                       \
  do {                                                                         \
    if (QUEUE_EMPTY(h))                                                        \
      QUEUE_INIT(n);                                                           \
    else {                                                                     \
      QUEUE *q_ = QUEUE_HEAD(h);                                               \
      QUEUE_SPLIT(h, q_, n);                                                   \
    }                                                                          \
  } while (0)

struct watcher {
  char *path;
  QUEUE node;
};

extern QUEUE watchers;

// Each watcher on the global list gets a fresh copy of its path; the list
// is moved to a local head first, so that the loop may change it.
void refresh_paths(void) {
  QUEUE queue;
  QUEUE_MOVE(&watchers, &queue);
  while (!QUEUE_EMPTY(&queue)) {
    QUEUE *q = QUEUE_HEAD(&queue);
    QUEUE_REMOVE(q);
    struct watcher *w = QUEUE_DATA(q, struct watcher, node);
    char *copy = strdup(w->path);
    if (!copy)
      return;
    w->path = copy;
  }
}

// container_of of an interior pointer of an owned block is that block.
struct item {
  int key;
  QUEUE node;
};
void free_from_node(size_t n) {
  struct item *it = malloc(sizeof *it);
  if (!it)
    return;
  QUEUE *q = &it->node;
  free(QUEUE_DATA(q, struct item, node));
}

union slot {
  short s;
  long l;
};

struct stacks {
  short *ss;
  long *ls;
};

// The block's address through a union member is kept in 'ss'.
int relocate(struct stacks *st, size_t n) {
  union slot *ptr = malloc(n * sizeof *ptr);
  if (!ptr)
    return -1;
  short *ss = &ptr->s;
  memcpy(ss, st->ss, n);
  ptr += n / 2;
  st->ss = ss;
  return 0;
}

// Leaks: the copy is stored into a local struct that dies.
void refresh_local(void) {
  struct watcher local;
  local.path = strdup("x");
  (void)local;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'local.path' is leaked when 'local' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:16: note: memory allocated here by 'strdup'

// Leaks: the union member's address goes nowhere.
int relocate_lost(struct stacks *st, size_t n) {
  union slot *ptr = malloc(n * sizeof *ptr);
  if (!ptr)
    return -1;
  short *ss = &ptr->s;
  memcpy(ss, st->ss, n);
  return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'ptr' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-7]]:21: note: memory allocated here by 'malloc'
}

// Leaks: container_of of a local's member is that local, which dies.
void local_container(void) {
  struct watcher local;
  QUEUE *q = &local.node;
  struct watcher *w = QUEUE_DATA(q, struct watcher, node);
  w->path = strdup("x");
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'w->path' is leaked when 'local' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-3]]:13: note: memory allocated here by 'strdup'
