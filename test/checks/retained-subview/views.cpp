// RUN: %check_leak %s leak-retained-subview %t -- -std=c++20 -isystem %inputs/retained-subview

// Form 2: a view into a large buffer stored for long while its owner is kept.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <vector>

struct Entry {
  std::shared_ptr<std::string> owner;
  std::string_view header;
};
struct Slice {
  std::shared_ptr<std::string> owner;
  const char *data;
  unsigned long size;
};
struct Range {
  std::shared_ptr<std::vector<char>> owner;
  const char *first;
  const char *last;
};
struct Words {
  std::shared_ptr<std::vector<unsigned>> owner;
  std::span<const unsigned> head;
};
struct Copied {
  std::shared_ptr<std::string> owner;
  std::string header;
};

std::vector<Entry> g_entries;
std::vector<Slice> g_slices;
std::vector<Range> g_ranges;
std::vector<Words> g_words;
std::vector<Copied> g_copied;
std::vector<std::string_view> g_views;
std::vector<std::string> g_strings;
std::vector<std::shared_ptr<std::string>> g_owners;
std::vector<std::function<void()>> g_callbacks;
std::map<std::string, Entry> g_by_name;
std::string g_log;
char g_static_buf[1 << 20];
std::vector<const char *> g_pointers;

std::string load_file(const char *path) {
  std::ifstream in(path);
  if (!in)
    return {};
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ---- retaining ------------------------------------------------------------

void view_next_to_owner_in_aggregate(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 16)});
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_entries' [leak-retained-subview]
  // CHECK-MESSAGES: :[[@LINE-2]]:29: note: the whole buffer is kept alive here
  // CHECK-MESSAGES: :[[@LINE-3]]:38: note: store a copy of the piece (e.g. 'std::string(...)') instead of keeping 'payload' alive
}

void view_next_to_owner_in_local_record(const char *path) {
  auto payload = std::make_shared<std::string>(1 << 20, ' ');
  Entry e;
  e.owner = payload;
  e.header = std::string_view(*payload).substr(4, 12);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: view 'header' keeps the whole 1048576-byte buffer 'payload' alive in global 'g_entries' (through 'e')
  // CHECK-MESSAGES: :[[@LINE+3]]:23: note: stored in global 'g_entries' (through 'e') here
  // CHECK-MESSAGES: :[[@LINE-6]]:48: note: 'payload' reaches 1048576 bytes here
  // CHECK-MESSAGES: :[[@LINE-5]]:13: note: the whole buffer is kept alive here
  g_entries.push_back(std::move(e));
}

