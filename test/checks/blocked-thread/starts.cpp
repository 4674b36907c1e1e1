// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

// One wait every start kind below runs: nothing ever ends it.
std::mutex M;
std::condition_variable CV;

void wait_forever() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock);
}

void lambda_thread_detached() {
  std::thread T([] { wait_forever(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'wait_forever': the wait has no predicate and observes no stop request, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:22: note: the thread calls 'wait_forever' here
  // CHECK-MESSAGES: :[[@LINE-7]]:6: note: it can block forever in 'CV.wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
  T.detach();
}

void temporary_thread_detached() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'CV.wait': the wait has no predicate and observes no stop request, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:8: note: it can block forever in 'CV.wait' here
  // CHECK-MESSAGES: :[[@LINE+4]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock);
  }).detach();
}

void worker_with_args(int Id, std::condition_variable &Cv) {
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock);
}

void free_function_thread_with_arguments() {
  std::thread T(worker_with_args, 1, std::ref(CV));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Cv.wait': the wait has no predicate and observes no stop request, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-6]]:6: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
  T.detach();
}

class Service {
public:
  void start() { Worker = std::thread(&Service::run, this); }
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: thread started here can block forever in 'Ready.wait': its predicate observes no stop request, and 'Service::~Service' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+8]]:11: note: it can block forever in 'Ready.wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:23: note: the thread is joined here, in 'Service::~Service', which then hangs
  // CHECK-MESSAGES: :[[@LINE-4]]:27: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
  ~Service() { Worker.join(); }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mu);
    Ready.wait(Lock, [this] { return !Jobs.empty(); });
  }
  std::mutex Mu;
  std::condition_variable Ready;
  std::vector<int> Jobs;
  std::thread Worker;
};

struct Pump {
  std::condition_variable &Cv;
  void operator()() const {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock);
  }
};

void function_object_thread() {
  std::thread T{Pump{CV}};
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Cv.wait': the wait has no predicate and observes no stop request, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-7]]:8: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
  T.detach();
}

void jthread_ignoring_its_token() {
  std::jthread T([] { wait_forever(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: thread started here can block forever in 'wait_forever': the wait has no predicate and observes no stop request, and the thread takes no 'std::stop_token', so the 'std::jthread' destructor joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: note: the thread calls 'wait_forever' here
  // CHECK-MESSAGES: :[[@LINE-79]]:6: note: it can block forever in 'CV.wait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:16: note: the 'std::jthread' joins the thread when 'T' is destroyed
  // CHECK-MESSAGES: :[[@LINE-5]]:16: note: fix: take the 'std::stop_token' the 'std::jthread' passes and wait with it ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
}

void jthread_token_unused_in_wait() {
  std::jthread T([](std::stop_token Token) { wait_forever(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: thread started here can block forever in 'wait_forever': the wait has no predicate and observes no stop request, and the 'std::jthread' destructor requests a stop the thread never checks, then joins it [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:46: note: the thread calls 'wait_forever' here
  // CHECK-MESSAGES: :[[@LINE-88]]:6: note: it can block forever in 'CV.wait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:16: note: the 'std::jthread' joins the thread when 'T' is destroyed
  // CHECK-MESSAGES: :[[@LINE-5]]:16: note: fix: take the 'std::stop_token' the 'std::jthread' passes and wait with it ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
}

void async_default_policy() {
  auto F = std::async([] { wait_forever(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task started here can block forever in 'wait_forever': the wait has no predicate and observes no stop request, and the 'std::future' returned by 'std::async' waits for it when destroyed [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: note: the task calls 'wait_forever' here
  // CHECK-MESSAGES: :[[@LINE-97]]:6: note: it can block forever in 'CV.wait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:8: note: this 'std::future' waits for the task when 'F' is destroyed
  // CHECK-MESSAGES: :[[@LINE-5]]:12: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
}

void async_launch_async_discarded() {
  std::async(std::launch::async, [] { wait_forever(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task started here can block forever in 'wait_forever': the wait has no predicate and observes no stop request, and the discarded 'std::future' waits for it at the end of the statement [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:39: note: the task calls 'wait_forever' here
  // CHECK-MESSAGES: :[[@LINE-106]]:6: note: it can block forever in 'CV.wait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
}

void async_deferred_runs_no_thread() {
  auto F = std::async(std::launch::deferred, [] { wait_forever(); });
}

class Pool {
public:
  Pool() {
    for (int I = 0; I < 4; ++I)
      Threads.emplace_back([this] { wait_forever(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started here can block forever in 'wait_forever': the wait has no predicate and observes no stop request, and 'Pool::~Pool' joins it and hangs [leak-blocked-thread]
      // CHECK-MESSAGES: :[[@LINE-2]]:37: note: the thread calls 'wait_forever' here
      // CHECK-MESSAGES: :[[@LINE-121]]:6: note: it can block forever in 'CV.wait' here
      // CHECK-MESSAGES: :[[@LINE+5]]:9: note: the thread is joined here, in 'Pool::~Pool', which then hangs
      // CHECK-MESSAGES: :[[@LINE-5]]:7: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
  }
  ~Pool() {
    for (auto &T : Threads)
      T.join();
  }

private:
  std::vector<std::thread> Threads;
};

// Not thread starts: a default-constructed thread and a move.
void not_a_start() {
  std::thread Empty;
  std::thread Moved(std::move(Empty));
  Moved.join();
}

