// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

#include <future>
#include <thread>
#include <utility>

bool parse(int);
void use(int);

// The promise is a member set only when parsing succeeds.
class Loader {
public:
  void start() {
    std::thread T([this] { use(Result.get()); });
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread started here can block forever in 'Result.get': the promise 'Done' is set only on some paths, and the thread is detached [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:39: note: it can block forever in 'Result.get' here
    // CHECK-MESSAGES: :[[@LINE+3]]:7: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE+6]]:12: note: 'Done' is set here, but not on every path of 'Loader::finish'
    // CHECK-MESSAGES: :[[@LINE-5]]:17: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
    T.detach();
  }
  void finish(int Input) {
    if (parse(Input))
      Done.set_value(Input);
  }

private:
  std::promise<int> Done;
  std::future<int> Result = Done.get_future();
};

// The promise is set on every path, with set_exception on failure: fine.
class SafeLoader {
public:
  void start() {
    std::thread T([this] { use(Result.get()); });
    T.detach();
  }
  void finish(int Input) {
    if (parse(Input))
      Done.set_value(Input);
    else
      Done.set_exception(std::current_exception());
  }

private:
  std::promise<int> Done;
  std::future<int> Result = Done.get_future();
};

// A global promise nobody ever sets.
std::promise<int> Shutdown;

void promise_never_set() {
  std::shared_future<int> F = Shutdown.get_future().share();
  std::thread([F] { F.wait(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'F.wait': the promise 'Shutdown' is never set, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: note: it can block forever in 'F.wait' here
  // CHECK-MESSAGES: :[[@LINE-3]]:34: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
}

// A local promise set on some paths only, and the thread is joined before
// the promise dies: the join hangs.
void local_promise_joined_set_on_some_paths(int Input) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread T([&F] { use(F.get()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'F.get': the promise 'P' is set only on some paths, and 'local_promise_joined_set_on_some_paths' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:30: note: it can block forever in 'F.get' here
  // CHECK-MESSAGES: :[[@LINE+5]]:5: note: the thread is joined here, in 'local_promise_joined_set_on_some_paths', which then hangs
  // CHECK-MESSAGES: :[[@LINE+3]]:7: note: 'P' is set here, but not on every path of 'local_promise_joined_set_on_some_paths'
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
  if (parse(Input))
    P.set_value(Input);
  T.join();
}

// A local promise and a detached thread: when the promise dies, get()
// throws broken_promise, so the thread ends.
void local_promise_detached(int Input) {
  std::promise<int> P;
  std::thread T([F = P.get_future()]() mutable { use(F.get()); });
  T.detach();
  if (parse(Input))
    P.set_value(Input);
}

// The promise is moved into another thread that sets it: it is destroyed
// with that thread's closure in any case.
void promise_moved_into_producer(int Input) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread Consumer([F = std::move(F)]() mutable { use(F.get()); });
  std::thread Producer([P = std::move(P), Input]() mutable {
    if (parse(Input))
      P.set_value(Input);
  });
  Consumer.join();
  Producer.join();
}

// A future from std::async ends when the task ends: fine.
void future_from_async() {
  std::future<int> F = std::async(std::launch::async, [] { return 1; });
  std::thread T([&F] { use(F.get()); });
  T.join();
}

// The future is passed by value to a free function.
std::promise<int> Config;

void wait_for_config(std::future<int> F) { use(F.get()); }

void future_passed_to_entry() {
  std::thread T(wait_for_config, Config.get_future());
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'F.get': the promise 'Config' is set only on some paths, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-5]]:50: note: it can block forever in 'F.get' here
  // CHECK-MESSAGES: :[[@LINE+3]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE+7]]:12: note: 'Config' is set here, but not on every path of 'load_config'
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
  T.detach();
}

void load_config(int V) {
  if (V > 0)
    Config.set_value(V);
}

int main() {
  load_config(1);
  Loader L;
  L.finish(2);
  SafeLoader S;
  S.finish(3);
}
