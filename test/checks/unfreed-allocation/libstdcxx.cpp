// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++20
// The real standard library headers.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

struct Item {
  std::string name;
};

void no_leak_unique_ptr_real_headers() {
  std::unique_ptr<Item> p(new Item);
  p->name = "x";
}

void no_leak_vector_of_owned(std::vector<Item *> &v) {
  Item *i = new Item;
  v.push_back(i);
}

void leaks_std_malloc(std::size_t n) {
  char *buf = static_cast<char *>(std::malloc(n));
  if (!buf)
    return;
  std::memset(buf, 0, n);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'buf' is leaked when 'buf' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-6]]:35: note: memory allocated here by 'malloc'

void leaks_released_unique_ptr() {
  auto p = std::make_unique<Item>();
  Item *raw = p.release();
  raw->name = "y";
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'raw' is leaked when 'raw' goes out of scope; release it with 'delete' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:15: note: memory allocated here by 'release'

void no_leak_shared_ptr_real_headers() {
  auto s = std::shared_ptr<Item>(new Item);
  s->name = "z";
}
