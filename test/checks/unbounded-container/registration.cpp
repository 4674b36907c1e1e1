// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Self-registration at start-up, pointer singletons and limits held in
// members.
#include <map>
#include <string>
#include <vector>

// Silent: objects with static storage register themselves at start-up.
struct Factory;
static std::map<std::string, Factory *> &factories() {
  static std::map<std::string, Factory *> table;
  return table;
}
struct Factory {
  explicit Factory(const char *name) { factories()[name] = this; }
};
static Factory plainFactory("plain");
static Factory fancyFactory("fancy");
Factory *find_factory(const std::string &n) {
  auto It = factories().find(n);
  return It == factories().end() ? nullptr : It->second;
}

// Reported: the same registration done per request.
struct Listener {
  explicit Listener(int id) { listeners().push_back(id); }
  static std::vector<int> &listeners() {
    static std::vector<int> all;
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'all' grows without bound: 1 insertion site
    return all;
  }
};
void on_connection(int id) { Listener l(id); }
// CHECK-MESSAGES: :[[@LINE-8]]:31: note: 'all' grows here
// CHECK-MESSAGES: :[[@LINE-7]]:29: note: bound it:

// A singleton created with new in a static initialiser.
class Pool {
public:
  static Pool *get() {
    static Pool *P = new Pool;
    return P;
  }
  void add(int v) { free_.push_back(v); }
  bool add_bounded(int v) {
    if (bounded_.size() < limit_) {
      bounded_.push_back(v);
      return true;
    }
    return false;
  }

private:
  std::vector<int> free_;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'Pool::free_' grows without bound: 1 insertion site
  // CHECK-MESSAGES: :[[@LINE-12]]:21: note: 'Pool::free_' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: bound it:
  std::vector<int> bounded_;
  unsigned limit_ = 64;
};
void pool_release(int v) {
  Pool::get()->add(v);
  Pool::get()->add_bounded(v);
}

// Silent: a counter compared with a limit held in another variable.
static std::vector<int> ticketLog;
static unsigned issued = 0;
static unsigned maxTickets = 1000;
bool issue_ticket(int t) {
  if (issued >= maxTickets)
    return false;
  issued++;
  ticketLog.push_back(t);
  return true;
}
