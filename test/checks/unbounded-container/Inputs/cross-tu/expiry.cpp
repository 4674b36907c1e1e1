// The eviction lives in another file.
#include "sessions.h"

void forget_expired() {
  sessionCache.erase(sessionCache.begin());
  audit_log().clear();
}
