// RUN: %check_leak --fixes %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview

// Mechanical fix-its: make_shared of the aliased member, std::string(...)
// around a deduced view capture, shrink_to_fit() before the move.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

struct Header { int id; char tag[16]; };
struct Blob { Header hdr; char body[1 << 20]; };

std::vector<std::shared_ptr<const Header>> g_headers;
std::vector<std::vector<char>> g_chunks;
std::vector<std::function<void()>> g_callbacks;
std::string g_last;

void alias_member(std::shared_ptr<Blob> blob) {
  g_headers.push_back(std::shared_ptr<const Header>(blob, &blob->hdr));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_headers' [leak-retained-subview]
  // CHECK-FIXES: {{^}}  g_headers.push_back(std::make_shared<const Header>(blob->hdr));
}

void capture_view(std::shared_ptr<std::string> unused) {
  auto payload = std::make_shared<std::string>(1 << 20, 'x');
  g_callbacks.push_back([payload, hdr = std::string_view(*payload).substr(0, 8)] { (void)hdr; });
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: view 'hdr' keeps the whole 1048576-byte buffer 'payload' alive in global 'g_callbacks'
  // CHECK-FIXES: {{^}}  g_callbacks.push_back([payload, hdr = std::string(std::string_view(*payload).substr(0, 8))] { (void)hdr; });
}

void shrink_before_move(int fd) {
  std::vector<char> buf(1 << 20);
  long n = read(fd, buf.data(), buf.size());
  buf.resize(n);
  g_chunks.push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_chunks' after shrinking
  // CHECK-FIXES: {{^}}  buf.shrink_to_fit();
  // CHECK-FIXES-NEXT: {{^}}  g_chunks.push_back(std::move(buf));
}

void shrink_before_nested_assignment(bool keep) {
  std::string s(1 << 18, ' ');
  s.resize(3);
  if (keep) {
    g_last = std::move(s);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 's' keeps the capacity of its 262144-byte buffer alive in global 'g_last' after shrinking
    // CHECK-FIXES: {{^}}    s.shrink_to_fit();
    // CHECK-FIXES-NEXT: {{^}}    g_last = std::move(s);
  }
}

// Already fixed: no warning, untouched.
void already_fixed(std::shared_ptr<Blob> blob) {
  g_headers.push_back(std::make_shared<const Header>(blob->hdr));
  // CHECK-FIXES: {{^}}  g_headers.push_back(std::make_shared<const Header>(blob->hdr));
}
