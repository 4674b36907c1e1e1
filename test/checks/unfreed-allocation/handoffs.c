// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Hand-offs: a pointer stored into memory the function does not own leaves
// the function's ownership, whatever form the store takes (a compound
// literal or designated initializer stored through a pointer, a struct
// copied into caller or heap memory by a callee, memcpy of the pointer's
// bytes, a field of an object the function only looked up).
#include <stdlib.h>
#include <string.h>

struct buf {
  char *data;
  size_t len;
};

struct pair {
  struct buf key;
  int tag;
};

// A compound literal with designated initializers, stored through an
// out-parameter: the caller owns the block now.
int make_buf(struct buf *out, size_t n) {
  char *p = malloc(n);
  if (!p)
    return -1;
  *out = (struct buf){.data = p, .len = n};
  return 0;
}

// The same through a nested designator.
int make_pair(struct pair *out, size_t n) {
  char *p = malloc(n);
  if (!p)
    return -1;
  *out = (struct pair){.key = {.data = p, .len = n}, .tag = 1};
  return 0;
}

// A compound literal stored into a local that dies: still a leak.
size_t literal_in_local(size_t n) {
  char *p = malloc(n);
  struct buf b;
  b = (struct buf){.data = p, .len = n};
  return b.len;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'malloc'
}

// A compound literal initialising a local that is returned: handed to the
// caller.
struct buf literal_returned(size_t n) {
  struct buf b = (struct buf){.data = malloc(n), .len = n};
  return b;
}

// A callee copies the struct into memory the caller passed: the block is
// the caller's.
static void put(struct buf *slot, const struct buf *src) { *slot = *src; }

void store_through_callee(struct buf *slot, size_t n) {
  struct buf b = {.data = malloc(n), .len = n};
  put(slot, &b);
}

// memcpy of the pointer's own bytes into caller memory: a hand-off.
void copy_pointer_out(void *dst, size_t n) {
  char *p = malloc(n);
  memcpy(dst, &p, sizeof p);
}

// memcpy of what the pointer points to (not the pointer): still a leak.
void copy_pointee_out(void *dst, size_t n) {
  char *p = malloc(n);
  if (!p)
    return;
  memcpy(dst, p, n);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'malloc'

// A field of an object returned by a lookup (not fresh memory): the table
// owns the object and what is stored in it.
struct entry {
  char *value;
  struct entry *next;
};
struct table {
  struct entry *slots[16];
};

static struct entry *lookup(struct table *t, unsigned h) {
  return t->slots[h % 16];
}

int set_value(struct table *t, unsigned h, const char *v) {
  struct entry *e = lookup(t, h);
  if (!e)
    return -1;
  e->value = strdup(v);
  return 0;
}

// A field of an object the function allocated and leaks: both leak, the
// inner block is reported with the outer one.
int set_value_fresh(unsigned n) {
  struct entry *e = malloc(sizeof *e);
  if (!e)
    return -1;
  e->value = malloc(n);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'e' is leaked when the function returns; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-7]]:21: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:3: warning: memory pointed to by 'e->value' is leaked when the function returns; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-6]]:14: note: memory allocated here by 'malloc'

// An object handed to a container first, then filled: the container owns
// it and what is stored in it afterwards.
static void table_insert(struct table *t, unsigned h, struct entry *e) {
  e->next = t->slots[h % 16];
  t->slots[h % 16] = e;
}

int insert_then_fill(struct table *t, unsigned h, const char *v) {
  struct entry *e = calloc(1, sizeof *e);
  if (!e)
    return -1;
  table_insert(t, h, e);
  e->value = strdup(v);
  return 0;
}
