// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

// A worker whose predicate reads a stop flag that stop() sets before
// notify_all: the wait can always be ended.
class StoppableWorker {
public:
  void start() { T = std::thread([this] { loop(); }); }
  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mu);
      Cv.wait(Lock, [this] { return Stopping || !Jobs.empty(); });
      if (Stopping)
        return;
      Jobs.pop_front();
    }
  }
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Jobs;
  bool Stopping = false;
  std::thread T;
};

void use_stoppable(StoppableWorker &W) {
  W.start();
  W.stop();
}

// The same shape, but nothing ever sets the flag.
class NeverStopped {
public:
  void start() {
    std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'Cv.wait': 'Done' is never set outside the thread, and the thread is detached [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+5]]:12: note: it can block forever in 'Cv.wait' here
    // CHECK-MESSAGES: :[[@LINE+7]]:8: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: fix: set 'Done' on the shutdown path, then wake every waiter on 'Cv'
      while (!Done) {
        std::unique_lock<std::mutex> Lock(Mu);
        Cv.wait(Lock, [this] { return Done || Pending > 0; });
        --Pending;
      }
    }).detach();
  }
  void add() {
    std::lock_guard<std::mutex> G(Mu);
    ++Pending;
    Cv.notify_one();
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  int Pending = 0;
  bool Done = false;
};

// The flag is set, but the condition variable is not notified afterwards.
std::mutex GMu;
std::condition_variable GCv;
std::atomic<bool> GQuit{false};

void set_quit_without_notify() { GQuit.store(true); }

void flag_set_without_notify() {
  std::thread T([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'GCv.wait': 'GQuit' is set but 'GCv' is not woken after it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:9: note: it can block forever in 'GCv.wait' here
  // CHECK-MESSAGES: :[[@LINE+6]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-7]]:40: note: 'GQuit' is set here, with no wake after it
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: wake 'GCv' right after setting 'GQuit' ('notify_all' on a condition variable, 'release' on a semaphore)
    std::unique_lock<std::mutex> Lock(GMu);
    GCv.wait(Lock, [] { return GQuit.load(); });
  });
  T.detach();
  set_quit_without_notify();
}

// An atomic flag stored and followed by notify_all: fine.
std::condition_variable GCv2;
std::atomic<bool> GQuit2{false};

void quit2() {
  GQuit2 = true;
  GCv2.notify_all();
}

void atomic_flag_with_notify() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(GMu);
    GCv2.wait(Lock, [] { return GQuit2.load(); });
  });
  T.detach();
  quit2();
}

// A flag captured by copy: the thread never sees the store.
void flag_captured_by_copy() {
  bool Stop = false;
  std::condition_variable Cv;
  std::thread T([=, &Cv] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Cv.wait': 'Stop' is captured by copy, so the thread never sees it set, and 'flag_captured_by_copy' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:10: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+8]]:5: note: the thread is joined here, in 'flag_captured_by_copy', which then hangs
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
    std::unique_lock<std::mutex> Lock(GMu);
    while (!Stop)
      Cv.wait(Lock);
  });
  Stop = true;
  Cv.notify_all();
  T.join();
}

// The same loop with the flag captured by reference: fine.
void flag_captured_by_reference() {
  bool Stop = false;
  std::condition_variable Cv;
  std::thread T([&] {
    std::unique_lock<std::mutex> Lock(GMu);
    while (!Stop)
      Cv.wait(Lock);
  });
  {
    std::lock_guard<std::mutex> G(GMu);
    Stop = true;
  }
  Cv.notify_all();
  T.join();
}

// std::stop_token in the wait: condition_variable_any wakes on a stop request.
std::condition_variable_any AnyCv;
std::deque<int> Work;

void jthread_stop_token_in_wait() {
  std::jthread T([](std::stop_token Token) {
    std::unique_lock<std::mutex> Lock(GMu);
    while (AnyCv.wait(Lock, Token, [] { return !Work.empty(); }))
      Work.pop_front();
  });
}

// A stop token checked by the loop around a timed wait: fine.
void jthread_checks_stop_requested() {
  std::jthread T([](std::stop_token Token) {
    while (!Token.stop_requested()) {
      std::unique_lock<std::mutex> Lock(GMu);
      GCv.wait_for(Lock, std::chrono::milliseconds(100));
    }
  });
}

// A timed wait in a loop that can exit.
std::atomic<bool> Running{true};

void timed_wait_in_exiting_loop() {
  std::thread([] {
    while (Running) {
      std::unique_lock<std::mutex> Lock(GMu);
      GCv.wait_for(Lock, std::chrono::seconds(1));
    }
  }).detach();
}

// A timed wait in a loop that never exits: the thread never ends.
void timed_wait_in_endless_loop() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'GCv.wait_for': the loop around it never exits, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+6]]:11: note: it can block forever in 'GCv.wait_for' here
  // CHECK-MESSAGES: :[[@LINE+7]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: this loop never exits
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: let the loop exit on a stop flag or on 'std::stop_token::stop_requested()'
    for (;;) {
      std::unique_lock<std::mutex> Lock(GMu);
      GCv.wait_for(Lock, std::chrono::seconds(1));
    }
  }).detach();
}

// A predicate that reads only the work queue: nothing can stop the wait.
void predicate_without_stop_flag() {
  std::thread T([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'GCv.wait': its predicate observes no stop request, and 'predicate_without_stop_flag' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:9: note: it can block forever in 'GCv.wait' here
  // CHECK-MESSAGES: :[[@LINE+5]]:5: note: the thread is joined here, in 'predicate_without_stop_flag', which then hangs
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
    std::unique_lock<std::mutex> Lock(GMu);
    GCv.wait(Lock, [] { return !Work.empty(); });
  });
  T.join();
}

// The flag is read through a getter.
class WithGetter {
public:
  void run() {
    std::thread T([this] {
      std::unique_lock<std::mutex> Lock(Mu);
      Cv.wait(Lock, [this] { return stopping(); });
    });
    T.detach();
  }
  void shutdown() {
    Quit = true;
    Cv.notify_all();
  }
  bool stopping() const { return Quit; }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  bool Quit = false;
};

void run_with_getter(WithGetter &W) {
  W.run();
  W.shutdown();
}

// condition_variable_any without a stop token is no different.
std::condition_variable_any PlainAny;

void condition_variable_any_without_token() {
  std::thread T([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'PlainAny.wait': the wait has no predicate and observes no stop request, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:14: note: it can block forever in 'PlainAny.wait' here
  // CHECK-MESSAGES: :[[@LINE+5]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
    std::unique_lock<std::mutex> Lock(GMu);
    PlainAny.wait(Lock);
  });
  T.detach();
}

// The stop function sets the flag and notifies, but it is file-local and
// nothing calls it.
std::condition_variable DeadCv;
bool DeadStop = false;

static void stop_dead_worker() {
  {
    std::lock_guard<std::mutex> G(GMu);
    DeadStop = true;
  }
  DeadCv.notify_all();
}

void worker_whose_stop_is_never_called() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'DeadCv.wait': only 'stop_dead_worker' sets 'DeadStop', and nothing in the analysed code calls it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+6]]:14: note: it can block forever in 'DeadCv.wait' here
  // CHECK-MESSAGES: :[[@LINE+6]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-10]]:14: note: 'DeadStop' is set here, in 'stop_dead_worker'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: call 'stop_dead_worker' on the shutdown path, before the thread is joined or abandoned
    std::unique_lock<std::mutex> Lock(GMu);
    while (!DeadStop)
      DeadCv.wait(Lock);
  }).detach();
}

int main() {
  Running = false;
  return 0;
}
