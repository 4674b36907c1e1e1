// RUN: %check_leak %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview

// Form 1: an aliasing std::shared_ptr keeps the whole owner alive.
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <vector>

struct Header { int id; char tag[16]; };
struct Blob { Header hdr; char body[1 << 20]; };
struct Small { Header hdr; char body[64]; };
struct Packet { Header hdr; std::vector<char> body; };

std::vector<std::shared_ptr<const Header>> g_headers;
std::shared_ptr<const char> g_tail;
std::shared_ptr<const Header> g_last;
std::map<int, std::shared_ptr<const Header>> g_by_id;
std::vector<std::function<int()>> g_callbacks;
struct HeaderEntry { int id; std::shared_ptr<const Header> hdr; };
std::vector<HeaderEntry> g_entries;
Header g_default_header;

// ---- retaining ------------------------------------------------------------

void alias_field_of_large_object(std::shared_ptr<Blob> blob) {
  g_headers.push_back(std::shared_ptr<const Header>(blob, &blob->hdr));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_headers' [leak-retained-subview]
  // CHECK-MESSAGES: :[[@LINE-3]]:56: note: 'blob' reaches 1048596 bytes here
}

void alias_offset_into_large_vector() {
  auto buf = std::make_shared<std::vector<char>>(1 << 20);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 128);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole 1048576-byte buffer 'buf' alive in global 'g_tail'
  // CHECK-MESSAGES: :[[@LINE-3]]:50: note: 'buf' reaches 1048576 bytes here
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: copy the piece into its own allocation instead of aliasing 'buf'
}

