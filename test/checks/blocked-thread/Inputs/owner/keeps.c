#include "engine.h"

// The engine lives in a global for the whole process.
void *the_storage;

int main(void) {
  the_storage = storage_init();
  return 0;
}
