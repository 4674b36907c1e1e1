#include "metrics.h"

void handle(const std::string &path) { Metrics::instance().record(path); }
