// Buffers sized by input: a receive into a large buffer trimmed and kept; a
// whole file kept through a view; a small receive (silent).
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <vector>
std::vector<std::string> g_msgs;
void on_message(int fd) {
  static char tmp[1 << 17];
  long n = recv(fd, tmp, sizeof tmp, 0);
  if (n <= 0)
    return;
  std::string msg(tmp, n);
  msg.resize(msg.find('\n') == std::string::npos ? msg.size() : 32);
  g_msgs.push_back(std::move(msg));
}
void on_small(int fd) {
  char tmp[64];
  long n = recv(fd, tmp, sizeof tmp, 0);
  if (n <= 0)
    return;
  std::string msg(tmp, n);
  msg.resize(8);
  g_msgs.push_back(std::move(msg));
}
struct Index {
  std::shared_ptr<std::string> text;
  std::string_view title;
};
std::vector<Index> g_index;
void index_file(const char *path) {
  std::ifstream in(path);
  auto text = std::make_shared<std::string>(std::istreambuf_iterator<char>(in),
                                            std::istreambuf_iterator<char>());
  g_index.push_back(Index{text, std::string_view(*text).substr(0, 40)});
}
