#include "blob.h"

// Returns what header_of (another file) returns: stored when its result is.
std::shared_ptr<const Header> latest_header(std::shared_ptr<Blob> blob) {
  std::shared_ptr<const Header> h = header_of(blob);
  return h;
}
