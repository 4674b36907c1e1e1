// Background workers of the example service.
//
// leak-blocked-thread reports `AuditLog::start`: its detached writer thread
// waits on a condition variable for the next line, and nothing can tell it to
// stop, so at shutdown it stays blocked forever, holding its stack and the
// log's buffers. `WorkerPool` next to it is the same pattern done right: the
// workers wait with a predicate that reads a stop flag, the destructor sets
// the flag before `notify_all` and joins them, and `Prefetcher` uses a
// std::jthread whose stop_token ends its wait.
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace example {

// Stuck: a detached writer with no way to stop it.
class AuditLog {
public:
  void start() {
    std::thread([this] {
      for (;;) {
        std::string Line;
        {
          std::unique_lock<std::mutex> Lock(Mu);
          Ready.wait(Lock, [this] { return !Lines.empty(); });
          Line = std::move(Lines.front());
          Lines.pop_front();
        }
        std::fputs(Line.c_str(), stderr);
      }
    }).detach();
  }

  void write(std::string Line) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Lines.push_back(std::move(Line));
    }
    Ready.notify_one();
  }

private:
  std::mutex Mu;
  std::condition_variable Ready;
  std::deque<std::string> Lines;
};

// Well-behaved: a stop flag set under the mutex, notify_all, then join.
class WorkerPool {
public:
  explicit WorkerPool(std::size_t Count) {
    for (std::size_t I = 0; I < Count; ++I)
      Workers.emplace_back([this] { run(); });
  }

  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Stopping = true;
    }
    Ready.notify_all();
    for (std::thread &Worker : Workers)
      Worker.join();
  }

  void submit(std::function<void()> Job) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Jobs.push_back(std::move(Job));
    }
    Ready.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Job;
      {
        std::unique_lock<std::mutex> Lock(Mu);
        Ready.wait(Lock, [this] { return Stopping || !Jobs.empty(); });
        if (Stopping && Jobs.empty())
          return;
        Job = std::move(Jobs.front());
        Jobs.pop_front();
      }
      Job();
    }
  }

  std::mutex Mu;
  std::condition_variable Ready;
  std::deque<std::function<void()>> Jobs;
  bool Stopping = false;
  std::vector<std::thread> Workers;
};

// Well-behaved: a std::jthread that waits with its stop_token; its
// destructor requests the stop and the wait returns.
class Prefetcher {
public:
  Prefetcher()
      : Thread([this](std::stop_token Stop) {
          std::unique_lock<std::mutex> Lock(Mu);
          while (Wanted.wait(Lock, Stop, [this] { return !Keys.empty(); }))
            Keys.pop_back();
        }) {}

  void want(int Key) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Keys.push_back(Key);
    }
    Wanted.notify_one();
  }

private:
  std::mutex Mu;
  std::condition_variable_any Wanted;
  std::vector<int> Keys;
  std::jthread Thread;
};

} // namespace example
