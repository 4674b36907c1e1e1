// A handler table filled at start-up.
#pragma once
#include <string>
#include <vector>

extern std::vector<std::string> handlers;
void register_handlers();
void setup();
bool next_request(std::string &r);
