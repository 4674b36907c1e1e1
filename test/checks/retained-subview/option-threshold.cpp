// RUN: %check_leak %s leak-retained-subview %t -config="{CheckOptions: {leak-retained-subview.LargeBufferBytes: 1024}}" -- -std=c++17 -isystem %inputs/retained-subview

// LargeBufferBytes lowered to 1 KiB: buffers of 1024 bytes and more count as
// large, 1023 bytes do not.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct Entry {
  std::shared_ptr<std::string> owner;
  std::string_view header;
};
std::vector<Entry> g_entries;
std::vector<std::vector<char>> g_chunks;
std::shared_ptr<const char> g_tail;

void alias_at_threshold() {
  auto buf = std::make_shared<std::vector<char>>(1024);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole 1024-byte buffer 'buf' alive in global 'g_tail' [leak-retained-subview]
}

void alias_below_threshold() {
  auto buf = std::make_shared<std::vector<char>>(1023);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 1);
}

void view_at_threshold() {
  auto payload = std::make_shared<std::string>(512 * 2, ' ');
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: view 'header' keeps the whole 1024-byte buffer 'payload' alive in global 'g_entries'
}

void view_below_threshold() {
  auto payload = std::make_shared<std::string>(1023, ' ');
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
}

void capacity_at_threshold() {
  std::vector<int> ids(256);
  ids.resize(1);
  static std::vector<int> kept;
  kept = std::move(ids);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'ids' keeps the capacity of its 1024-byte buffer alive in static 'kept' after shrinking
}

void capacity_below_threshold() {
  std::vector<char> buf(1023);
  buf.clear();
  g_chunks.push_back(std::move(buf));
}

void small_under_default_but_large_here() {
  std::vector<char> buf(4096);
  buf.resize(1);
  g_chunks.push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'buf' keeps the capacity of its 4096-byte buffer alive in global 'g_chunks' after shrinking
}
