// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17 -isystem %inputs/unfreed-allocation
#include <memory>
#include <new>
#include <stdlib.h>
#include <string.h>
#include <vector>

struct Widget {
  int v = 0;
  void poke() { ++v; }
};

void leaks_new_on_early_return(bool fail) {
  Widget *w = new Widget;
  if (fail)
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'w' is leaked when the function returns; release it with 'delete' first
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: memory allocated here by 'new'
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: assuming the condition is true
  delete w;
}

void no_leak_new_deleted() {
  Widget *w = new Widget;
  w->poke();
  delete w;
}

void leaks_new_array(int n) {
  int *a = new int[n];
  a[0] = 1;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'a' is leaked when 'a' goes out of scope; release it with 'delete[]' first
// CHECK-MESSAGES: :[[@LINE-4]]:12: note: memory allocated here by 'new[]'

void no_leak_new_array_deleted(int n) {
  int *a = new int[n];
  delete[] a;
}

class Holder {
public:
  Holder() : buf_(new char[64]) {}
  explicit Holder(int n) { data_ = new int[n]; }
  ~Holder() {
    delete[] buf_;
    delete[] data_;
  }

private:
  char *buf_ = nullptr;
  int *data_ = nullptr;
};

void no_leak_unique_ptr_takes_ownership() {
  Widget *w = new Widget;
  std::unique_ptr<Widget> p(w);
  p->poke();
}

void no_leak_unique_ptr_with_free_deleter(const char *s) {
  std::unique_ptr<char, decltype(&free)> p(strdup(s), &free);
}

void no_leak_shared_ptr() {
  std::shared_ptr<Widget> p(new Widget);
}

void no_leak_reset() {
  std::unique_ptr<Widget> p;
  p.reset(new Widget);
}

void leaks_after_release() {
  std::unique_ptr<Widget> p(new Widget);
  Widget *raw = p.release();
  raw->poke();
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'raw' is leaked when 'raw' goes out of scope; release it with 'delete' first
// CHECK-MESSAGES: :[[@LINE-4]]:17: note: memory allocated here by 'release'

void no_leak_release_then_delete() {
  std::unique_ptr<Widget> p(new Widget);
  Widget *raw = p.release();
  delete raw;
}

void no_leak_make_unique() {
  auto p = std::make_unique<Widget>();
  p->poke();
}

void no_leak_stored_in_container(std::vector<Widget *> &v) {
  v.push_back(new Widget);
}

Widget *no_leak_factory() { return new Widget; }

void leaks_factory_result() {
  Widget *w = no_leak_factory();
  w->poke();
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'w' is leaked when 'w' goes out of scope; release it with 'delete' first
// CHECK-MESSAGES: :[[@LINE-4]]:15: note: memory allocated here by 'no_leak_factory'

void no_leak_nothrow_new_checked() {
  Widget *w = new (std::nothrow) Widget;
  if (!w)
    return;
  delete w;
}

struct Node {
  Node *next = nullptr;
  void attach(Node *n) { next = n; }
};

void no_leak_stored_by_method(Node &head) {
  Node *n = new Node;
  head.attach(n);
}

void no_leak_lambda_capture() {
  char *p = static_cast<char *>(malloc(3));
  auto f = [p] { free(p); };
  f();
}
