// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct record {
  char *name;
  int id;
};

struct record *no_leak_memcpy_into_struct(const char *n) {
  struct record tmp;
  tmp.name = strdup(n);
  tmp.id = 1;
  struct record *r = malloc(sizeof *r);
  if (!r) {
    free(tmp.name);
    return NULL;
  }
  memcpy(r, &tmp, sizeof tmp);
  return r;
}

void no_leak_strcpy_into_owned_buffer(struct record *out, const char *n) {
  char *copy = malloc(strlen(n) + 1);
  if (!copy)
    return;
  strcpy(copy, n);
  out->name = copy;
}

union slot {
  char *ptr;
  uintptr_t bits;
};

union slot no_leak_union_member(void) {
  union slot s;
  s.ptr = malloc(8);
  return s;
}

struct packet {
  int len;
  char data[];
};

void no_leak_flexible_array_member(int n) {
  struct packet *p = malloc(sizeof *p + n);
  if (!p)
    return;
  p->len = n;
  memset(p->data, 0, n);
  free(p);
}

void no_leak_uintptr_round_trip(void) {
  char *p = malloc(8);
  uintptr_t v = (uintptr_t)p;
  char *q = (char *)v;
  free(q);
}

void no_leak_pointer_arithmetic_undone(void) {
  char *p = malloc(16);
  if (!p)
    return;
  p += 4;
  *p = 'x';
  p -= 4;
  free(p);
}

void no_leak_interior_pointer_freed_from_base(void) {
  char *base = malloc(16);
  char *cursor = base + 8;
  *cursor = 0;
  free(cursor - 8);
}

static char *kept_forever;
void no_leak_kept_in_global_on_purpose(void) {
  kept_forever = malloc(128);
}

static struct record *registry[16];
void no_leak_stored_in_global_array(int i) {
  struct record *r = malloc(sizeof *r);
  registry[i] = r;
}

void no_leak_out_parameter(char **out) {
  *out = malloc(4);
}

void no_leak_stored_in_field_of_parameter(struct record *r) {
  r->name = malloc(4);
}

void leaks_despite_strlen(const char *s) {
  char *p = strdup(s);
  if (strlen(p) > 3)
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
  free(p);
}
