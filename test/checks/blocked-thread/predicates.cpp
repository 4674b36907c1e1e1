// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// Predicates and wakes: the stop flag must be read by the predicate of the
// wait it is meant to end, and the wake must follow the write, on the object
// the thread waits on.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

// stop() sets the flag and wakes the condition variable, but the predicate
// reads only the queue: the wait wakes, finds it empty and waits again.
class PredicateMissesFlag {
public:
  void start() {
    T = std::thread([this] { loop(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread started here can block forever in 'loop': 'Stopping' is set and 'Cv' is woken, but the wait's predicate does not read 'Stopping', and 'PredicateMissesFlag::stop' joins it and hangs [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:30: note: the thread calls 'loop' here
    // CHECK-MESSAGES: :[[@LINE+19]]:10: note: it can block forever in 'Cv.wait' here
    // CHECK-MESSAGES: :[[@LINE+11]]:7: note: the thread is joined here, in 'PredicateMissesFlag::stop', which then hangs
    // CHECK-MESSAGES: :[[@LINE+7]]:16: note: 'Stopping' is set here, in 'PredicateMissesFlag::stop'
    // CHECK-MESSAGES: :[[@LINE+16]]:21: note: this predicate does not read 'Stopping'
    // CHECK-MESSAGES: :[[@LINE-7]]:9: note: fix: let the wait's predicate return once 'Stopping' is set ('return Stopping || ...')
  }
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
      Cv.wait(Lock, [this] { return !Jobs.empty(); });
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

void use_predicate_misses_flag(PredicateMissesFlag &W) {
  W.start();
  W.stop();
}

// The same shape, but the predicate reads the flag: fine.
class PredicateReadsFlag {
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

void use_predicate_reads_flag(PredicateReadsFlag &W) {
  W.start();
  W.stop();
}

// The predicate does not read the flag, but stop() also pushes an item, so
// the predicate holds after the wake: fine.
class StopPushesItem {
public:
  void start() { T = std::thread([this] { loop(); }); }
  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
      Jobs.push_back(0);
    }
    Cv.notify_all();
    T.join();
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mu);
      Cv.wait(Lock, [this] { return !Jobs.empty(); });
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

void use_stop_pushes_item(StopPushesItem &W) {
  W.start();
  W.stop();
}

// A wait without a predicate in a loop that reads the flag after each wake:
// fine.
class LoopReadsFlag {
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
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Stopping)
      Cv.wait(Lock);
  }
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stopping = false;
  std::thread T;
};

void use_loop_reads_flag(LoopReadsFlag &W) {
  W.start();
  W.stop();
}

// A lost wake-up: the condition variable is woken before the flag is set,
// and not after.
class WakeBeforeFlag {
public:
  void start() { T = std::thread([this] { loop(); }); }
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: thread started here can block forever in 'loop': 'Cv' is woken before 'Stopping' is set, so the thread can miss the wake-up, and 'WakeBeforeFlag::stop' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:43: note: the thread calls 'loop' here
  // CHECK-MESSAGES: :[[@LINE+17]]:8: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+10]]:7: note: the thread is joined here, in 'WakeBeforeFlag::stop', which then hangs
  // CHECK-MESSAGES: :[[@LINE+4]]:8: note: 'Cv' is woken here, before 'Stopping' is set
  // CHECK-MESSAGES: :[[@LINE+6]]:16: note: 'Stopping' is set here, with no wake after it
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: fix: wake 'Cv' right after setting 'Stopping' ('notify_all' on a condition variable, 'release' on a semaphore)
  void stop() {
    Cv.notify_all();
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
    }
    T.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock, [this] { return Stopping; });
  }
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stopping = false;
  std::thread T;
};

void use_wake_before_flag(WakeBeforeFlag &W) {
  W.start();
  W.stop();
}

// Woken both before and after the flag is set: fine.
class WakeAroundFlag {
public:
  void start() { T = std::thread([this] { loop(); }); }
  void stop() {
    Cv.notify_all();
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock, [this] { return Stopping; });
  }
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stopping = false;
  std::thread T;
};

void use_wake_around_flag(WakeAroundFlag &W) {
  W.start();
  W.stop();
}

// The flag is set, but another condition variable is woken.
class WakesOtherObject {
public:
  void start() { T = std::thread([this] { loop(); }); }
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: thread started here can block forever in 'loop': 'Stopping' is set and 'Idle' is woken, but the thread waits on 'Cv', and 'WakesOtherObject::stop' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:43: note: the thread calls 'loop' here
  // CHECK-MESSAGES: :[[@LINE+17]]:8: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+10]]:7: note: the thread is joined here, in 'WakesOtherObject::stop', which then hangs
  // CHECK-MESSAGES: :[[@LINE+6]]:16: note: 'Stopping' is set here
  // CHECK-MESSAGES: :[[@LINE+7]]:10: note: 'Idle' is woken here, not 'Cv'
  // CHECK-MESSAGES: :[[@LINE-7]]:22: note: fix: wake 'Cv' right after setting 'Stopping' ('notify_all' on a condition variable, 'release' on a semaphore)
  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
    }
    Idle.notify_all();
    T.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock, [this] { return Stopping; });
  }
  std::mutex Mu;
  std::condition_variable Cv, Idle;
  bool Stopping = false;
  std::thread T;
};

void use_wakes_other_object(WakesOtherObject &W) {
  W.start();
  W.stop();
}

// Both condition variables are woken: fine.
class WakesBothObjects {
public:
  void start() { T = std::thread([this] { loop(); }); }
  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stopping = true;
    }
    Idle.notify_all();
    Cv.notify_all();
    T.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock, [this] { return Stopping; });
  }
  std::mutex Mu;
  std::condition_variable Cv, Idle;
  bool Stopping = false;
  std::thread T;
};

void use_wakes_both_objects(WakesBothObjects &W) {
  W.start();
  W.stop();
}
