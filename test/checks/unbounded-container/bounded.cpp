// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Growth guarded by a size bound, or trimmed somewhere: silent.
#include <atomic>
#include <chrono>
#include <list>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

constexpr unsigned MaxEntries = 1024;

static std::vector<int> refusedWhenFull;
bool refuses_when_full_early_return(int v) {
  if (refusedWhenFull.size() >= MaxEntries)
    return false;
  refusedWhenFull.push_back(v);
  return true;
}

static std::map<int, int> guardedInsert;
void inserts_only_below_limit(int k, int v) {
  if (guardedInsert.size() < MaxEntries)
    guardedInsert[k] = v;
}

static std::map<int, int> guardedElse;
void inserts_in_else_of_over_limit(int k) {
  if (MaxEntries <= guardedElse.size()) {
    return;
  } else {
    guardedElse.emplace(k, 1);
  }
}

static std::vector<int> countedGrowth;
static unsigned accepted = 0;
void counter_tracks_growth(int v) {
  if (accepted >= MaxEntries)
    return;
  ++accepted;
  countedGrowth.push_back(v);
}

static std::vector<int> atomicCounted;
static std::atomic<unsigned> atomicAccepted;
void atomic_counter_tracks_growth(int v) {
  if (atomicAccepted.load() >= MaxEntries)
    return;
  atomicAccepted.fetch_add(1);
  atomicCounted.push_back(v);
}

static std::vector<int> firstOnly;
void keeps_only_the_first_value(int v) {
  if (firstOnly.empty())
    firstOnly.push_back(v);
}

class BoundedQueue {
public:
  static BoundedQueue &get() {
    static BoundedQueue Q;
    return Q;
  }
  bool full() const { return items_.size() >= 64; }
  bool offer(int v) {
    if (full())
      return false;
    items_.push_back(v);
    return true;
  }

private:
  std::vector<int> items_;
};
bool predicate_guard(int v) { return BoundedQueue::get().offer(v); }

// An LRU with a size cap: evicts the oldest entry when full.
class LruCache {
public:
  static LruCache &instance() {
    static LruCache C;
    return C;
  }
  void put(int key, const std::string &value) {
    auto It = index_.find(key);
    if (It != index_.end()) {
      order_.splice(order_.begin(), order_, It->second.second);
      It->second.first = value;
      return;
    }
    if (index_.size() >= capacity_) {
      index_.erase(order_.back());
      order_.pop_back();
    }
    order_.push_front(key);
    index_[key] = std::make_pair(value, order_.begin());
  }

private:
  unsigned capacity_ = 128;
  std::list<int> order_;
  std::unordered_map<int, std::pair<std::string, std::list<int>::iterator>>
      index_;
};
void lru_with_size_cap(int k) { LruCache::instance().put(k, "v"); }

// A TTL sweep in another function.
struct Entry {
  std::chrono::time_point expires;
  std::string value;
};
static std::map<std::string, Entry> ttlCache;
void ttl_put(const std::string &k, const Entry &e) { ttlCache[k] = e; }
void ttl_sweep() {
  auto now = std::chrono::steady_clock::now();
  for (auto It = ttlCache.begin(); It != ttlCache.end();) {
    if (It->second.expires < now)
      It = ttlCache.erase(It);
    else
      ++It;
  }
}

// A cache cleared on a timer.
static std::unordered_map<int, int> hourly;
void hourly_put(int k, int v) { hourly.insert_or_assign(k, v); }
void on_timer_tick() { hourly.clear(); }

// Still reported: the guard checks a different container.
static std::vector<int> unrelatedGuard;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'unrelatedGuard' grows without bound: 1 insertion site
static std::vector<int> other;
void guard_on_other_container(int v) {
  if (other.size() < MaxEntries)
    unrelatedGuard.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'unrelatedGuard' grows here
  // CHECK-MESSAGES: :[[@LINE-7]]:25: note: bound it:
}

// Still reported: the size is checked but growth happens anyway.
static std::vector<int> warnsOnly;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'warnsOnly' grows without bound: 1 insertion site
int log_full(unsigned);
void size_checked_but_not_guarding(int v) {
  if (warnsOnly.size() > MaxEntries)
    log_full(warnsOnly.size());
  warnsOnly.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'warnsOnly' grows here
  // CHECK-MESSAGES: :[[@LINE-8]]:25: note: bound it:
}

// Still reported: a counter that is never incremented is not a bound.
static std::vector<int> staleCounter;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'staleCounter' grows without bound: 1 insertion site
static int verbosity = 0;
void unrelated_global_in_condition(int v) {
  if (verbosity < 3)
    staleCounter.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'staleCounter' grows here
  // CHECK-MESSAGES: :[[@LINE-7]]:25: note: bound it:
}

// Silent: lazy initialisation behind a latch.
static std::vector<int> lazyTable;
static bool lazyReady = false;
int lazy_lookup(int i) {
  if (!lazyReady) {
    lazyReady = true;
    for (int k = 0; k < i; ++k)
      lazyTable.push_back(k);
  }
  return lazyTable[i];
}
static std::vector<int> latchedEarly;
static std::atomic<bool> latchedDone;
void early_return_latch(int n) {
  if (latchedDone.load())
    return;
  latchedDone.store(true);
  latchedEarly.push_back(n);
}

// Silent: the keys come from a small domain.
enum class Color { Red, Green, Blue };
static std::map<Color, int> perColor;
void small_key_domain(Color c) { perColor[c]++; }
static std::map<bool, std::string> perFlag;
void bool_keys(bool b) { perFlag.insert(std::make_pair(b, "x")); }

// Silent: a wrapper whose size() reads the container.
class Bag {
public:
  static Bag &get() {
    static Bag B;
    return B;
  }
  unsigned size() const { return items_.size(); }
  void add(int v) {
    if (size() >= 100)
      return;
    items_.push_back(v);
  }

private:
  std::vector<int> items_;
};
void wrapper_size_guard(int v) { Bag::get().add(v); }

// Reported: a latch that is never set does not bound anything.
static std::vector<int> neverLatched;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'neverLatched' grows without bound: 1 insertion site
static bool neverSet = false;
void latch_never_set(int v) {
  if (!neverSet)
    neverLatched.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'neverLatched' grows here
  // CHECK-MESSAGES: :[[@LINE-7]]:25: note: bound it:
}

// Reported: integer keys are not a small domain.
static std::map<long, int> perUser;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'perUser' grows without bound: 1 insertion site
void wide_keys(long u) { perUser[u]++; }
// CHECK-MESSAGES: :[[@LINE-1]]:26: note: 'perUser' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:28: note: bound it:
