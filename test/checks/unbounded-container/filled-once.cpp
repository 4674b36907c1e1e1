// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Growth that only happens during initialisation is not unbounded.
#include <map>
#include <mutex>
#include <string>
#include <vector>

// Filled by a static initialiser (an immediately invoked lambda).
static std::vector<int> powersOfTwo;
static bool powersReady = [] {
  for (int i = 0; i < 31; ++i)
    powersOfTwo.push_back(1 << i);
  return true;
}();

// Filled under std::call_once.
static std::map<std::string, int> keywords;
static std::once_flag keywordsOnce;
int keyword_id(const std::string &w) {
  std::call_once(keywordsOnce, [] {
    keywords["if"] = 1;
    keywords["else"] = 2;
  });
  return keywords.count(w);
}

// Filled by a function-local static's initialiser.
const std::vector<std::string> &mime_types() {
  static std::vector<std::string> *types = [] {
    static std::vector<std::string> v;
    v.push_back("text/plain");
    return &v;
  }();
  return *types;
}

// Filled by the constructor of the singleton that owns it.
class Config {
public:
  static Config &get() {
    static Config C;
    return C;
  }
  int value(const std::string &k) { return values_.count(k); }

private:
  Config() {
    values_["threads"] = 4;
    values_.emplace("port", 8080);
  }
  std::map<std::string, int> values_;
};
int config_threads() { return Config::get().value("threads"); }

// Filled by a function that only main calls, before its loop.
static std::vector<std::string> routes;
static void load_routes() {
  routes.push_back("/");
  routes.push_back("/health");
}
// Filled by a function other files could call, but that this program calls
// only from main.
static std::vector<int> defaults;
void register_defaults() { defaults.push_back(42); }

// Filled by a loop over a fixed literal range in a once-function.
static std::vector<int> table;
static void build_table() {
  for (int i = 0; i < 256; ++i)
    table.push_back(i * i);
  for (int prime : {2, 3, 5, 7})
    table.push_back(prime);
}

// Reported: an init-style function that is also called from the loop.
static std::vector<int> reloaded;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'reloaded' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
static void reload() { reloaded.push_back(1); }
// CHECK-MESSAGES: :[[@LINE-1]]:24: note: 'reloaded' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:25: note: bound it:

// Reported: main's own event loop grows it.
static std::vector<std::string> requestLog;
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'requestLog' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
bool next_request(std::string &out);

int main() {
  load_routes();
  build_table();
  register_defaults();
  reload();
  std::string r;
  while (next_request(r)) {
    requestLog.push_back(r);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'requestLog' grows here
    // CHECK-MESSAGES: :[[@LINE-13]]:33: note: bound it:
    reload();
  }
  return 0;
}
