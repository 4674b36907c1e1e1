// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Witness-path feasibility: a leak is reported only with a path the program
// can take. Each family has a clean function whose only leaking paths are
// impossible and a near miss that really leaks.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define use(p) puts(p)
void work(void);
void touch(int *flag);

enum { OPT_COPY = 4, OPT_TRACE = 8 };
enum { OK = 0, ERR = -1 };

/* A heap block is never the address of a local array. */
void no_leak_stack_or_heap(size_t n) {
  char stackbuf[64];
  char *buf = stackbuf;
  if (n > sizeof stackbuf)
    buf = malloc(n);
  if (!buf)
    return;
  use(buf);
  if (buf != stackbuf)
    free(buf);
}

void leaks_stack_or_heap_wrong_bound(size_t n) {
  char stackbuf[64];
  char *buf = stackbuf;
  if (n > sizeof stackbuf)
    buf = malloc(n);
  if (!buf)
    return;
  use(buf);
  if (buf != stackbuf && n > 1000)
    free(buf);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'buf' is leaked when 'buf' goes out of scope
// CHECK-MESSAGES: :[[@LINE-8]]:11: note: memory allocated here by 'malloc'

static char global_buf[32];

void no_leak_global_or_heap(size_t n) {
  char *buf = n > sizeof global_buf ? malloc(n) : global_buf;
  if (!buf)
    return;
  use(buf);
  if (buf != global_buf)
    free(buf);
}

/* A second live block is never the first. */
void no_leak_two_blocks(size_t n) {
  char *a = malloc(n);
  char *b = malloc(n);
  if (!a || !b) {
    free(a);
    free(b);
    return;
  }
  if (a == b)
    return;
  free(a);
  free(b);
}

/* Bit-mask tests. */
void no_leak_flag_mask(int flags) {
  char *p = NULL;
  if (flags & OPT_COPY)
    p = malloc(8);
  work();
  if (flags & OPT_COPY)
    free(p);
}

void leaks_flag_mask_other_bit(int flags) {
  char *p = NULL;
  if (flags & OPT_COPY)
    p = malloc(8);
  work();
  if (flags & OPT_TRACE)
    free(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-6]]:9: note: memory allocated here by 'malloc'

/* Ranges and their negations. */
void no_leak_range(unsigned n) {
  char *p = NULL;
  if (n > 16)
    p = malloc(n);
  work();
  if (!(n <= 16))
    free(p);
}

void leaks_range_gap(unsigned n) {
  char *p = NULL;
  if (n > 16)
    p = malloc(n);
  work();
  if (n > 32)
    free(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-6]]:9: note: memory allocated here by 'malloc'

/* switch cases, fallthrough and default. */
void no_leak_switch(int kind) {
  char *p = NULL;
  switch (kind) {
  case 1:
  case 2:
    p = malloc(4);
    break;
  default:
    break;
  }
  work();
  switch (kind) {
  case 1:
  case 2:
    free(p);
    break;
  default:
    break;
  }
}

void leaks_switch_missing_case(int kind) {
  char *p = NULL;
  switch (kind) {
  case 1:
  case 2:
    p = malloc(4);
    break;
  default:
    break;
  }
  work();
  switch (kind) {
  case 1:
    free(p);
    break;
  default:
    break;
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-15]]:9: note: memory allocated here by 'malloc'

void no_leak_switch_default(int kind) {
  char *p = NULL;
  switch (kind) {
  case 1:
    break;
  default:
    p = malloc(4);
  }
  work();
  if (kind != 1)
    free(p);
}

void leaks_switch_default(int kind) {
  char *p = NULL;
  switch (kind) {
  case 1:
    break;
  default:
    p = malloc(4);
  }
  work();
  if (kind == 2)
    free(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-7]]:9: note: memory allocated here by 'malloc'

/* !, &&, || */
void no_leak_and_or(int a, int b) {
  char *p = NULL;
  if (a && b)
    p = malloc(4);
  work();
  if (!a || !b)
    return;
  free(p);
}

void leaks_or_then_and(int a, int b) {
  char *p = NULL;
  if (a || b)
    p = malloc(4);
  work();
  if (!a)
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-5]]:9: note: memory allocated here by 'malloc'
  free(p);
}

