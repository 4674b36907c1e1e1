// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// Waits behind calls that do not name their callee: a function pointer with
// known targets, a std::function member given a lambda, a virtual call.

#include <condition_variable>
#include <functional>
#include <latch>
#include <semaphore>
#include <thread>

void publish();

// Leak: the wait is behind a function pointer only this file sets.
static std::latch Go(1);
static void wait_go() { Go.wait(); }
static void (*const Hook)() = wait_go;
void start_hooked() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Hook': nothing outside the thread counts 'Go' down, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:5: note: the thread calls 'Hook' here
  // CHECK-MESSAGES: :[[@LINE-6]]:28: note: it can block forever in 'Go.wait' here
  // CHECK-MESSAGES: :[[@LINE+4]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: count the latch down on every path, or wait with a timeout
    Hook();
    publish();
  }).detach();
}

// Clean: the same, and something counts the latch down.
static std::latch Go2(1);
static void wait_go2() { Go2.wait(); }
static void (*const Hook2)() = wait_go2;
void start_hooked2() {
  std::thread([] {
    Hook2();
    publish();
  }).detach();
}
void release_go2() { Go2.count_down(); }

// Leak: the wait is behind a std::function member given a lambda.
class Runner {
public:
  Runner() { Step = [this] { Sem.acquire(); }; }
  void start() {
    std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'Step': nothing outside the thread releases 'Sem', and the thread is detached [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+4]]:7: note: the thread calls 'Step' here
    // CHECK-MESSAGES: :[[@LINE-5]]:34: note: it can block forever in 'Sem.acquire' here
    // CHECK-MESSAGES: :[[@LINE+4]]:8: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
      Step();
      publish();
    }).detach();
  }

private:
  std::binary_semaphore Sem{0};
  std::function<void()> Step;
};

// Clean: the runner's semaphore is released by a method that is called.
class Runner2 {
public:
  Runner2() { Step = [this] { Sem.acquire(); }; }
  void start() {
    std::thread([this] {
      Step();
      publish();
    }).detach();
  }
  void go() { Sem.release(); }

private:
  std::binary_semaphore Sem{0};
  std::function<void()> Step;
};
void kick(Runner2 &R) { R.go(); }

// Leak: the wait is in the override a virtual call reaches.
struct Stage {
  virtual ~Stage() {}
  virtual void run() = 0;
};
struct Gate : Stage {
  std::latch Open{1};
  void run() override { Open.wait(); }
};
void start_stage(Stage *S) {
  std::thread([S] { S->run(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'S->run': nothing outside the thread counts 'Open' down, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:24: note: the thread calls 'S->run' here
  // CHECK-MESSAGES: :[[@LINE-6]]:30: note: it can block forever in 'Open.wait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:34: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: count the latch down on every path, or wait with a timeout
}

// Clean: an override that does not wait.
struct Stage2 {
  virtual ~Stage2() {}
  virtual void run() = 0;
};
struct Print : Stage2 {
  void run() override { publish(); }
};
void start_stage2(Stage2 *S) {
  std::thread([S] { S->run(); }).detach();
}
