// RUN: %check_leak %s leak-unbounded-container %t -config="{CheckOptions: {leak-unbounded-container.ContainerTypes: '::util::FlatMap;util::RingLog', leak-unbounded-container.EvictionMethods: 'util::FlatMap::prune;::util::drop_old'}}" -- -std=c++17 -isystem %inputs/unbounded-container
// In-house containers through ContainerTypes, and eviction methods.
namespace util {
template <class K, class V> class FlatMap {
public:
  typedef V mapped_type;
  V &operator[](const K &);
  void insert(const K &, const V &);
  void prune(unsigned keep);
  unsigned size() const;
};
class RingLog {
public:
  void append(const char *);
};
template <class K, class V> void drop_old(FlatMap<K, V> &m);
} // namespace util

static util::FlatMap<int, int> inHouse;
// CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'inHouse' grows without bound: 2 insertion sites
void custom_container_grows(int k) {
  inHouse[k] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'inHouse' grows here
  inHouse.insert(k, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'inHouse' grows here
  // CHECK-MESSAGES: :[[@LINE-7]]:32: note: bound it:
}

static util::RingLog ring;
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'ring' grows without bound: 1 insertion site
void custom_log_appends(const char *s) { ring.append(s); }
// CHECK-MESSAGES: :[[@LINE-1]]:42: note: 'ring' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:22: note: bound it:

// Silent: the configured eviction method trims it.
static util::FlatMap<int, int> pruned;
void pruned_put(int k) { pruned[k] = 1; }
void pruned_tick() { pruned.prune(100); }

// Silent: the configured free function trims it.
static util::FlatMap<int, int> dropped;
void dropped_put(int k) { dropped[k] = 1; }
void dropped_tick() { util::drop_old(dropped); }
