#include "blob.h"

std::shared_ptr<const Header> g_latest;

void store_latest(std::shared_ptr<Blob> blob) { g_latest = latest_header(blob); }
