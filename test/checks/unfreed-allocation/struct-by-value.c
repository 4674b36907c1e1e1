// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// A struct passed by value hands the callee copies of its pointers: what
// the callee does with them (releases, keeps, returns, ignores) is what it
// does with the caller's memory, as through a pointer to the struct.
#include <stdlib.h>

struct buf {
  char *data;
  int len;
};
struct msg {
  int kind;
  struct buf body;
};

char *kept;

static void ignore_buf(struct buf b) { char *d = b.data; (void)d; }
static void free_buf(struct buf b) { free(b.data); }
static void keep_buf(struct buf b) { kept = b.data; }
static char *take_data(struct buf b) { return b.data; }
static void free_msg(struct msg m) { free(m.body.data); }
static void ignore_msg(struct msg m) { (void)m.kind; }
static int length(struct buf b) { return b.data ? b.len : 0; }

void leak_ignored(int n) {
  struct buf b;
  b.data = malloc(n);
  b.len = n;
  ignore_buf(b);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'b.data' is leaked when 'b' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-5]]:12: note: memory allocated here by 'malloc'

void no_leak_freed(int n) {
  struct buf b = {malloc(n), n};
  free_buf(b);
}

void no_leak_kept(int n) {
  struct buf b = {malloc(n), n};
  keep_buf(b);
}

void no_leak_returned_and_freed(int n) {
  struct buf b = {malloc(n), n};
  char *d = take_data(b);
  free(d);
}

int leak_only_measured(int n) {
  struct buf b = {malloc(n), n};
  return length(b);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'b.data' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:19: note: memory allocated here by 'malloc'

void no_leak_nested_freed(int n) {
  struct msg m;
  m.kind = 1;
  m.body.data = malloc(n);
  free_msg(m);
}

void leak_nested_ignored(int n) {
  struct msg m;
  m.kind = 1;
  m.body.data = malloc(n);
  ignore_msg(m);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'm.body.data' is leaked when 'm' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:17: note: memory allocated here by 'malloc'
