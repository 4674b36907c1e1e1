// Shared declarations of a small multi-file service.
#pragma once
#include <map>
#include <string>
#include <vector>

extern std::map<int, std::string> sessionCache;
void remember(int id, const std::string &user);
void forget_expired();
int active_sessions();

std::vector<std::string> &audit_log();
