// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Which containers live as long as the process.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

int handle_request_with_function_local_static(int id) {
  static std::unordered_map<int, std::string> seen;
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'seen' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: 'seen' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:47: note: bound it:
  seen[id] = "x";
  return seen.size();
}

void per_thread_scratch_grows(int v) {
  thread_local std::vector<int> scratch;
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'scratch' grows without bound: 1 insertion site
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: 'scratch' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:33: note: bound it:
  scratch.push_back(v);
}

namespace {
std::map<std::string, int> counters;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'counters' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+3]]:47: note: 'counters' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:28: note: bound it:
} // namespace
void anonymous_namespace_map(const char *k) { counters[k]++; }

struct Metrics {
  static std::vector<double> samples;
};
// The warning is on the definition.
std::vector<double> Metrics::samples;
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'Metrics::samples' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+3]]:3: note: 'Metrics::samples' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:30: note: bound it:
void static_member_grows(double d) {
  Metrics::samples.push_back(d);
}

// A Meyers singleton: the member lives as long as the process.
class Registry {
public:
  static Registry &instance() {
    static Registry R;
    return R;
  }
  void add(int Handle) { handles_.push_back(Handle); }
  int count() const { return handles_.size(); }

private:
  Registry() {}
  std::vector<int> handles_;
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'Registry::handles_' grows without bound: 1 insertion site
  // CHECK-MESSAGES: :[[@LINE-7]]:26: note: 'Registry::handles_' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: bound it:
};
void singleton_member_grows(int h) { Registry::instance().add(h); }

// A singleton through a global instance.
struct Tracer {
  void record(const std::string &s) { spans.push_back(s); }
  std::vector<std::string> spans;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'Tracer::spans' grows without bound: 1 insertion site
  // CHECK-MESSAGES: :[[@LINE-3]]:39: note: 'Tracer::spans' grows here
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: bound it:
};
static Tracer globalTracer;
void global_instance_member_grows(const std::string &s) {
  globalTracer.record(s);
}

// Silent: a class that also lives on the stack is not a singleton.
struct Batch {
  void add(int v) { items.push_back(v); }
  std::vector<int> items;
};
static Batch defaultBatch;
int local_instances_are_not_process_lifetime() {
  Batch b;
  b.add(1);
  defaultBatch.add(2);
  return b.items.size();
}

// Silent: a local container dies with the call.
int local_container_is_fine(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v.size();
}

// Silent: a const table cannot grow.
static const std::vector<int> primes = {2, 3, 5, 7};
int const_table(int i) { return primes[i]; }

// Silent: instances of a derived class, or made with std::make_unique, are
// not process-lifetime either.
#include <memory>
struct Journal {
  void note(int v) { lines.push_back(v); }
  std::vector<int> lines;
};
struct FileJournal : Journal {};
static Journal mainJournal;
void derived_instances_exist(int v) {
  FileJournal local;
  local.note(v);
  mainJournal.note(v);
}
struct Inbox {
  void put(int v) { items.push_back(v); }
  std::vector<int> items;
};
static Inbox sharedInbox;
void heap_instances_exist(int v) {
  auto Own = std::make_unique<Inbox>();
  Own->put(v);
  sharedInbox.put(v);
}
struct Scratch {
  void put(int v) { items.push_back(v); }
  std::vector<int> items;
};
static Scratch globalScratch;
int temporaries_exist(int v) {
  Scratch().put(v);
  globalScratch.put(v);
  return 0;
}
