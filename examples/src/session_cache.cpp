// Session caches of the example service.
//
// leak-unbounded-container reports `sessionsByToken`: every login adds an
// entry and nothing ever removes one, so the process grows with its traffic.
// `RecentSessions` next to it is the same cache done right: an LRU with a
// size cap, which leakhound leaves alone.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace {

struct Session {
  std::string user;
  std::chrono::steady_clock::time_point lastSeen;
};

// Grows without bound: one entry per login, never evicted.
std::unordered_map<std::string, Session> sessionsByToken;
std::mutex sessionsMutex;

// A least-recently-used cache with a size cap.
class RecentSessions {
public:
  static RecentSessions &instance() {
    static RecentSessions Cache(1024);
    return Cache;
  }

  void put(const std::string &token, Session s) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto It = index_.find(token); It != index_.end()) {
      order_.erase(It->second);
      index_.erase(It);
    } else if (index_.size() >= capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    order_.emplace_front(token, std::move(s));
    index_[token] = order_.begin();
  }

  const Session *get(const std::string &token) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto It = index_.find(token);
    if (It == index_.end())
      return nullptr;
    order_.splice(order_.begin(), order_, It->second);
    return &It->second->second;
  }

private:
  explicit RecentSessions(std::size_t capacity) : capacity_(capacity) {}

  using Entry = std::pair<std::string, Session>;
  std::size_t capacity_;
  std::mutex mutex_;
  std::list<Entry> order_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

} // namespace

// Called for every login request.
void remember_session(const std::string &token, const std::string &user) {
  Session s{user, std::chrono::steady_clock::now()};
  {
    std::lock_guard<std::mutex> lock(sessionsMutex);
    sessionsByToken[token] = s;
  }
  RecentSessions::instance().put(token, std::move(s));
}

// Called for every authenticated request.
bool session_is_known(const std::string &token) {
  if (RecentSessions::instance().get(token))
    return true;
  std::lock_guard<std::mutex> lock(sessionsMutex);
  return sessionsByToken.count(token) != 0;
}
