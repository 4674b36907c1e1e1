// RUN: %check_leak --plugin-only %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview

// No finding is invented from error recovery.
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

void unknown_size_function() {
  auto payload = std::make_shared<std::string>(undeclared_size(), ' ');
  // CHECK-MESSAGES: :[[@LINE-1]]:48: error: use of undeclared identifier 'undeclared_size' [clang-diagnostic-error]
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
}

void broken_store() {
  std::vector<char> buf(1 << 20);
  buf.resize(1);
  g_chunks.push_back(std::move(buf), missing);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: error: use of undeclared identifier 'missing' [clang-diagnostic-error]
}
