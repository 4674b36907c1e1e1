// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Witness feasibility follows addresses: the address of a field or element
// of a fresh block (`&blk->first`, `&blk->items[0]`, a union member) is the
// block plus an offset, and a copy of it is the same value, so a test of the
// copy against a local array is decided like a test of the block itself.
// (A copy the search forgot around a loop is not: see the limits in the
// docs.)
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void work(void);

struct header {
  long len;
  char data[32];
};

/* The first field's address is the block: freed unless it is the local. */
void no_leak_first_field_copy(int big) {
  long local = 0;
  long *slot = &local;
  if (big) {
    struct header *h = malloc(sizeof *h);
    if (!h)
      return;
    slot = &h->len;
  }
  work();
  long *copy = slot;
  if (copy != &local)
    free(copy);
}

void leaks_first_field_copy_reversed(int big) {
  long local = 0;
  long *slot = &local;
  if (big) {
    struct header *h = malloc(sizeof *h);
    if (!h)
      return;
    slot = &h->len;
  }
  work();
  long *copy = slot;
  if (copy == &local)
    free(copy);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'slot' is leaked when 'slot' goes out of scope
// CHECK-MESSAGES: :[[@LINE-11]]:24: note: memory allocated here by 'malloc'

/* An element's address: `&blk[0]` is the block, `&blk[i]` an offset. */
void no_leak_element_address(size_t n) {
  char stackbuf[64];
  char *buf = stackbuf;
  if (n > sizeof stackbuf) {
    char *heap = malloc(n);
    if (!heap)
      return;
    buf = &heap[0];
  }
  work();
  if (&buf[0] != stackbuf)
    free(buf);
}
