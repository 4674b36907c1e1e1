#include "handlers.h"

int main() {
  setup();
  std::string r;
  while (next_request(r)) {
  }
  return 0;
}
