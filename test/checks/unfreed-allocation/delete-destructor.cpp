// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17 -isystem %inputs/unfreed-allocation
// `delete` of an object whose class has a destructor hands what the object
// holds to that destructor; a block held by an object with a trivial
// destructor is lost with it.
#include <stdlib.h>

struct Owner {
  char *buf = nullptr;
  ~Owner() { delete[] buf; }
};

void no_leak_member_released_by_destructor(bool fill) {
  Owner *o = new Owner;
  if (fill)
    o->buf = new char[8];
  delete o;
}

struct Plain {
  char *buf;
};

void leaks_member_of_plain_struct() {
  Plain *o = new Plain;
  o->buf = new char[8];
  delete o;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'o->buf' is leaked when 'o' is released; release it with 'delete[]' first
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: memory allocated here by 'new[]'
}
