// RUN: %check_leak %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview

// Form 3: a container that grew large, then shrank, moved into long-lived
// storage with its large capacity.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

std::vector<std::vector<char>> g_chunks;
std::vector<std::string> g_lines;
std::vector<char> g_current;
std::string g_banner;
std::map<int, std::vector<char>> g_by_fd;
std::map<int, std::string> g_names;

// ---- retaining ------------------------------------------------------------

void read_then_trim(int fd) {
  std::vector<char> buf(1 << 20);
  long n = read(fd, buf.data(), buf.size());
  buf.resize(n);
  g_chunks.push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_chunks' after shrinking [leak-retained-subview]
  // CHECK-MESSAGES: :[[@LINE-5]]:25: note: 'buf' reaches 1048576 bytes here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'buf' is shrunk here
}

void reserve_then_clear() {
  std::string s;
  s.reserve(256 * 1024);
  s.clear();
  s += "x";
  g_lines.push_back(std::move(s));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 's' keeps the capacity of its 262144-byte buffer alive in global 'g_lines' after shrinking
}

void whole_file_then_erase(const char *path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.erase(text.find('\n'));
  g_banner = std::move(text);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'text' keeps the capacity of its unbounded-size buffer alive in global 'g_banner' after shrinking
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'text' is filled from a whole-stream read here
}

