#include "blob.h"

static std::vector<std::shared_ptr<const Header>> g_remembered;

void remember(std::shared_ptr<const Header> hdr) {
  g_remembered.push_back(std::move(hdr));
}
