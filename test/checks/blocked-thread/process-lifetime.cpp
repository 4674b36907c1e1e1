// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread
// RUN: %check_leak --check-prefix=REPORT %s leak-blocked-thread %t.report -config="{CheckOptions: {leak-blocked-thread.ReportProcessLifetimeThreads: true}}" -- -std=c++20 -isystem %inputs/blocked-thread
// Threads owned by process-lifetime storage (docs/architecture.md) and
// started at most once are deliberate: reported only with
// ReportProcessLifetimeThreads.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

// A flusher owned by a never-destroyed singleton, started in its
// constructor.
class Flusher {
public:
  static Flusher &instance() {
    static Flusher *F = new Flusher;
    return *F;
  }
  void post(int v) {
    std::lock_guard<std::mutex> L(Mu);
    Q.push_back(v);
    Cv.notify_one();
  }

private:
  Flusher() : Worker([this] { run(); }) {}
  // REPORT: :[[@LINE-1]]:15: warning: thread started here can block forever in 'run': the loop around it never exits, and the thread is never joined [leak-blocked-thread]
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> L(Mu);
      Cv.wait(L, [this] { return !Q.empty(); });
      Q.pop_front();
    }
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Q;
  std::thread Worker;
};
void flush_later(int v) { Flusher::instance().post(v); }

// A poller in a global, started once behind a latch.
std::mutex PollMu;
std::condition_variable PollCv;
static std::thread g_poller;
static std::atomic<bool> g_started{false};
void start_poller_once() {
  if (g_started.exchange(true))
    return;
  g_poller = std::thread([] {
  // REPORT: :[[@LINE-1]]:14: warning: thread started here can block forever in 'PollCv.wait': the wait has no predicate and observes no stop request, and the thread is never joined [leak-blocked-thread]
    std::unique_lock<std::mutex> L(PollMu);
    PollCv.wait(L);
  });
}

// A detached worker of a singleton whose storage is built by placement new,
// started once behind a flag (the shape of LevelDB's PosixEnv::Schedule).
#include <new>
class Env {
public:
  void Schedule(int Job) {
    std::lock_guard<std::mutex> L(Mu);
    if (!Started) {
      Started = true;
      std::thread T(&Env::Loop, this);
      // REPORT: :[[@LINE-1]]:19: warning: thread started here can block forever in 'Cv.wait': the loop around it never exits, and the thread is detached [leak-blocked-thread]
      T.detach();
    }
    Jobs.push_back(Job);
    Cv.notify_one();
  }

private:
  void Loop() {
    for (;;) {
      std::unique_lock<std::mutex> L(Mu);
      Cv.wait(L, [this] { return !Jobs.empty(); });
      Jobs.pop_front();
    }
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Jobs;
  bool Started = false;
};
class EnvHolder {
public:
  EnvHolder() { new (&Storage) Env(); }
  Env *env() { return reinterpret_cast<Env *>(&Storage); }

private:
  alignas(Env) unsigned char Storage[sizeof(Env)];
};
Env *default_env() {
  static EnvHolder Holder;
  return Holder.env();
}

// ---- still reported -------------------------------------------------------

// A singleton whose method adds a worker on every request: started many
// times, so the blocked copies pile up.
class Dispatcher {
public:
  static Dispatcher &get() {
    static Dispatcher D;
    return D;
  }
  void spawn() {
    Workers.emplace_back([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'Cv.wait': the wait has no predicate and observes no stop request, and the thread is never joined [leak-blocked-thread]
    // REPORT: :[[@LINE-2]]:5: warning: thread started here can block forever in 'Cv.wait': the wait has no predicate and observes no stop request, and the thread is never joined [leak-blocked-thread]
      std::unique_lock<std::mutex> L(Mu);
      Cv.wait(L);
    });
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::vector<std::thread> Workers;
};
void on_request() { Dispatcher::get().spawn(); }