void accumulate_then_pop(int fd) {
  std::vector<char> buf;
  char c;
  while (read(fd, &c, 1) == 1)
    buf.push_back(c);
  while (!buf.empty() && buf.back() == '\n')
    buf.pop_back();
  g_current = std::move(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'buf' keeps the capacity of its unbounded-size buffer alive in global 'g_current' after shrinking
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'buf' is filled from a read loop until end of input here
}

void erase_to_end_after_filter() {
  std::vector<char> buf(100000, 'a');
  buf.erase(std::remove(buf.begin(), buf.end(), 'a'), buf.end());
  g_by_fd[3] = std::move(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'buf' keeps the capacity of its 100000-byte buffer alive in global 'g_by_fd' after shrinking
}

void stat_sized_then_truncated(const char *path) {
  struct stat st;
  stat(path, &st);
  std::string data(st.st_size, '\0');
  data.resize(16);
  g_names.emplace(1, std::move(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'data' keeps the capacity of its unbounded-size buffer alive in global 'g_names' after shrinking
}

void just_above_threshold() {
  std::vector<char> buf(65536);
  buf.clear();
  g_chunks.push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'buf' keeps the capacity of its 65536-byte buffer alive in global 'g_chunks' after shrinking
}

void element_size_counts() {
  std::vector<int> ids(20000);
  ids.resize(3);
  std::vector<char> bytes(ids.size());
  static std::vector<int> kept;
  kept = std::move(ids);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'ids' keeps the capacity of its 80000-byte buffer alive in static 'kept' after shrinking
}

void swapped_into_global() {
  std::vector<char> buf(1 << 20);
  buf.resize(10);
  g_current.swap(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_current' after shrinking
}

std::vector<char> read_packet(int fd) {
  std::vector<char> buf(64 * 1024 * 4);
  long n = read(fd, buf.data(), buf.size());
  buf.resize(n > 0 ? n : 0);
  return buf;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'buf' keeps the capacity of its 262144-byte buffer alive in global 'g_chunks' by 'keep_packet' after shrinking
}
void keep_packet(int fd) { g_chunks.push_back(read_packet(fd)); }

class Session {
public:
  void on_data(int fd) {
    std::string in;
    in.resize(1 << 17);
    long n = read(fd, in.data(), in.size());
    in.resize(n);
    last_ = std::move(in);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'in' keeps the capacity of its 131072-byte buffer alive in member 'last_' of long-lived 'Session' after shrinking
  }

private:
  std::string last_;
};
std::vector<std::unique_ptr<Session>> g_sessions;

void stream_slurp_then_substr_erase(const char *path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  all.erase(0, 1);
  all.erase(80, std::string::npos);
  g_lines.push_back(std::move(all));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'all' keeps the capacity of its unbounded-size buffer alive in global 'g_lines' after shrinking
}

void length_field_from_input(int fd) {
  unsigned len = 0;
  read(fd, &len, sizeof len);
  std::vector<char> body(len);
  read(fd, body.data(), len);
  body.resize(8);
  g_chunks.push_back(std::move(body));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'body' keeps the capacity of its unbounded-size buffer alive in global 'g_chunks' after shrinking
}

void grown_in_counted_loop() {
  std::vector<char> buf;
  for (int i = 0; i < 70000; ++i)
    buf.push_back('x');
  buf.clear();
  g_current = std::move(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'buf' keeps the capacity of its 70000-byte buffer alive in global 'g_current' after shrinking
}

void stored_through_a_reference() {
  std::vector<char> buf(1 << 20);
  buf.resize(1);
  std::vector<char> &slot = g_by_fd[7];
  slot = std::move(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_by_fd' after shrinking
}

void keep_into(std::vector<std::vector<char>> *out, int fd) {
  std::vector<char> buf(1 << 20);
  buf.resize(read(fd, buf.data(), buf.size()));
  out->push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_chunks' (through 'out') after shrinking
}
void keep_into_global(int fd) { keep_into(&g_chunks, fd); }

// ---- fine -----------------------------------------------------------------

void shrink_to_fit_before_storing(int fd) {
  std::vector<char> buf(1 << 20);
  long n = read(fd, buf.data(), buf.size());
  buf.resize(n);
  buf.shrink_to_fit();
  g_chunks.push_back(std::move(buf));
}

void swap_idiom_before_storing() {
  std::vector<char> buf(1 << 20);
  buf.resize(10);
  std::vector<char>(buf.begin(), buf.end()).swap(buf);
  g_chunks.push_back(std::move(buf));
}

void tight_copy_instead_of_move() {
  std::vector<char> buf(1 << 20);
  buf.resize(10);
  g_chunks.push_back(std::vector<char>(buf.begin(), buf.end()));
}

void plain_copy_is_tight() {
  std::string s;
  s.reserve(1 << 20);
  s.clear();
  g_lines.push_back(s);
}

void just_below_threshold() {
  std::vector<char> buf(65535);
  buf.clear();
  g_chunks.push_back(std::move(buf));
}

void large_but_not_shrunk() {
  std::vector<char> buf(1 << 20);
  g_chunks.push_back(std::move(buf));
}

void shrunk_but_kept_local() {
  std::vector<char> buf(1 << 20);
  buf.resize(10);
  std::vector<std::vector<char>> local;
  local.push_back(std::move(buf));
}

void small_prefix_erased() {
  std::vector<char> buf(1 << 20);
  buf.erase(buf.begin(), buf.begin() + 4);
  g_chunks.push_back(std::move(buf));
}

void regrown_after_shrinking() {
  std::string s(1 << 20, ' ');
  s.clear();
  s = std::string(16, 'x');
  g_lines.push_back(std::move(s));
}

void unknown_size(unsigned long n) {
  std::vector<char> buf(n);
  buf.resize(1);
  g_chunks.push_back(std::move(buf));
}

void bounded_by_check(int fd) {
  unsigned len = 0;
  read(fd, &len, sizeof len);
  if (len > 512)
    return;
  std::vector<char> body(len);
  body.resize(8);
  g_chunks.push_back(std::move(body));
}

void small_counted_loop() {
  std::vector<char> buf;
  for (int i = 0; i < 100; ++i)
    buf.push_back('x');
  buf.clear();
  g_current = std::move(buf);
}

std::vector<char> read_scratch(int fd) {
  std::vector<char> buf(1 << 20);
  long n = read(fd, buf.data(), buf.size());
  buf.resize(n > 0 ? n : 0);
  return buf;
}
long scratch_size(int fd) { return (long)read_scratch(fd).size(); }

class PerCall {
public:
  void on_data(int fd) {
    std::string in(1 << 17, '\0');
    in.resize(10);
    last_ = std::move(in);
  }

private:
  std::string last_;
};

void stored_before_shrinking() {
  std::vector<char> buf(1 << 20);
  g_chunks.push_back(std::move(buf));
  buf.clear();
}

void keep_into_scratch(std::vector<std::vector<char>> *out, int fd) {
  std::vector<char> buf(1 << 20);
  buf.resize(read(fd, buf.data(), buf.size()));
  out->push_back(std::move(buf));
}
unsigned long count_scratch(int fd) {
  std::vector<std::vector<char>> scratch;
  keep_into_scratch(&scratch, fd);
  return scratch.size();
}
