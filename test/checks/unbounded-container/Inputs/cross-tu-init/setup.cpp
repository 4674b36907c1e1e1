// Start-up code: runs once, from main.
#include "handlers.h"

void setup() { register_handlers(); }
