// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++20
// The same patterns on the host's real standard library.
#include <cstddef>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace {
std::unordered_map<std::string, std::string> sessionCache;
// CHECK-MESSAGES: :[[@LINE-1]]:46: warning: 'sessionCache' grows without bound: 2 insertion sites, no removal anywhere [leak-unbounded-container]
std::mutex sessionMutex;
} // namespace

void login(const std::string &token, const std::string &user) {
  std::lock_guard<std::mutex> lock(sessionMutex);
  sessionCache[token] = user;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'sessionCache' grows here
  sessionCache.try_emplace(token + "#", user);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'sessionCache' grows here
  // CHECK-MESSAGES: :[[@LINE-11]]:46: note: bound it:
}

static std::string transcript;
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'transcript' grows without bound: 1 insertion site
void record_line(const std::string &l) { transcript += l; }
// CHECK-MESSAGES: :[[@LINE-1]]:42: note: 'transcript' grows here
// CHECK-MESSAGES: :[[@LINE-4]]:20: note: bound it:

// Silent: an LRU with a size cap.
class Lru {
public:
  explicit Lru(std::size_t cap) : cap_(cap) {}
  void put(int k, std::string v) {
    if (auto It = index_.find(k); It != index_.end()) {
      order_.erase(It->second);
      index_.erase(It);
    } else if (index_.size() == cap_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    order_.emplace_front(k, std::move(v));
    index_[k] = order_.begin();
  }

private:
  std::size_t cap_;
  std::list<std::pair<int, std::string>> order_;
  std::unordered_map<int, std::list<std::pair<int, std::string>>::iterator>
      index_;
};
static Lru lru(256);
void lru_put(int k) { lru.put(k, "v"); }

// Silent: C++20 std::erase_if sweeps it.
static std::map<int, long> expiries;
void expiry_put(int k, long t) { expiries[k] = t; }
void expiry_sweep(long now) {
  std::erase_if(expiries, [now](const auto &kv) { return kv.second < now; });
}

// Silent: filled once under std::call_once.
static std::vector<int> squares;
static std::once_flag squaresOnce;
int square(int i) {
  std::call_once(squaresOnce, [] {
    for (int k = 0; k < 100; ++k)
      squares.push_back(k * k);
  });
  return squares[i];
}
