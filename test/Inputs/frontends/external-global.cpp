// A global with external linkage that no header declares: no other file can
// name it, so the TU decides it (both front-ends report it).
#include <map>
#include <string>
std::map<std::string, int> g_sessions;
void on_login(const std::string &user, int id) { g_sessions[user] = id; }
