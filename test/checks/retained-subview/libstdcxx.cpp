// RUN: %check_leak %s leak-retained-subview %t -- -std=c++20

// The three forms on the real libstdc++ headers.
#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

struct Header { int id; char tag[16]; };
struct Blob { Header hdr; char body[1 << 20]; };
struct Entry {
  std::shared_ptr<const std::string> owner;
  std::string_view header;
};
struct ByteRange {
  std::shared_ptr<std::vector<char>> owner;
  std::vector<char>::const_iterator first, last;
};

std::vector<std::shared_ptr<const Header>> g_headers;
std::vector<Entry> g_entries;
std::vector<ByteRange> g_ranges;
std::map<std::string, std::string> g_titles;
std::vector<std::vector<char>> g_chunks;
std::vector<std::function<std::size_t()>> g_callbacks;

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void alias_header(const std::shared_ptr<Blob> &blob) {
  g_headers.push_back(std::shared_ptr<const Header>(blob, &blob->hdr));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_headers' [leak-retained-subview]
}

void view_with_owner(const std::string &path) {
  auto text = std::make_shared<const std::string>(slurp(path));
  std::string_view all = *text;
  g_entries.push_back({text, all.substr(0, all.find('\n'))});
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: view 'header' keeps the whole unbounded-size buffer 'text' alive in global 'g_entries'
}

void iterator_pair_with_owner(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  auto bytes = std::make_shared<std::vector<char>>(std::istreambuf_iterator<char>(in),
                                                   std::istreambuf_iterator<char>());
  g_ranges.push_back({bytes, bytes->cbegin() + 4, bytes->cbegin() + 12});
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: view 'first' keeps the whole unbounded-size buffer 'bytes' alive in global 'g_ranges'
  // CHECK-MESSAGES: :[[@LINE-2]]:51: warning: view 'last' keeps the whole unbounded-size buffer 'bytes' alive in global 'g_ranges'
}

void span_captured_with_owner() {
  auto words = std::make_shared<std::vector<std::uint32_t>>(1 << 16);
  std::span<const std::uint32_t> head = std::span<const std::uint32_t>(*words).first(4);
  g_callbacks.push_back([words, head] { return head.size(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: view 'head' keeps the whole 262144-byte buffer 'words' alive in global 'g_callbacks'
}

void shrunk_vector(std::ifstream &in) {
  std::vector<char> buf(1 << 20);
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<std::size_t>(in.gcount()));
  g_chunks.push_back(std::move(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'buf' keeps the capacity of its 1048576-byte buffer alive in global 'g_chunks' after shrinking
}

void first_line_of_file(const std::string &path) {
  std::string text = slurp(path);
  text.erase(std::min(text.find('\n'), text.size()));
  g_titles[path] = std::move(text);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'text' keeps the capacity of its unbounded-size buffer alive in global 'g_titles' after shrinking
}

// ---- fine -----------------------------------------------------------------

void copied_title(const std::string &path) {
  std::string text = slurp(path);
  g_titles[path] = std::string(std::string_view(text).substr(0, text.find('\n')));
}

void shrunk_then_fitted(std::ifstream &in) {
  std::vector<char> buf(1 << 20);
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<std::size_t>(in.gcount()));
  buf.shrink_to_fit();
  g_chunks.push_back(std::move(buf));
}

void tight_vector_copy(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> all{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  g_chunks.emplace_back(all.begin(), all.begin() + std::min<std::size_t>(all.size(), 16));
}

void small_owner() {
  auto text = std::make_shared<const std::string>(100, 'x');
  g_entries.push_back({text, std::string_view(*text).substr(0, 4)});
}
