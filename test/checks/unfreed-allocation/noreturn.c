// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Paths that end in a call that does not return do not leak: the process
// ends there. A call is taken as not returning when its callee is declared
// `noreturn` (or `_Noreturn`), `analyzer_noreturn` (which Clang's CFG does
// not cut), or is a function of this file every path of which ends in such
// a call. The call may sit anywhere in a block, behind a macro, after the
// failed realloc whose null result it tests, or in a loop.
#include <stdio.h>
#include <stdlib.h>

void fatal(const char *msg) __attribute__((analyzer_noreturn));
void die(const char *msg) __attribute__((noreturn));

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define check(x)                                                               \
  do {                                                                         \
    if (unlikely(!(x))) {                                                      \
      fprintf(stderr, "check failed: %s\n", #x);                               \
      fatal(#x);                                                               \
    }                                                                          \
  } while (0)
#define force(x)                                                               \
  do {                                                                         \
    if (!(x))                                                                  \
      die(#x);                                                                 \
  } while (0)

// A project function that never returns, without an attribute.
static void oom(void) {
  fputs("out of memory\n", stderr);
  exit(1);
}
static void oom_twice_removed(const char *why) {
  fputs(why, stderr);
  oom();
}

struct buffer {
  char *ptr;
  size_t size;
};

// realloc failure, then an assertion macro whose failure calls an
// analyzer_noreturn function.
void grow_checked(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  check(b->ptr);
  b->size = n;
}

// The same with a noreturn function behind a plain if.
char *grow_forced(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  force(NULL != b->ptr);
  b->size = n;
  return b->ptr;
}

// The same with a project function that always exits.
void grow_or_exit(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  if (b->ptr == NULL)
    oom_twice_removed("grow");
  b->size = n;
}

// The check need not come right after the realloc.
void grow_checked_later(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  b->size = n;
  check(b->ptr != NULL);
}

// realloc in a loop: the old block moves to the new one each time.
void grow_in_loop(size_t rounds) {
  size_t cap = 16;
  unsigned char *buf = malloc(cap);
  check(buf);
  for (size_t i = 0; i < rounds; i++) {
    if (i >= cap) {
      cap = i + 256;
      buf = realloc(buf, cap);
      check(buf);
    }
    buf[i] = 0;
  }
  free(buf);
}

// An owned block on a path that ends in an analyzer_noreturn call.
int fail_after_alloc(int bad) {
  char *p = malloc(8);
  if (!p)
    return -1;
  if (bad) {
    fatal("bad");
    return -1;
  }
  free(p);
  return 0;
}

// The same through a project function that always exits.
int fail_after_alloc_exit(int bad) {
  char *p = malloc(8);
  if (!p)
    return -1;
  if (bad) {
    oom();
    return -1;
  }
  free(p);
  return 0;
}

// Leaks: the failure path returns, the check does not test the reallocated
// pointer, or the function on the path may return.
void grow_then_return(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'b->ptr' is leaked if 'realloc' fails: 'b->ptr' is overwritten with null
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: assign the result of 'realloc' to a temporary pointer and keep 'b->ptr' until the call succeeds
  if (b->ptr == NULL)
    return;
  b->size = n;
}

void grow_checks_other(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'b->ptr' is leaked if 'realloc' fails: 'b->ptr' is overwritten with null
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: assign the result of 'realloc' to a temporary pointer and keep 'b->ptr' until the call succeeds
  check(n > 0);
  b->size = n;
}

static void warn_only(const char *msg) {
  fputs(msg, stderr);
  if (msg[0] == '!')
    exit(1);
}

void grow_warns(struct buffer *b, size_t n) {
  b->ptr = realloc(b->ptr, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'b->ptr' is leaked if 'realloc' fails: 'b->ptr' is overwritten with null
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: assign the result of 'realloc' to a temporary pointer and keep 'b->ptr' until the call succeeds
  if (!b->ptr)
    warn_only("realloc");
  b->size = n;
}

int leaks_when_check_passes(int bad) {
  char *p = malloc(8);
  if (!p)
    return -1;
  check(bad == 0);
  return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'malloc'
}

int leaks_after_warn_only(int bad) {
  char *p = malloc(8);
  if (!p)
    return -1;
  if (bad)
    warn_only("bad");
  return 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'malloc'
}

// realloc in a loop whose failure returns: only the failure loses the old
// block (never an "overwritten" block: success moved it).
void grow_in_loop_returns(size_t rounds) {
  size_t cap = 16;
  unsigned char *buf = malloc(cap);
  if (!buf)
    return;
  for (size_t i = 0; i < rounds; i++) {
    if (i >= cap) {
      cap = i + 256;
      buf = realloc(buf, cap);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: memory pointed to by 'buf' is leaked if 'realloc' fails: 'buf' is overwritten with null
      // CHECK-MESSAGES: :[[@LINE-2]]:13: note: assign the result of 'realloc' to a temporary pointer and keep 'buf' until the call succeeds
      if (!buf)
        return;
    }
    buf[i] = 0;
  }
  free(buf);
}
