// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Containers reached through typedefs, aliases, derived classes, arrays,
// pointers and templates.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

typedef std::map<std::string, int> NameTable;
static NameTable names;
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'names' grows without bound: 1 insertion site
void typedef_alias(const std::string &n) { names[n] = 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:44: note: 'names' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:18: note: bound it:

template <class V> using ById = std::unordered_map<int, V>;
static ById<std::string> users;
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'users' grows without bound: 1 insertion site
void alias_template(int id) { users.emplace(id, "u"); }
// CHECK-MESSAGES: :[[@LINE-1]]:31: note: 'users' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:26: note: bound it:

class PeerList : public std::vector<int> {};
static PeerList peers;
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'peers' grows without bound: 1 insertion site
void derived_from_container(int p) { peers.push_back(p); }
// CHECK-MESSAGES: :[[@LINE-1]]:38: note: 'peers' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:17: note: bound it:

static std::vector<int> buckets[16];
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'buckets' grows without bound: 1 insertion site
void array_of_containers(int k) { buckets[k % 16].push_back(k); }
// CHECK-MESSAGES: :[[@LINE-1]]:35: note: 'buckets' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:25: note: bound it:

static std::vector<std::string> *heapLog = new std::vector<std::string>();
// CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'heapLog' grows without bound: 1 insertion site
void through_static_pointer(const std::string &s) { heapLog->push_back(s); }
// CHECK-MESSAGES: :[[@LINE-1]]:53: note: 'heapLog' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:34: note: bound it:

// A class template with a static member: one finding for all instantiations.
template <class T> struct Interner {
  static std::vector<T> pool;
  static unsigned intern(const T &v) {
    pool.push_back(v);
    return pool.size() - 1;
  }
};
template <class T> std::vector<T> Interner<T>::pool;
// CHECK-MESSAGES: :[[@LINE-1]]:48: warning: 'Interner::pool' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE-6]]:5: note: 'Interner::pool' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:48: note: bound it:
unsigned template_static_member(int i, const std::string &s) {
  return Interner<int>::intern(i) + Interner<std::string>::intern(s);
}

// A function template that grows the container it is given.
template <class C, class V> void add_all(C &c, const V &v) { c.push_back(v); }
static std::vector<double> readings;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'readings' grows without bound: 1 insertion site
void through_function_template(double d) { add_all(readings, d); }
// CHECK-MESSAGES: :[[@LINE-1]]:52: note: 'readings' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:28: note: bound it:

// Silent: a template that is never instantiated never runs.
template <class T> void never_called(const T &v) {
  static std::vector<T> unused;
  unused.push_back(v);
}

// Silent: removal through a typedef'd reference alias.
static NameTable aliasTrimmed;
void alias_put(const std::string &n) { aliasTrimmed[n] = 2; }
void alias_trim() {
  NameTable &t = aliasTrimmed;
  t.clear();
}

// More than three sites: three notes, then a count.
static std::vector<int> busy;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'busy' grows without bound: 5 insertion sites
void many_sites(int v) {
  busy.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'busy' grows here
  busy.push_back(v + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'busy' grows here
  busy.push_back(v + 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'busy' grows here
  busy.push_back(v + 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: and 2 more insertion sites like this one
  busy.emplace_back(v + 4);
  // CHECK-MESSAGES: :[[@LINE-12]]:25: note: bound it:
}
