#include "handlers.h"

int main() {
  setup();
  std::string r;
  while (next_request(r))
    register_handlers(); // Re-registers on every request.
  return 0;
}
