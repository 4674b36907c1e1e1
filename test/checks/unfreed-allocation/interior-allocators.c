// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// A wrapper that allocates a header and returns the payload after it (a
// pointer a constant offset into a fresh block) is an allocator. Its memory
// is released by the function that steps back by the same offset: the
// message names that function, never 'free' (freeing the payload pointer
// would be wrong).
#include <stdlib.h>
#include <string.h>

struct hdr {
  size_t len;
  size_t cap;
};

// The payload right after the header.
char *str_new(size_t n) {
  struct hdr *h = malloc(sizeof *h + n + 1);
  if (!h)
    return NULL;
  h->len = 0;
  h->cap = n;
  return (char *)h + sizeof *h;
}

void str_free(char *s) {
  if (!s)
    return;
  free(s - sizeof(struct hdr));
}

// A flexible array member as the payload.
struct blob {
  size_t n;
  unsigned char bytes[];
};

unsigned char *blob_new(size_t n) {
  struct blob *b = malloc(sizeof *b + n);
  if (!b)
    return NULL;
  b->n = n;
  return b->bytes;
}

// Steps back with a cast and an index.
void blob_free(unsigned char *p) {
  struct blob *b = (struct blob *)(p - sizeof(struct blob));
  free(b);
}

// The payload after one whole header element, through a local.
struct hdr *hdr_of(void *p) { return (struct hdr *)p - 1; }
void *arr_new(size_t n) {
  struct hdr *h = calloc(1, sizeof *h + n);
  if (!h)
    return NULL;
  h->cap = n;
  void *payload = h + 1;
  return payload;
}
void arr_free(void *p) { free((struct hdr *)p - 1); }

void leaks_string(void) {
  char *s = str_new(16);
  if (!s)
    return;
  strcpy(s, "x");
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope; release it with 'str_free' first
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'str_new'

void no_leak_string(void) {
  char *s = str_new(16);
  str_free(s);
}

int leaks_blob(void) {
  unsigned char *p = blob_new(4);
  if (!p)
    return 0;
  return p[0];
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'blob_free' first
  // CHECK-MESSAGES: :[[@LINE-5]]:22: note: memory allocated here by 'blob_new'
}

void no_leak_blob(void) {
  unsigned char *p = blob_new(4);
  blob_free(p);
}

void leaks_array(void) {
  char *a = arr_new(8);
  if (a)
    a[0] = 1;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'a' is leaked when 'a' goes out of scope; release it with 'arr_free' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'arr_new'

void no_leak_array(void) {
  char *a = arr_new(8);
  arr_free(a);
}

// Two payload offsets, two deallocators: each allocator names its own.
struct big {
  size_t a, b, c, d;
};
char *big_new(void) {
  struct big *g = malloc(sizeof *g + 8);
  return g ? (char *)(g + 1) : NULL;
}
void big_free(char *p) { free((struct big *)p - 1); }

void leaks_big(void) {
  char *g = big_new();
  if (g)
    g[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'g' is leaked when 'g' goes out of scope; release it with 'big_free' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'big_new'

// An interior pointer with no deallocator that steps back by its offset:
// still an allocator, but the message names no function.
char *orphan_new(void) {
  struct big *g = malloc(sizeof *g * 2);
  return g ? (char *)g + 3 : NULL;
}

void leaks_orphan(void) {
  char *o = orphan_new();
  if (o)
    o[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'o' is leaked when 'o' goes out of scope [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'orphan_new'
