// RUN: %check_leak %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview

// What "large" covers: sizes the input decides (a receive length, a length
// field read from a stream, a reserve by the size of an input-sized
// collection), whole-file and whole-stream reads through the standard APIs,
// constant sizes at or above LargeBufferBytes, and a whole parsed document
// or decoded file held by a shared_ptr while one small part is kept.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

std::vector<std::string> g_names;
std::vector<std::vector<char>> g_chunks;
std::vector<std::shared_ptr<const char>> g_heads;
std::vector<std::shared_ptr<const std::string>> g_titles;

// ---- sizes from the input ----------------------------------------------

void receive_length_sizes_buffer(int fd) {
  char tmp[1 << 16];
  long n = recv(fd, tmp, sizeof tmp, 0);
  std::string msg(tmp, n);
  msg.resize(8);
  g_names.push_back(std::move(msg));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'msg' keeps the capacity of its input-sized (up to 65536 bytes) buffer alive in global 'g_names' after shrinking [leak-retained-subview]
  // CHECK-MESSAGES: :[[@LINE-5]]:12: note: 'msg' takes its size from input here, up to 65536 bytes
}

void read_length_sizes_vector(int fd) {
  char tmp[1 << 20];
  long n = read(fd, tmp, sizeof tmp);
  std::vector<char> v(tmp, tmp + n);
  v.resize(4);
  g_chunks.push_back(std::move(v));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'v' keeps the capacity of its input-sized (up to 1048576 bytes) buffer alive in global 'g_chunks' after shrinking
}

void length_field_from_stream(std::istream &in) {
  unsigned int len = 0;
  in.read(reinterpret_cast<char *>(&len), sizeof len);
  std::string body(len, '\0');
  in.read(&body[0], len);
  body.resize(16);
  g_names.push_back(std::move(body));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'body' keeps the capacity of its unbounded-size buffer alive in global 'g_names' after shrinking
}

void length_field_extracted(std::istream &in) {
  unsigned long len = 0;
  in >> len;
  std::vector<char> body(len);
  body.resize(16);
  g_chunks.push_back(std::move(body));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'body' keeps the capacity of its unbounded-size buffer alive in global 'g_chunks' after shrinking
}

void reserve_by_input_sized_collection(std::istream &in) {
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l))
    lines.push_back(l);
  std::vector<char> flags;
  flags.reserve(lines.size());
  for (const std::string &s : lines)
    flags.push_back(s.empty() ? 'e' : 'x');
  flags.clear();
  g_chunks.push_back(std::move(flags));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'flags' keeps the capacity of its unbounded-size buffer alive in global 'g_chunks' after shrinking
}

// ---- whole-file and whole-stream reads -----------------------------------

void whole_stream_by_rdbuf(std::ifstream &in) {
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  text.resize(32);
  g_names.push_back(std::move(text));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'text' keeps the capacity of its unbounded-size buffer alive in global 'g_names' after shrinking
}

void whole_stream_by_getline_delimiter(std::ifstream &in) {
  std::string text;
  std::getline(in, text, '\0');
  text.resize(32);
  g_names.push_back(std::move(text));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'text' keeps the capacity of its unbounded-size buffer alive in global 'g_names' after shrinking
}

void whole_file_by_fread_of_file_size(const char *path) {
  FILE *f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  std::vector<char> data(size);
  fread(data.data(), 1, size, f);
  fclose(f);
  data.resize(64);
  g_chunks.push_back(std::move(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'data' keeps the capacity of its unbounded-size buffer alive in global 'g_chunks' after shrinking
}

void whole_file_by_file_size(const std::string &path) {
  std::ifstream in(path);
  std::string text(std::filesystem::file_size(path), '\0');
  in.read(&text[0], text.size());
  text.resize(10);
  g_names.push_back(std::move(text));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'text' keeps the capacity of its unbounded-size buffer alive in global 'g_names' after shrinking
}

// ---- constant sizes at or above the threshold ----------------------------

void constant_array_aliased() {
  auto page = std::make_shared<std::array<char, 1 << 20>>();
  g_heads.push_back(std::shared_ptr<const char>(page, page->data() + 16));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: aliasing shared_ptr keeps the whole 1048576-byte buffer 'page' alive in global 'g_heads'
}

void constant_new_array_aliased() {
  std::shared_ptr<char[]> block(new char[256 * 1024]);
  g_heads.push_back(std::shared_ptr<const char>(block, block.get() + 8));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: aliasing shared_ptr keeps the whole 262144-byte buffer 'block' alive in global 'g_heads'
}

// ---- a whole parsed document or decoded file, one part kept -------------

struct Document {
  std::string title;
  std::vector<std::string> paragraphs;
};
Document parse_document(const std::string &text); // defined elsewhere

std::string read_whole(const char *path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

void parsed_document_alias_keeps_title(const char *path) {
  auto doc = std::make_shared<Document>(parse_document(read_whole(path)));
  g_titles.push_back(std::shared_ptr<const std::string>(doc, &doc->title));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: aliasing shared_ptr keeps the whole unbounded-size buffer 'doc' alive in global 'g_titles'
  // CHECK-MESSAGES: :[[@LINE-3]]:41: note: 'doc' is filled from an object built from a whole input here
}

struct Image {
  std::vector<unsigned char> pixels;
  std::string comment;
};
std::shared_ptr<Image> decode_image(const std::vector<char> &file);

struct Thumb {
  std::shared_ptr<Image> owner;
  std::string_view comment;
};
std::vector<Thumb> g_thumbs;

void decoded_file_view_keeps_owner(const char *path) {
  FILE *f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  std::vector<char> bytes(size);
  fread(bytes.data(), 1, size, f);
  fclose(f);
  std::shared_ptr<Image> img = decode_image(bytes);
  g_thumbs.push_back(Thumb{img, std::string_view(img->comment).substr(0, 8)});
  // CHECK-MESSAGES: :[[@LINE-1]]:{{[0-9]+}}: warning: view 'comment' keeps the whole unbounded-size buffer 'img' alive in global 'g_thumbs'
  // CHECK-MESSAGES: :[[@LINE-3]]:32: note: 'img' is filled from a call given a whole input here
}

// ---- silent ----------------------------------------------------------------

void small_receive(int fd) {
  char tmp[64];
  long n = recv(fd, tmp, sizeof tmp, 0);
  std::string msg(tmp, n);
  msg.resize(8);
  g_names.push_back(std::move(msg));
}

void small_constant_array_aliased() {
  auto page = std::make_shared<std::array<char, 4096>>();
  g_heads.push_back(std::shared_ptr<const char>(page, page->data() + 16));
}

void bounded_length_field(std::istream &in) {
  unsigned int len = 0;
  in.read(reinterpret_cast<char *>(&len), sizeof len);
  if (len > 1024)
    return;
  std::string body(len, '\0');
  body.resize(16);
  g_names.push_back(std::move(body));
}

void document_parsed_from_small_text() {
  auto doc = std::make_shared<Document>(parse_document("title"));
  g_titles.push_back(std::shared_ptr<const std::string>(doc, &doc->title));
}

void document_title_copied(const char *path) {
  auto doc = std::make_shared<Document>(parse_document(read_whole(path)));
  g_titles.push_back(std::make_shared<const std::string>(doc->title));
}

void whole_file_shrunk_to_fit(std::ifstream &in) {
  std::string text;
  std::getline(in, text, '\0');
  text.resize(32);
  text.shrink_to_fit();
  g_names.push_back(std::move(text));
}
