#include "blob.h"

std::vector<std::shared_ptr<const Header>> g_index;
static std::shared_ptr<const Header> s_latest;

void index_blob(std::shared_ptr<Blob> blob) {
  g_index.push_back(header_of(blob));
  keep_header(s_latest, blob);
}
