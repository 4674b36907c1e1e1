// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// A future from a packaged_task is ready once the task runs. A task that is
// never run (nor handed to code that may run it, nor destroyed before the
// wait) leaves the waiter blocked; one run on some paths only, too.

#include <future>
#include <thread>

int compute();
bool ready();

std::packaged_task<int()> Pending(compute);

void waits_for_a_task_never_run() {
  std::thread([F = Pending.get_future()]() mutable { F.get(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'F.get': the packaged_task 'Pending' is never run, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:56: note: it can block forever in 'F.get' here
  // CHECK-MESSAGES: :[[@LINE-3]]:66: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: run the task on every path (call it, or hand it to a thread), or let it be destroyed so that the waiting 'get' throws
}

std::packaged_task<int()> Sometimes(compute);

void run_sometimes() {
  if (ready())
    Sometimes();
}

void waits_for_a_task_run_on_some_paths() {
  std::thread([F = Sometimes.get_future()]() mutable { F.get(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'F.get': the packaged_task 'Sometimes' is run only on some paths, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:58: note: it can block forever in 'F.get' here
  // CHECK-MESSAGES: :[[@LINE-3]]:68: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: 'Sometimes' is run here, but not on every path of 'run_sometimes'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: run the task on every path (call it, or hand it to a thread), or let it be destroyed so that the waiting 'get' throws
}

// Clean: the task is run on every path of the function that runs it.
std::packaged_task<int()> Always(compute);
void run_always() { Always(); }
void waits_for_a_task_always_run() {
  std::thread([F = Always.get_future()]() mutable { F.get(); }).detach();
}

// Clean: the task is handed to a thread that runs it.
std::packaged_task<int()> Handed(compute);
void waits_for_a_task_handed_to_a_thread() {
  std::thread([F = Handed.get_future()]() mutable { F.get(); }).detach();
  std::thread(std::move(Handed)).detach();
}
