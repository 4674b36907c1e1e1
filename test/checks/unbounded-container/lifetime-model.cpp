// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// The lifetime model (docs/architecture.md): which storage lives for the
// whole process, and what a pointer to a container stands for.
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

// ---- silent ------------------------------------------------------------

// A static pointer that points at a function's local container for one
// call is not a process-lifetime container.
static std::vector<int> *g_scratch;
int static_pointer_to_local_container(int n) {
  std::vector<int> local;
  g_scratch = &local;
  for (int i = 0; i < n; ++i)
    g_scratch->push_back(i);
  int s = local.size();
  g_scratch = nullptr;
  return s;
}

// Neither is a thread_local one.
thread_local std::map<int, int> *t_current;
void thread_local_pointer_to_local_container(int k) {
  std::map<int, int> m;
  t_current = &m;
  (*t_current)[k] = 1;
  t_current = nullptr;
}

// A pointer member of a singleton designates some other container.
class Router {
public:
  static Router &get() {
    static Router R;
    return R;
  }
  void route(std::vector<int> &out, int v) {
    target_ = &out;
    target_->push_back(v);
  }

private:
  std::vector<int> *target_ = nullptr;
};
void pointer_member_of_singleton(int v) {
  std::vector<int> mine;
  Router::get().route(mine, v);
}

// A swap with an empty temporary drains the container.
static std::vector<int> g_pending;
void queue_pending(int v) { g_pending.push_back(v); }
void drain_pending() { std::vector<int>().swap(g_pending); }

// A per-connection object created with `new (std::nothrow)` and deleted:
// the nothrow tag is an argument of operator new, not storage the object is
// placed in, so the object is not process-lifetime (nor is its base).
class Mechanism {
public:
  virtual ~Mechanism() {}
  void set_properties(const std::vector<std::string> &ks) {
    for (const std::string &k : ks)
      props_[k] = 1;
  }

private:
  std::map<std::string, int> props_;
};
class NullMechanism : public Mechanism {};
class Connection {
public:
  void handshake(const std::vector<std::string> &ks) {
    mech_ = new (std::nothrow) NullMechanism;
    mech_->set_properties(ks);
  }
  ~Connection() { delete mech_; }

private:
  Mechanism *mech_ = nullptr;
};
void nothrow_new_per_connection(const std::vector<std::string> &ks) {
  Connection *c = nullptr;
  c = new (std::nothrow) Connection;
  c->handshake(ks);
  delete c;
}

// ---- leaking -----------------------------------------------------------

// A static pointer to a leaked container stands for that container.
static std::vector<std::string> *g_names = new std::vector<std::string>;
// CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'g_names' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
// CHECK-MESSAGES: :[[@LINE+2]]:57: note: 'g_names' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:34: note: bound it:
void leaked_new_container_grows(const std::string &s) { g_names->push_back(s); }

// A member of a leaked-new singleton.
class Journal {
public:
  static Journal *get() {
    static Journal *J = new Journal;
    return J;
  }
  void add(int v) { lines_.push_back(v); }

private:
  std::vector<int> lines_;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'Journal::lines_' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
  // CHECK-MESSAGES: :[[@LINE-5]]:21: note: 'Journal::lines_' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: bound it:
};
void leaked_singleton_member_grows(int v) { Journal::get()->add(v); }

// A container inside an object a singleton owns through a unique_ptr.
struct Table {
  std::vector<int> rows;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'Table::rows' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
  // CHECK-MESSAGES: :[[@LINE+9]]:24: note: 'Table::rows' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: bound it:
};
class Database {
public:
  static Database &get() {
    static Database D;
    return D;
  }
  void insert(int v) { table_->rows.push_back(v); }

private:
  std::unique_ptr<Table> table_ = std::make_unique<Table>();
};
void owned_object_member_grows(int v) { Database::get().insert(v); }

// External linkage, but no header declares it: decided in the TU, so the
// plugin alone reports it as the driver does.
std::vector<int> g_unheadered;
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'g_unheadered' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
// CHECK-MESSAGES: :[[@LINE+2]]:37: note: 'g_unheadered' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:18: note: bound it:
void external_global_grows(int v) { g_unheadered.push_back(v); }

// Placement new into a global's storage: that object is process-lifetime.
struct Counters {
  std::vector<int> hits;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'Counters::hits' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
  // CHECK-MESSAGES: :[[@LINE+5]]:41: note: 'Counters::hits' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: bound it:
};
alignas(Counters) static unsigned char g_counters_storage[sizeof(Counters)];
static Counters *g_counters = new (g_counters_storage) Counters;
void placement_new_into_global(int v) { g_counters->hits.push_back(v); }
