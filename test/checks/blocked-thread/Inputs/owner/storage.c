#include "engine.h"

// Hands the engine on to its caller.
void *storage_init(void) {
  void *s = engine_init();
  return s;
}