void view_and_owner_captured_by_stored_callback(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  std::string_view first_line = std::string_view(*payload).substr(0, payload->find('\n'));
  g_callbacks.push_back([payload, first_line] { printf("%s\n", first_line.data()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: view 'first_line' keeps the whole unbounded-size buffer 'payload' alive in global 'g_callbacks'
}

void owner_and_view_stored_separately(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_owners.push_back(payload);
  g_views.push_back(std::string_view(*payload).substr(0, 8));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: view keeps the whole unbounded-size buffer 'payload' alive in global 'g_views'
  // CHECK-MESSAGES: :[[@LINE-3]]:22: note: the whole buffer is kept alive here
}

void view_into_global_owner(const char *path) {
  g_log = load_file(path);
  g_views.push_back(std::string_view(g_log).substr(0, 32));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: view keeps the whole unbounded-size buffer 'g_log' alive in global 'g_views'
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the whole buffer is kept alive here
}

void pointer_and_length_pair(const char *path, unsigned long off) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_slices.push_back(Slice{payload, payload->data() + off, 16});
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: view 'data' keeps the whole unbounded-size buffer 'payload' alive in global 'g_slices'
}

void iterator_pair(unsigned long a, unsigned long b) {
  auto bytes = std::make_shared<std::vector<char>>(1 << 18);
  g_ranges.push_back(Range{bytes, bytes->begin() + a, bytes->begin() + b});
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: view 'first' keeps the whole 262144-byte buffer 'bytes' alive in global 'g_ranges'
  // CHECK-MESSAGES: :[[@LINE-2]]:55: warning: view 'last' keeps the whole 262144-byte buffer 'bytes' alive in global 'g_ranges'
}

void span_subspan_with_owner() {
  auto words = std::make_shared<std::vector<unsigned>>(20000);
  g_words.push_back(Words{words, std::span<const unsigned>(*words).subspan(0, 8)});
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: view 'head' keeps the whole 80000-byte buffer 'words' alive in global 'g_words'
}

class LogIndex {
public:
  void load(const char *path) {
    payload_ = load_file(path);
    header_ = std::string_view(payload_).substr(0, 64);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: view 'header_' keeps the whole unbounded-size buffer 'payload_' alive in member 'header_' of long-lived 'LogIndex'
  }

private:
  std::string payload_;
  std::string_view header_;
};
LogIndex g_log_index;

void trimmed_view_variable(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  std::string_view rest(*payload);
  rest.remove_prefix(10);
  g_entries.push_back(Entry{payload, rest});
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_entries'
}

void explicit_pointer_length_view(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_entries.push_back(Entry{payload, std::string_view(payload->data() + 4, 16)});
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_entries'
}

void just_above_threshold() {
  auto payload = std::make_shared<std::string>(65536, 'x');
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: view 'header' keeps the whole 65536-byte buffer 'payload' alive in global 'g_entries'
}

void socket_read_until_eof(int fd) {
  auto payload = std::make_shared<std::string>();
  char chunk[4096];
  long n;
  while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0)
    payload->append(chunk, n);
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_entries'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'payload' is filled from a read loop until end of input here
}

void line_accumulation_loop(const char *path) {
  std::ifstream in(path);
  auto text = std::make_shared<std::string>();
  std::string line;
  while (std::getline(in, line))
    *text += line;
  g_entries.push_back(Entry{text, std::string_view(*text).substr(0, 4)});
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: view 'header' keeps the whole unbounded-size buffer 'text' alive in global 'g_entries'
}

void size_from_file_size(const std::string &path) {
  auto n = std::filesystem::file_size(path);
  auto bytes = std::make_shared<std::vector<char>>(n);
  g_ranges.push_back(Range{bytes, &(*bytes)[0] + 1, &(*bytes)[0] + 9});
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: view 'first' keeps the whole unbounded-size buffer 'bytes' alive in global 'g_ranges'
  // CHECK-MESSAGES: :[[@LINE-2]]:53: warning: view 'last' keeps the whole unbounded-size buffer 'bytes' alive in global 'g_ranges'
}

void size_from_tellg(const char *path) {
  std::ifstream in(path);
  in.seekg(0, std::ios_base::end);
  long size = in.tellg();
  auto payload = std::make_shared<std::string>(size, '\0');
  in.read(payload->data(), size);
  g_slices.push_back(Slice{payload, payload->data() + 2, 6});
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: view 'data' keeps the whole unbounded-size buffer 'payload' alive in global 'g_slices'
}

void size_from_ftell(const char *path) {
  FILE *f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  auto payload = std::make_shared<std::string>(size, '\0');
  fread(payload->data(), 1, size, f);
  fclose(f);
  g_slices.push_back(Slice{payload, payload->data() + 8, 6});
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: view 'data' keeps the whole unbounded-size buffer 'payload' alive in global 'g_slices'
}

void emplaced_into_global_map(const std::string &name) {
  auto payload = std::make_shared<std::string>(load_file(name.c_str()));
  g_by_name.emplace(name, Entry{payload, std::string_view(*payload).substr(0, 16)});
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_by_name'
}

Entry make_entry(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  return Entry{payload, std::string_view(*payload).substr(0, 16)};
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_entries' by 'remember_entry'
}
void remember_entry(const char *path) { g_entries.push_back(make_entry(path)); }

void static_local_owner_and_view(const char *path) {
  static std::string text = load_file(path);
  static std::string_view title = std::string_view(text).substr(0, 80);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: view 'title' keeps the whole unbounded-size buffer 'text' alive in static 'title'
}

void element_pointer_into_vector() {
  auto bytes = std::make_shared<std::vector<char>>(100000);
  g_ranges.push_back(Range{bytes, &(*bytes)[10], &(*bytes)[20]});
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: view 'first' keeps the whole 100000-byte buffer 'bytes' alive in global 'g_ranges'
  // CHECK-MESSAGES: :[[@LINE-2]]:50: warning: view 'last' keeps the whole 100000-byte buffer 'bytes' alive in global 'g_ranges'
}

struct Index { std::vector<Entry> entries; };
Index g_index;
void add_to(Index &idx, const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  idx.entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 16)});
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: view 'header' keeps the whole unbounded-size buffer 'payload' alive in global 'g_index' (through 'idx')
  // CHECK-MESSAGES: :[[@LINE+3]]:51: note: stored in global 'g_index' (through 'idx') here
}

