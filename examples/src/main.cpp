// Entry point of the example service: reads requests from stdin.
#include "service.h"
#include <cstdio>
#include <cstdlib>
#include <string>

int main() {
  char line[512];
  while (std::fgets(line, sizeof line, stdin)) {
    struct request *r = parse_request(line);
    if (!r)
      continue;
    std::printf("%s: %d headers\n", r->path, count_headers(line));
    char *path = copy_path_checked(line);
    std::free(path);
    free_request(r);
  }
  return 0;
}
