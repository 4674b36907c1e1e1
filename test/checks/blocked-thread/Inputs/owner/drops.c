#include "engine.h"

// The engine is used for one call and dropped: its thread stays blocked.
int serve_once(void) {
  void *s = storage_init();
  return s != 0;
}