void fill_global_index(const char *path) { add_to(g_index, path); }

// ---- fine -----------------------------------------------------------------

void copied_piece_next_to_owner(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_copied.push_back(Copied{payload, std::string(std::string_view(*payload).substr(0, 16))});
}

void copied_piece_without_owner(const char *path) {
  std::string payload = load_file(path);
  g_strings.push_back(std::string(std::string_view(payload).substr(0, 16)));
}

void substr_on_string_is_a_copy(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_copied.push_back(Copied{payload, payload->substr(0, 16)});
}

void owner_not_kept(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_views.push_back(std::string_view(*payload).substr(0, 8));
}

void just_below_threshold() {
  auto payload = std::make_shared<std::string>(65535, 'x');
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
}

void whole_buffer_view(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_entries.push_back(Entry{payload, std::string_view(*payload)});
}

int views_used_only_during_the_call(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  std::vector<std::string_view> lines;
  lines.push_back(std::string_view(*payload).substr(0, 8));
  return (int)lines.size();
}

void owner_of_unknown_size(std::shared_ptr<std::string> payload) {
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
}

void size_checked_before_use(const std::string &len_field) {
  unsigned long n = std::stoul(len_field);
  if (n > 4096)
    return;
  auto payload = std::make_shared<std::string>(n, '\0');
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
}

void owner_kept_only_locally(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  std::vector<std::shared_ptr<std::string>> keep;
  keep.push_back(payload);
  Entry local{payload, std::string_view(*payload).substr(0, 4)};
  (void)local;
}

std::string g_table(1 << 20, ' ');
void pointer_into_a_global_that_lives_anyway(unsigned long off) {
  g_pointers.push_back(g_table.data() + off);
}

void view_into_static_array(unsigned long off) {
  g_pointers.push_back(g_static_buf + off);
}

void piece_is_large_itself(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 1 << 17)});
}

class PerRequest {
public:
  void load(const char *path) {
    payload_ = load_file(path);
    header_ = std::string_view(payload_).substr(0, 64);
  }

private:
  std::string payload_;
  std::string_view header_;
};

void bounded_accumulation() {
  auto payload = std::make_shared<std::string>();
  for (int i = 0; i < 16; ++i)
    payload->push_back('x');
  g_entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 4)});
}

Entry make_scratch_entry(const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  return Entry{payload, std::string_view(*payload).substr(0, 16)};
}
unsigned long peek(const char *path) { return make_scratch_entry(path).header.size(); }

void add_to_scratch(Index &idx, const char *path) {
  auto payload = std::make_shared<std::string>(load_file(path));
  idx.entries.push_back(Entry{payload, std::string_view(*payload).substr(0, 16)});
}
unsigned long fill_local_index(const char *path) {
  Index local;
  add_to_scratch(local, path);
  return local.entries.size();
}
