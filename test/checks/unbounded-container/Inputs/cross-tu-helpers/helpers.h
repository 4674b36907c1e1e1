#pragma once
#include <map>

void add_entry(std::map<int, int> &m, int k); // helpers.cpp: grows m
void trim(std::map<int, int> &m);             // trimmer.cpp: clears m
void dump(std::map<int, int> &m);             // helpers.cpp: only reads m
