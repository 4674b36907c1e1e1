#include "helpers.h"

static std::map<int, int> cache;

void put(int k) { add_entry(cache, k); }
void tick() { trim(cache); }
