// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

void work(int);

// A worker that can be stopped by stop(), but whose destructor joins it
// without asking it to stop: destroying it without calling stop() hangs.
class Dispatcher {
public:
  Dispatcher() : T([this] { run(); }) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: thread started here can block its joiner forever: 'Dispatcher::~Dispatcher' joins it without setting 'Stopping' first [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+16]]:10: note: the thread can be blocked here until 'Stopping' is set
  // CHECK-MESSAGES: :[[@LINE+2]]:21: note: joined here, with no stop request before it
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: fix: set 'Stopping' and wake the thread before joining it in 'Dispatcher::~Dispatcher'
  ~Dispatcher() { T.join(); }
  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
    }
    Cv.notify_all();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Stopping) {
      Cv.wait(Lock, [this] { return Stopping || !Q.empty(); });
      if (!Q.empty())
        Q.pop_front();
    }
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Q;
  bool Stopping = false;
  std::thread T;
};

// The destructor asks for the stop before joining: fine.
class PoliteDispatcher {
public:
  PoliteDispatcher() : T([this] { run(); }) {}
  ~PoliteDispatcher() {
    stop();
    T.join();
  }
  void stop() {
    Stopping = true;
    Cv.notify_all();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Stopping)
      Cv.wait(Lock, [this] { return Stopping.load() || !Q.empty(); });
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Q;
  std::atomic<bool> Stopping{false};
  std::thread T;
};

// A std::jthread member whose thread stops on a flag: the implicit join
// at destruction hangs unless the destructor sets the flag first.
class Ticker {
public:
  Ticker() : T([this] { run(); }) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: thread started here can block its joiner forever: its 'std::jthread' is joined when its owner is destroyed, which sets no stop request first [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+12]]:10: note: the thread can be blocked here until 'Done' is set
  // CHECK-MESSAGES: :[[@LINE+16]]:16: note: the 'std::jthread' is joined when its owner is destroyed; nothing sets 'Done' before
  // CHECK-MESSAGES: :[[@LINE-4]]:14: note: fix: set 'Done' and wake the thread before joining it in the owner's destructor
  void halt() {
    Done = true;
    Cv.notify_all();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Done)
      Cv.wait(Lock, [this] { return Done.load(); });
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::atomic<bool> Done{false};
  std::jthread T;
};

// The same, with a destructor that sets the flag: fine.
class GoodTicker {
public:
  GoodTicker() : T([this] { run(); }) {}
  ~GoodTicker() {
    Done = true;
    Cv.notify_all();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Done)
      Cv.wait(Lock, [this] { return Done.load(); });
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::atomic<bool> Done{false};
  std::jthread T;
};

// A jthread whose stop_token drives the loop: its destructor's stop request
// ends it.
class TokenTicker {
public:
  TokenTicker()
      : T([this](std::stop_token St) {
          std::unique_lock<std::mutex> Lock(Mu);
          while (!St.stop_requested())
            Cv.wait(Lock, St, [this] { return !Q.empty(); });
        }) {}

private:
  std::mutex Mu;
  std::condition_variable_any Cv;
  std::deque<int> Q;
  std::jthread T;
};

// The Go shape in C++: every request starts a detached thread that waits on
// a reply nobody sends.
struct Reply {
  std::mutex Mu;
  std::condition_variable Cv;
  bool Ready = false;
  int Value = 0;
};

void on_request(Reply &R) {
  std::thread([&R] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'R.Cv.wait': 'Ready' is never set outside the thread, and the thread is detached, and a new one is started each time this code runs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:10: note: it can block forever in 'R.Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+5]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: set 'Ready' on the shutdown path, then wake every waiter on 'Cv'
    std::unique_lock<std::mutex> Lock(R.Mu);
    R.Cv.wait(Lock, [&R] { return R.Ready; });
    work(R.Value);
  }).detach();
}

void serve(Reply *Replies, int N) {
  for (int I = 0; I < N; ++I)
    on_request(Replies[I]);
}

// Threads started in a loop, all waiting for one signal that wakes only one
// of them.
std::mutex GoMu;
std::condition_variable GoCv;
bool GoFlag = false;

void start_all_then_signal_one() {
  for (int I = 0; I < 4; ++I)
    std::thread([I] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'GoCv.wait': the thread is started repeatedly but 'GoCv' wakes only one waiter, and the thread is detached, and a new one is started each time this code runs [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+4]]:12: note: it can block forever in 'GoCv.wait' here
    // CHECK-MESSAGES: :[[@LINE+5]]:8: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: fix: wake every waiter ('notify_all', or 'release' once per thread)
      std::unique_lock<std::mutex> Lock(GoMu);
      GoCv.wait(Lock, [] { return GoFlag; });
      work(I);
    }).detach();
  {
    std::lock_guard<std::mutex> G(GoMu);
    GoFlag = true;
  }
  GoCv.notify_one();
}

// The same with notify_all: fine.
std::condition_variable AllCv;
bool AllFlag = false;

void start_all_then_signal_all() {
  for (int I = 0; I < 4; ++I)
    std::thread([I] {
      std::unique_lock<std::mutex> Lock(GoMu);
      AllCv.wait(Lock, [] { return AllFlag; });
      work(I);
    }).detach();
  {
    std::lock_guard<std::mutex> G(GoMu);
    AllFlag = true;
  }
  AllCv.notify_all();
}

// A handler registered as a callback runs once per event: each event
// starts a detached thread that waits forever.
void on_event(std::function<void()> F);
std::condition_variable EvCv;

void register_handler() {
  on_event([] {
    std::thread([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'EvCv.wait': the wait has no predicate and observes no stop request, and the thread is detached, and a new one is started each time this code runs [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+4]]:12: note: it can block forever in 'EvCv.wait' here
    // CHECK-MESSAGES: :[[@LINE+4]]:8: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
      std::unique_lock<std::mutex> Lock(GoMu);
      EvCv.wait(Lock);
    }).detach();
  });
}

// A stored std::async future: destroying it waits for the task.
class Prefetcher {
public:
  void start() {
    Pending = std::async(std::launch::async, [this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: task started here can block forever in 'Cv.wait': 'Requested' is never set outside the thread, and the 'std::future' returned by 'std::async' waits for it when destroyed [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+4]]:10: note: it can block forever in 'Cv.wait' here
    // CHECK-MESSAGES: :[[@LINE+11]]:21: note: this 'std::future' waits for the task when 'Pending' is destroyed
    // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: set 'Requested' on the shutdown path, then wake every waiter on 'Cv'
      std::unique_lock<std::mutex> Lock(Mu);
      Cv.wait(Lock, [this] { return Requested; });
    });
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  bool Requested = false;
  std::future<void> Pending;
};

void use_all() {
  Dispatcher D;
  D.stop();
  PoliteDispatcher P;
  Ticker T;
  T.halt();
  GoodTicker G;
  TokenTicker K;
}
