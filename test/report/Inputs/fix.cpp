// A finding with a fix-it: the shrunk vector keeps its capacity alive.
#include <unistd.h>
#include <vector>

std::vector<std::vector<char>> g_chunks;

void shrink_before_move(int fd) {
  std::vector<char> buf(1 << 20);
  long n = read(fd, buf.data(), buf.size());
  buf.resize(n);
  g_chunks.push_back(std::move(buf));
}
