// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Calls whose result is one of their arguments: memcpy, memmove, memset,
// strcpy, strcat, ... return their destination (stpcpy and mempcpy a
// pointer into it), and a project function that returns a parameter does
// the same for its callers (its summary says which one). The result
// aliases that argument: returning or storing it hands the block off,
// dropping it loses the block as much as dropping the argument would.
#include <stdlib.h>
#include <string.h>

// The classic strdup: the block leaves through memcpy's result.
char *dup_bytes(const char *s, size_t len) {
  char *m = malloc(len + 1);
  if (m == NULL)
    return NULL;
  m[len] = '\0';
  return memcpy(m, s, len);
}

// The same through the fortified builtin a _FORTIFY_SOURCE build expands to.
char *dup_bytes_chk(const char *s, size_t len) {
  char *m = malloc(len);
  if (m == NULL)
    return NULL;
  return __builtin___memcpy_chk(m, s, len, __builtin_object_size(m, 0));
}

// The result of the allocator is memcpy's destination; the copy is stored
// into memory the caller owns.
struct holder {
  void *ctx;
};
void store_copy(struct holder *h, const int *x) {
  h->ctx = memcpy(malloc(sizeof *x), x, sizeof *x);
}

// strcpy, strcat, memset, memmove return their destination too.
char *join(const char *a, const char *b) {
  char *r = malloc(strlen(a) + strlen(b) + 1);
  if (!r)
    return NULL;
  strcpy(r, a);
  return strcat(r, b);
}

void *zeroed(size_t n) {
  void *p = malloc(n);
  if (!p)
    return NULL;
  return memset(p, 0, n);
}

char *moved(const char *s, size_t n) {
  char *p = malloc(n);
  if (!p)
    return NULL;
  return memmove(p, s, n);
}

// Kept through the alias, freed through the alias.
void freed_through_result(const char *s) {
  char *p = malloc(16);
  char *q = strncpy(p, s, 15);
  free(q);
}

// A project function that returns its first parameter: its callers see the
// same aliasing through its summary.
static char *fill(char *dst, const char *src) {
  strcpy(dst, src);
  return dst;
}

char *dup_via_fill(const char *s) {
  return fill(malloc(strlen(s) + 1), s);
}

// mempcpy and stpcpy return a pointer into the destination: still the
// same block, and freeing the start through the other name releases it.
void interior_result(const char *s) {
  char *p = malloc(32);
  if (!p)
    return;
  char *end = stpcpy(p, s);
  *end = '\0';
  free(p);
}

// Leaks: the result is dropped, so the block is lost with the argument.
void result_dropped(const char *s, size_t n) {
  char *m = malloc(n);
  memcpy(m, s, n);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'm' is leaked when 'm' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'

// The alias dies with the block unreleased.
size_t alias_dies(const char *s) {
  char *q = strcpy(malloc(strlen(s) + 1), s);
  return strlen(q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'q' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: memory allocated here by 'malloc'
}

// A project function that returns its parameter does not make the block
// fresh again: dropping its result still leaks.
size_t fill_dropped(const char *s) {
  char *q = fill(malloc(strlen(s) + 1), s);
  return strlen(q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'q' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: memory allocated here by 'malloc'
}

// A function that returns something other than its argument: the block
// given to it is not returned.
static char *other(char *dst) {
  (void)dst;
  static char buf[4];
  return buf;
}
char *not_the_argument(void) {
  char *p = malloc(4);
  return other(p);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
