// RUN: %check_leak %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview
// Form 3 (kept capacity) is ordered by paths, not by source position.
#include <utility>
#include <vector>

std::vector<std::vector<char>> g_chunks;

// A reset on one branch only leaves the other path from the shrink to the
// store.
void reset_on_one_branch_only(bool tidy) {
  std::vector<char> buf(1 << 20);
  buf.resize(16);
  if (tidy)
    buf.shrink_to_fit();
  g_chunks.push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_chunks' after shrinking [leak-retained-subview]
  // CHECK-MESSAGES: :[[@LINE-6]]:25: note: 'buf' reaches 1048576 bytes here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'buf' is shrunk here
}

// A shrink written after the store, reaching it through the loop: the
// next round stores the shrunk buffer.
void shrink_written_after_the_store(int rounds) {
  std::vector<char> buf(1 << 20);
  std::vector<char> keep;
  for (int i = 0; i < rounds; ++i) {
    if (i > 0)
      g_chunks.push_back(std::move(buf));
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_chunks' after shrinking [leak-retained-subview]
    buf.resize(1 << 20);
    buf.resize(8);
  }
}

// ---- fine -----------------------------------------------------------------

// Reset on every branch.
void reset_on_every_branch(bool tidy) {
  std::vector<char> buf(1 << 20);
  buf.resize(16);
  if (tidy)
    buf.shrink_to_fit();
  else
    std::vector<char>(buf.begin(), buf.end()).swap(buf);
  g_chunks.push_back(std::move(buf));
}

// The shrink comes after the only store, and nothing loops back.
void shrink_after_the_store(int fd) {
  std::vector<char> buf(1 << 20);
  g_chunks.push_back(std::move(buf));
  buf.resize(16);
}
