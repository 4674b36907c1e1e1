// A metrics singleton shared by several files.
#pragma once
#include <string>
#include <vector>

class Metrics {
public:
  static Metrics &instance();
  void record(const std::string &name) { names_.push_back(name); }
  void reset(); // Defined in flusher.cpp.

private:
  Metrics() {}
  std::vector<std::string> names_;
};