void alias_through_local_variable(std::shared_ptr<Blob> blob) {
  std::shared_ptr<const Header> hdr(blob, &blob->hdr);
  g_headers.push_back(hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: aliasing shared_ptr 'hdr' keeps the whole 1048596-byte buffer 'blob' alive in global 'g_headers'
}

void alias_assigned_to_global(std::shared_ptr<Blob> blob) {
  g_last = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_last'
}

void alias_in_static_local(std::shared_ptr<Blob> blob) {
  static std::shared_ptr<const Header> first(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: aliasing shared_ptr 'first' keeps the whole 1048596-byte buffer 'blob' alive in static 'first'
}

void alias_in_global_map(std::shared_ptr<Blob> blob) {
  g_by_id[blob->hdr.id] = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_by_id'
}

void alias_owner_grown_by_resize() {
  auto packet = std::make_shared<Packet>();
  const unsigned long kib = 1024;
  unsigned long want = 256 * kib;
  packet->body.resize(want);
  g_headers.push_back(std::shared_ptr<const Header>(packet, &packet->hdr));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: aliasing shared_ptr keeps the whole 262144-byte buffer 'packet' alive in global 'g_headers'
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'packet' reaches 262144 bytes here
}

void alias_owner_from_whole_file(const char *path) {
  std::ifstream in(path);
  auto text = std::make_shared<std::string>(std::istreambuf_iterator<char>(in),
                                            std::istreambuf_iterator<char>());
  g_tail = std::shared_ptr<const char>(text, text->data() + 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole unbounded-size buffer 'text' alive in global 'g_tail'
  // CHECK-MESSAGES: :[[@LINE-4]]:45: note: 'text' is filled from a whole-stream read here
}

void alias_owner_sized_by_stat(const char *path) {
  struct stat st;
  stat(path, &st);
  auto data = std::make_shared<std::vector<char>>(st.st_size);
  g_tail = std::shared_ptr<const char>(data, &(*data)[4]);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole unbounded-size buffer 'data' alive in global 'g_tail'
  // CHECK-MESSAGES: :[[@LINE-3]]:51: note: 'data' is filled from the file size from 'stat' here
}

std::shared_ptr<const Header> header_of(std::shared_ptr<Blob> blob) {
  return std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_last' by 'keep_header_of'
  // CHECK-MESSAGES: :[[@LINE+3]]:12: note: stored in global 'g_last' by 'keep_header_of' here
}
void keep_header_of(std::shared_ptr<Blob> blob) {
  g_last = header_of(blob);
}

class HeaderRegistry {
public:
  void remember(std::shared_ptr<Blob> blob) {
    latest_ = std::shared_ptr<const Header>(blob, &blob->hdr);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: aliasing shared_ptr 'latest_' keeps the whole 1048596-byte buffer 'blob' alive in member 'latest_' of long-lived 'HeaderRegistry'
  }

private:
  std::shared_ptr<const Header> latest_;
};
HeaderRegistry g_registry;

void alias_captured_by_stored_callback(std::shared_ptr<Blob> blob) {
  std::shared_ptr<const Header> hdr(blob, &blob->hdr);
  g_callbacks.push_back([hdr] { return hdr->id; });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: aliasing shared_ptr 'hdr' keeps the whole 1048596-byte buffer 'blob' alive in global 'g_callbacks'
}

void alias_in_aggregate(std::shared_ptr<Blob> blob) {
  g_entries.push_back(HeaderEntry{blob->hdr.id, std::shared_ptr<const Header>(blob, &blob->hdr)});
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: aliasing shared_ptr 'hdr' keeps the whole 1048596-byte buffer 'blob' alive in global 'g_entries'
}

void alias_just_above_threshold() {
  auto buf = std::make_shared<std::vector<char>>(65536);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole 65536-byte buffer 'buf' alive in global 'g_tail'
}

void alias_element_size_times_count() {
  auto headers = std::make_shared<std::vector<Header>>(4096);
  g_last = std::shared_ptr<const Header>(headers, headers->data() + 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole 81920-byte buffer 'headers' alive in global 'g_last'
}

std::string load_file(const char *path) {
  std::ifstream in(path);
  if (!in)
    return {};
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void alias_into_loaded_file(const char *path) {
  auto text = std::make_shared<std::string>(load_file(path));
  g_tail = std::shared_ptr<const char>(text, text->c_str() + 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole unbounded-size buffer 'text' alive in global 'g_tail'
}

void alias_of_moved_owner(std::shared_ptr<Blob> blob) {
  Header *h = &blob->hdr;
  g_last = std::shared_ptr<const Header>(std::move(blob), &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_last'
  (void)h;
}

void alias_owner_made_with_length_from_input(const std::string &len_field) {
  unsigned long n = std::stoul(len_field);
  auto body = std::make_shared<std::string>(n, '\0');
  g_tail = std::shared_ptr<const char>(body, body->data() + 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: aliasing shared_ptr keeps the whole unbounded-size buffer 'body' alive in global 'g_tail'
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'body' is filled from a length parsed from input here
}

// ---- fine -----------------------------------------------------------------

void alias_just_below_threshold() {
  auto buf = std::make_shared<std::vector<char>>(65535);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 1);
}

void alias_of_small_object(std::shared_ptr<Small> s) {
  g_headers.push_back(std::shared_ptr<const Header>(s, &s->hdr));
}

void alias_used_only_during_the_call(std::shared_ptr<Blob> blob) {
  std::shared_ptr<const Header> hdr(blob, &blob->hdr);
  printf("%d\n", hdr->id);
}

void alias_kept_in_a_local_container(std::shared_ptr<Blob> blob) {
  std::vector<std::shared_ptr<const Header>> local;
  local.push_back(std::shared_ptr<const Header>(blob, &blob->hdr));
}

void copy_of_the_piece(std::shared_ptr<Blob> blob) {
  g_headers.push_back(std::make_shared<const Header>(blob->hdr));
}

void alias_of_the_large_part_itself(std::shared_ptr<Blob> blob) {
  g_tail = std::shared_ptr<const char>(blob, blob->body);
}

void owner_of_unknown_size(std::shared_ptr<std::string> text) {
  g_tail = std::shared_ptr<const char>(text, text->data() + 4);
}

void owner_size_bounded_by_a_check(const char *path) {
  struct stat st;
  stat(path, &st);
  long n = st.st_size;
  if (n > 4096)
    return;
  auto data = std::make_shared<std::vector<char>>(n);
  g_tail = std::shared_ptr<const char>(data, data->data() + 1);
}

void owner_size_clamped_with_min(const char *path) {
  struct stat st;
  stat(path, &st);
  long n = std::min(st.st_size, 4096L);
  auto data = std::make_shared<std::vector<char>>(n);
  g_tail = std::shared_ptr<const char>(data, data->data() + 1);
}

void alias_points_elsewhere(std::shared_ptr<Blob> blob) {
  g_last = std::shared_ptr<const Header>(blob, &g_default_header);
}

std::shared_ptr<const Header> header_for_logging(std::shared_ptr<Blob> blob) {
  return std::shared_ptr<const Header>(blob, &blob->hdr);
}
int log_header(std::shared_ptr<Blob> blob) {
  std::shared_ptr<const Header> h = header_for_logging(blob);
  return h->id;
}

class ShortLived {
public:
  void remember(std::shared_ptr<Blob> blob) {
    latest_ = std::shared_ptr<const Header>(blob, &blob->hdr);
  }

private:
  std::shared_ptr<const Header> latest_;
};

void owner_size_from_parameter(unsigned long n) {
  auto buf = std::make_shared<std::vector<char>>(n);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 1);
}

void owner_size_from_small_arithmetic() {
  unsigned long rows = 64, cols = 128;
  auto buf = std::make_shared<std::vector<char>>(rows * cols);
  g_tail = std::shared_ptr<const char>(buf, buf->data() + 1);
}

void plain_copy_of_owner(std::shared_ptr<Blob> blob) {
  static std::shared_ptr<Blob> keep;
  keep = blob;
}
