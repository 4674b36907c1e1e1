// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17 -fexceptions -fcxx-exceptions -isystem %inputs/unfreed-allocation
// A call that may throw between an allocation and the point where an owner
// takes the memory (a smart pointer, a container, a member, the caller)
// loses it on the exception path. A call may throw when its body visibly
// throws; a `try` around the call, a `noexcept` callee, or a function that
// is itself `noexcept` makes it safe.
#include <memory>
#include <string.h>

struct ParseError {};

static int parse(const char *s) {
  if (!s || !*s)
    throw ParseError();
  return (int)strlen(s);
}

static int checked_parse(const char *s) { return parse(s) + 1; }

static int quiet_parse(const char *s) noexcept { return s ? 1 : 0; }

static int length(const char *s) { return s ? (int)strlen(s) : 0; }

int leaks_if_parse_throws(const char *s) {
  char *buf = new char[16];
  int n = parse(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: memory pointed to by 'buf' is leaked if 'parse' throws an exception
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: memory allocated here by 'new[]'
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: hold the memory in a 'std::unique_ptr' until its owner takes it
  delete[] buf;
  return n;
}

int leaks_if_callee_of_callee_throws(const char *s) {
  int *counts = new int[4];
  counts[0] = checked_parse(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: memory pointed to by 'counts' is leaked if 'checked_parse' throws an exception
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: memory allocated here by 'new[]'
  // CHECK-MESSAGES: :[[@LINE-3]]:15: note: hold the memory in a 'std::unique_ptr' until its owner takes it
  int r = counts[0];
  delete[] counts;
  return r;
}

int no_leak_when_callee_cannot_throw(const char *s) {
  char *buf = new char[16];
  int n = length(s) + quiet_parse(s);
  delete[] buf;
  return n;
}

int no_leak_when_held_by_unique_ptr(const char *s) {
  std::unique_ptr<char[]> buf(new char[16]);
  return parse(s);
}

int no_leak_when_call_is_inside_try(const char *s) {
  char *buf = new char[16];
  int n = 0;
  try {
    n = parse(s);
  } catch (...) {
    delete[] buf;
    throw;
  }
  delete[] buf;
  return n;
}

int no_leak_in_noexcept_function(const char *s) noexcept {
  char *buf = new char[16];
  int n = 0;
  if (s && *s)
    n = parse(s);
  delete[] buf;
  return n;
}

struct Node {
  char *name;
};

// The throwing call comes after the memory is handed on.
Node *no_leak_after_handoff(const char *s) {
  Node *n = new Node;
  n->name = nullptr;
  std::unique_ptr<Node> owner(n);
  parse(s);
  return owner.release();
}

// Allocation after the call that may throw: nothing is held yet.
char *no_leak_allocated_after_throwing_call(const char *s) {
  int n = parse(s);
  char *buf = new char[n + 1];
  return buf;
}
