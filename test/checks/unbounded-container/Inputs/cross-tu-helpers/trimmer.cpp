#include "helpers.h"

void trim(std::map<int, int> &m) { m.clear(); }
