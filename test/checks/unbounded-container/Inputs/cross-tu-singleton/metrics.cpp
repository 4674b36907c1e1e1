#include "metrics.h"

Metrics &Metrics::instance() {
  static Metrics M;
  return M;
}
