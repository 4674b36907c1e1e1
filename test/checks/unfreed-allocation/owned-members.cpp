// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17 -isystem %inputs/unfreed-allocation
// Memory owned by an object: a member given fresh memory that no member
// function releases (and that is never handed out) leaks with every object.
#include <memory>
#include <stdlib.h>
#include <string.h>

void registry_keep(void *p);

class Buffer {
  char *data;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: memory allocated by 'new[]' is stored in member 'data' of 'Buffer' but no member function releases it; it leaks with every 'Buffer' object
public:
  explicit Buffer(int n) { data = new char[n]; }
  // CHECK-MESSAGES: :[[@LINE-1]]:35: note: memory allocated here by 'new[]' and stored in 'data'
  ~Buffer() {}
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the destructor does not release 'data'
  char at(int i) const { return data[i]; }
  bool empty() const { return !data; }
};

class Holder {
  int *p_;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: memory allocated by 'new' is stored in member 'p_' of 'Holder' but no member function releases it; it leaks with every 'Holder' object
public:
  Holder() : p_(new int(3)) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:17: note: memory allocated here by 'new' and stored in 'p_'
  int get() const { return *p_; }
};

class Name {
  char *text_ = nullptr;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: memory allocated by 'strdup' is stored in member 'text_' of 'Name' but no member function releases it; it leaks with every 'Name' object
public:
  void set(const char *s) {
    text_ = strdup(s);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: note: memory allocated here by 'strdup' and stored in 'text_'
  }
  int length() const { return text_ ? (int)strlen(text_) : 0; }
};

static char *copy_of(const char *s) {
  char *c = (char *)malloc(strlen(s) + 1);
  if (c)
    strcpy(c, s);
  return c;
}

struct Label {
  char *text;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: memory allocated by 'copy_of' is stored in member 'text' of 'Label' but no member function releases it; it leaks with every 'Label' object
  explicit Label(const char *s) : text(copy_of(s)) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:40: note: memory allocated here by 'copy_of' and stored in 'text'
  int first() const { return text[0]; }
};

// Clean near-misses.

class FreedInDestructor {
  char *d;
public:
  FreedInDestructor() { d = new char[8]; }
  ~FreedInDestructor() { delete[] d; }
};

class FreedByReleaseMethod {
  char *buf_;
  void clear() { free(buf_); buf_ = nullptr; }
public:
  FreedByReleaseMethod() : buf_((char *)malloc(16)) {}
  ~FreedByReleaseMethod() { clear(); }
};

class HandsOutByGetter {
  char *p_;
public:
  HandsOutByGetter() : p_(strdup("x")) {}
  char *take() { char *t = p_; p_ = nullptr; return t; }
};

class ReturnsMember {
  int *p_;
public:
  ReturnsMember() : p_(new int) {}
  int *get() { return p_; }
};

class MovesIntoSmartPointer {
  int *p_;
public:
  MovesIntoSmartPointer() : p_(new int(1)) {}
  std::unique_ptr<int> take() { return std::unique_ptr<int>(p_); }
};

class PassesToKeeper {
  char *p_;
public:
  PassesToKeeper() { p_ = (char *)malloc(4); registry_keep(p_); }
};

class SmartMember {
  std::unique_ptr<int> p_;
public:
  SmartMember() : p_(new int(2)) {}
};

class BorrowedFromCaller {
  char *p_;
public:
  explicit BorrowedFromCaller(char *p) : p_(p) {}
  char first() const { return *p_; }
};

struct PublicFreedOutside {
  char *text;
  PublicFreedOutside() : text(strdup("a")) {}
  int size() const { return (int)strlen(text); }
};

void destroy_outside(PublicFreedOutside *o) {
  free(o->text);
  delete o;
}

class AddressTaken {
  char *p_;
  static void release_slot(char **slot) { free(*slot); }
public:
  AddressTaken() : p_(strdup("y")) {}
  ~AddressTaken() { release_slot(&p_); }
};

template <class T> class Box {
  T *p_;
public:
  Box() : p_(new T()) {}
  T value() const { return *p_; }
};

int use_box() {
  Box<int> b;
  return b.value();
}
