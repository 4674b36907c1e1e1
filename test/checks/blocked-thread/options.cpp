// RUN: %check_leak %s leak-blocked-thread %t -config="{CheckOptions: {leak-blocked-thread.ThreadStarters: 'TaskPool::submit;Executor::post:1', leak-blocked-thread.BlockingFunctions: '::recv', leak-blocked-thread.MaxCallDepth: 2}}" -- -std=c++20 -isystem %inputs/blocked-thread

#include <condition_variable>
#include <functional>
#include <mutex>
#include <sys_socket.h>
#include <thread>

std::mutex Mu;
std::condition_variable Cv;

// A thread pool from another library: submit's callable is found as the
// first callable argument.
class TaskPool {
public:
  void submit(int Priority, std::function<void()> Task);
};

void pool_task_waits_forever(TaskPool &Pool) {
  Pool.submit(1, [] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task started here can block forever in 'Cv.wait': the wait has no predicate and observes no stop request, and the task holds a thread of 'TaskPool::submit' forever [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+3]]:8: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock);
  });
}

// An executor whose callable is argument 1, by configuration.
class Executor {
public:
  void post(const char *Name, std::function<void()> Task, int Flags);
};

void level2() {
  std::unique_lock<std::mutex> Lock(Mu);
  Cv.wait(Lock);
}
void level1() { level2(); }

void executor_task_waits_forever(Executor &E) {
  E.post("io", [] { level1(); }, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task started here can block forever in 'level1': the wait has no predicate and observes no stop request, and the task holds a thread of 'Executor::post' forever [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:21: note: the task calls 'level1' here
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: the task calls 'level2' here
  // CHECK-MESSAGES: :[[@LINE-9]]:6: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: start it as a 'std::jthread' and wait with its 'std::stop_token' ('std::condition_variable_any::wait(lock, token, pred)'), or let the predicate read a stop flag that is set before 'notify_all'
}

// A configured blocking call: nothing in the program can interrupt it.
void socket_reader(int Fd) {
  char Buf[64];
  std::thread([Fd, &Buf] { recv(Fd, Buf, sizeof Buf, 0); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'recv': nothing in the program can interrupt the call, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: note: it can block forever in 'recv' here
  // CHECK-MESSAGES: :[[@LINE-3]]:61: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: make the call interruptible: use a timeout, or close what it waits on during shutdown
}

// MaxCallDepth is 2: a wait three calls deep is not found.
void level3() { level2(); }
void too_deep() { level3(); }

void wait_beyond_max_depth() {
  std::thread([] { too_deep(); }).detach();
}
