#include "blob.h"

std::shared_ptr<const Header> header_of(std::shared_ptr<Blob> blob) {
  return std::shared_ptr<const Header>(blob, &blob->hdr);
}

void keep_header(std::shared_ptr<const Header> &slot,
                 std::shared_ptr<Blob> blob) {
  slot = std::shared_ptr<const Header>(blob, &blob->hdr);
}

void hand_over(std::shared_ptr<Blob> blob) {
  remember(std::shared_ptr<const Header>(blob, &blob->hdr));
}
