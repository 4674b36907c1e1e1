// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Each container kind with internal linkage, grown from a function that can
// run many times and never trimmed.
#include <deque>
#include <forward_list>
#include <list>
#include <map>
#include <queue>
#include <set>
#include <stack>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

static std::map<int, int> sessionCache;
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'sessionCache' grows without bound: 2 insertion sites, no removal anywhere [leak-unbounded-container]
// CHECK-MESSAGES: :[[@LINE+6]]:3: note: 'sessionCache' grows here
// CHECK-MESSAGES: :[[@LINE+6]]:3: note: 'sessionCache' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:27: note: bound it: evict by size or age (an LRU with a size cap, a TTL sweep) or clear it on a timer
int lookups(int k) { return sessionCache.count(k); }

void map_grows_by_subscript_and_insert(int k, int v) {
  sessionCache[k] = v;
  sessionCache.insert(std::make_pair(k, v));
}

static std::vector<int> history;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'history' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
// CHECK-MESSAGES: :[[@LINE+2]]:32: note: 'history' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:25: note: bound it:
void vector_push_back(int x) { history.push_back(x); }

static std::deque<int> events;
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'events' grows without bound: 2 insertion sites
// CHECK-MESSAGES: :[[@LINE+4]]:3: note: 'events' grows here
// CHECK-MESSAGES: :[[@LINE+4]]:3: note: 'events' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:24: note: bound it:
void deque_push_both_ends(int x) {
  events.push_back(x);
  events.emplace_front(x);
}

static std::list<int> pending;
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'pending' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:28: note: 'pending' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:23: note: bound it:
void list_emplace(int x) { pending.emplace_back(x); }

static std::forward_list<int> chain;
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'chain' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:33: note: 'chain' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:31: note: bound it:
void forward_list_push(int x) { chain.push_front(x); }

static std::set<int> seenIds;
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'seenIds' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:27: note: 'seenIds' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:22: note: bound it:
void set_insert(int id) { seenIds.insert(id); }

static std::unordered_map<int, int> hits;
// CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'hits' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:41: note: 'hits' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:37: note: bound it:
void unordered_map_try_emplace(int k) { hits.try_emplace(k, 1); }

static std::unordered_set<int> tokens;
// CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'tokens' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:37: note: 'tokens' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:32: note: bound it:
void unordered_set_emplace(int t) { tokens.emplace(t); }

static std::multimap<int, int> byUser;
// CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'byUser' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:39: note: 'byUser' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:32: note: bound it:
void multimap_emplace(int u, int s) { byUser.emplace(u, s); }

static std::string logBuffer;
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'logBuffer' grows without bound: 2 insertion sites
// CHECK-MESSAGES: :[[@LINE+4]]:3: note: 'logBuffer' grows here
// CHECK-MESSAGES: :[[@LINE+4]]:3: note: 'logBuffer' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:20: note: bound it:
void string_accumulates(const char *line) {
  logBuffer += line;
  logBuffer.append("\n");
}

static std::queue<int> jobs;
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'jobs' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:26: note: 'jobs' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:24: note: bound it:
void queue_push(int j) { jobs.push(j); }

static std::stack<int> undo;
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'undo' grows without bound: 1 insertion site
// CHECK-MESSAGES: :[[@LINE+2]]:26: note: 'undo' grows here
// CHECK-MESSAGES: :[[@LINE-3]]:24: note: bound it:
void stack_push(int j) { undo.push(j); }

// Silent: a vector used as an array (operator[] does not insert) and a
// string that is reassigned.
static std::vector<int> slots;
void vector_subscript_is_not_growth(int i) { slots[i] = 1; }
static std::string lastLine;
void string_reassigned(const char *l) {
  lastLine += l;
  lastLine = "";
}
// Silent: a queue drained by a consumer.
static std::queue<int> work;
void produce(int j) { work.push(j); }
void consume() { work.pop(); }
