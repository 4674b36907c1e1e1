// Grows the session cache on every login.
#include "sessions.h"

std::map<int, std::string> sessionCache;

void remember(int id, const std::string &user) {
  sessionCache[id] = user;
  sessionCache.insert_or_assign(id, user);
}

std::vector<std::string> &audit_log() {
  static std::vector<std::string> log;
  return log;
}
