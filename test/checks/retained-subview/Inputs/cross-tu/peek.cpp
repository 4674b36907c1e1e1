#include "blob.h"

int peek(std::shared_ptr<Blob> blob) {
  std::shared_ptr<const Header> local;
  keep_header(local, blob);
  return header_of(blob)->id + local->id;
}
