// A helper returns a piece of a large buffer; a caller keeps the result in a
// global through another function: followed across functions in the TU.
#include <memory>
#include <string>
#include <vector>
struct Blob {
  char header[16];
  char body[1 << 20];
};
std::shared_ptr<const char> header_of(const std::shared_ptr<Blob> &b) {
  return std::shared_ptr<const char>(b, b->header);
}
std::vector<std::shared_ptr<const char>> g_headers;
void keep(const std::shared_ptr<Blob> &b) { g_headers.push_back(header_of(b)); }
void keep_copy(const std::shared_ptr<Blob> &b) {
  g_headers.push_back(std::make_shared<const char>(b->header[0]));
}
