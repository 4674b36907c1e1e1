#include "handlers.h"

std::vector<std::string> handlers;

void register_handlers() {
  handlers.push_back("/");
  handlers.push_back("/health");
}
