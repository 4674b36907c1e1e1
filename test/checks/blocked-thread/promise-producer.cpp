// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// A future whose producer never runs: the promise is set only in code that
// nothing runs.

#include <future>
#include <thread>

void use(int);
int compute();

// Leak: the promise is set only by a worker nothing starts.
class Job {
public:

  void start_waiter() {
    std::thread([F = Done.get_future()]() mutable { use(F.get()); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'F.get': 'Done' is set only in 'Job::work', which nothing in the analysed code runs, and the thread is detached [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:59: note: it can block forever in 'F.get' here
    // CHECK-MESSAGES: :[[@LINE-3]]:70: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE+5]]:22: note: 'Done' is set here, in code that never runs
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
  }

private:
  void work() { Done.set_value(compute()); }
  std::promise<int> Done;
};

// Clean: the worker is started.
class Job2 {
public:

  void start_waiter() {
    std::thread([F = Done.get_future()]() mutable { use(F.get()); }).detach();
    std::thread([this] { work(); }).detach();
  }

private:
  void work() { Done.set_value(compute()); }
  std::promise<int> Done;
};
