// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// The pointer members of a local union are the same bytes: a block stored
// through one is read, released or lost through any other. A union in the
// heap is not followed (what is stored there is kept).
#include <stdlib.h>
#include <string.h>

typedef union {
  char *text;
  unsigned char *bytes;
  long number;
} value;

void leaks_block_in_local_union(size_t n) {
  value v;
  v.text = malloc(n);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'v.text' is leaked when 'v' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-3]]:12: note: memory allocated here by 'malloc'

void no_leak_released_through_other_member(size_t n) {
  value v;
  v.text = malloc(n);
  free(v.bytes);
}

void leaks_read_back_through_other_member(size_t n) {
  value v;
  v.bytes = malloc(n);
  unsigned char *b = v.bytes;
  if (!b)
    return;
  b[0] = 1;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'v.bytes' is leaked when 'v' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'b' is not null

value no_leak_union_returned(size_t n) {
  value v;
  v.text = malloc(n);
  return v;
}

void keep(value *v);

void no_leak_union_handed_over(size_t n) {
  value v;
  v.bytes = malloc(n);
  keep(&v);
}

/* A variant's arms in a heap block: which member is written depends on a
   tag the analysis cannot follow (two calls); a union in the heap is not
   followed, so neither arm's block is taken as lost. */
struct endpoint {
  int kind;
  union {
    char *path;
    char *host;
  } to;
};
void register_endpoint(struct endpoint *e);
int is_local(const char *name);


void no_leak_variant_arms(const char *name) {
  struct endpoint *e = malloc(sizeof *e);
  if (!e)
    return;
  if (is_local(name))
    e->to.path = strdup(name);
  if (!is_local(name))
    e->to.host = strdup(name);
  register_endpoint(e);
}

void no_leak_local_variant_arms(const char *name) {
  value v;
  if (is_local(name))
    v.text = strdup(name);
  if (!is_local(name))
    v.bytes = (unsigned char *)strdup(name);
  free(v.text);
}
