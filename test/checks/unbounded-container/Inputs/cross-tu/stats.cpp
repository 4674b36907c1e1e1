// Only reads the cache, and appends to the audit log through its accessor.
#include "sessions.h"

int active_sessions() {
  audit_log().push_back("stats");
  return sessionCache.size();
}