/* Values derived from a pointer's null-ness. */
int no_leak_rc_from_pointer(size_t n) {
  char *p = malloc(n);
  int rc = p ? OK : ERR;
  if (rc != OK)
    return rc;
  use(p);
  free(p);
  return OK;
}

int leaks_rc_from_pointer(size_t n) {
  char *p = malloc(n);
  int rc = p ? OK : ERR;
  if (rc != OK)
    return rc;
  if (n > 100)
    return ERR;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'malloc'
  free(p);
  return OK;
}

int no_leak_ok_flag(size_t n) {
  char *p = malloc(n);
  int ok = p != NULL;
  if (!ok)
    return -1;
  use(p);
  free(p);
  return 0;
}

void no_leak_failed_out(size_t n, int *failed) {
  char *p = malloc(n);
  *failed = (p == NULL);
  if (*failed)
    return;
  use(p);
  free(p);
}

void leaks_failed_out_rewritten(size_t n, int *failed) {
  char *p = malloc(n);
  *failed = (p == NULL);
  touch(failed); /* may set it whatever p is */
  if (*failed)
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'malloc'
  use(p);
  free(p);
}

/* __builtin_expect, likely(), unlikely() */
void no_leak_likely(int c) {
  char *p = NULL;
  if (likely(c))
    p = malloc(4);
  work();
  if (unlikely(!c))
    return;
  free(p);
}

void leaks_likely_other_variable(int c, int d) {
  char *p = NULL;
  if (likely(c))
    p = malloc(4);
  work();
  if (unlikely(!d))
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-5]]:9: note: memory allocated here by 'malloc'
  free(p);
}

/* An escaped variable may change at any call: no correlation. */
void leaks_flag_escaped(int flag) {
  char *p = NULL;
  if (flag)
    p = malloc(4);
  touch(&flag);
  if (flag)
    free(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-6]]:9: note: memory allocated here by 'malloc'

void no_leak_flag_copied(int flag) {
  char *p = NULL;
  int keep = flag;
  if (keep)
    p = malloc(4);
  flag = 0;
  work();
  if (keep)
    free(p);
}

void leaks_flag_reassigned(int flag, int other) {
  char *p = NULL;
  if (flag)
    p = malloc(4);
  flag = other;
  if (flag)
    free(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope
// CHECK-MESSAGES: :[[@LINE-6]]:9: note: memory allocated here by 'malloc'

/* A pointer dereferenced earlier on the path is not null. */
struct stats {
  int count;
  char *last;
};
struct server {
  struct stats *stats;
};

int no_leak_after_dereference(struct server *srv) {
  char *buf = malloc(64);
  if (!buf)
    return -1;
  srv->stats->count++;
  struct stats *st = srv->stats;
  if (st == NULL)
    return -1;
  st->last = buf;
  return 0;
}

int leaks_dereference_after_test(struct server *srv) {
  char *buf = malloc(64);
  if (!buf)
    return -1;
  struct stats *st = srv->stats;
  if (st == NULL)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'buf' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-7]]:15: note: memory allocated here by 'malloc'
  st->count++;
  st->last = buf;
  return 0;
}

/* The first witness (the shortest path) is impossible, a longer one leaks:
   the finding stays, with the notes of the possible path. */
void leaks_on_the_longer_path(int a, int b) {
  char *p = NULL;
  if (a)
    p = malloc(4);
  if (!a)
    goto done;
  if (b)
    goto done;
  free(p);
  return;
done:
  return;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns
  // CHECK-MESSAGES: :[[@LINE-10]]:9: note: memory allocated here by 'malloc'
  // CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming the condition is false
  // CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming the condition is true
}
