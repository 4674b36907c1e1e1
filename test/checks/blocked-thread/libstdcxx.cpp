// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -pthread

// The same reasoning against the real libstdc++ headers.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <stop_token>
#include <thread>
#include <vector>

void handle(int);

// A detached worker on a condition variable with no stop path.
class StuckWorker {
public:
  void start() {
    std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'Cv.wait': the loop around it never exits, and the thread is detached [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+6]]:12: note: it can block forever in 'Cv.wait' here
    // CHECK-MESSAGES: :[[@LINE+9]]:8: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE+2]]:7: note: this loop never exits
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: fix: let the loop exit on a stop flag or on 'std::stop_token::stop_requested()'
      for (;;) {
        std::unique_lock<std::mutex> Lock(Mu);
        Cv.wait(Lock, [this] { return !Jobs.empty(); });
        handle(Jobs.front());
        Jobs.pop_front();
      }
    }).detach();
  }
  void push(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Jobs.push_back(V);
    Cv.notify_one();
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Jobs;
};

// A jthread that waits with its stop_token: fine.
class GoodWorker {
public:
  GoodWorker()
      : T([this](std::stop_token St) {
          std::unique_lock<std::mutex> Lock(Mu);
          while (Cv.wait(Lock, St, [this] { return !Jobs.empty(); })) {
            handle(Jobs.front());
            Jobs.pop_front();
          }
        }) {}

private:
  std::mutex Mu;
  std::condition_variable_any Cv;
  std::deque<int> Jobs;
  std::jthread T;
};

// A stop flag set before notify_all, then a join: fine.
class FlagWorker {
public:
  FlagWorker() : T([this] {
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Stop.load())
      Cv.wait(Lock, [this] { return Stop.load() || !Jobs.empty(); });
  }) {}
  ~FlagWorker() {
    Stop = true;
    Cv.notify_all();
    T.join();
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Jobs;
  std::atomic<bool> Stop{false};
  std::thread T;
};

// A counting semaphore acquired in an endless loop.
std::counting_semaphore<16> Slots(0);

void semaphore_forever() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Slots.acquire': the loop around it never exits, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:13: note: it can block forever in 'Slots.acquire' here
  // CHECK-MESSAGES: :[[@LINE+7]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: this loop never exits
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: let the loop exit on a stop flag or on 'std::stop_token::stop_requested()'
    while (true) {
      Slots.acquire();
      handle(0);
    }
  }).detach();
}

// A promise set on some paths only.
std::promise<int> Answer;

void answer(int V) {
  if (V > 0)
    Answer.set_value(V);
}

void future_some_paths() {
  std::thread([F = Answer.get_future()]() mutable { handle(F.get()); })
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'F.get': the promise 'Answer' is set only on some paths, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:62: note: it can block forever in 'F.get' here
  // CHECK-MESSAGES: :[[@LINE+3]]:8: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-8]]:12: note: 'Answer' is set here, but not on every path of 'answer'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
      .detach();
}

// A latch counted down by the starter: fine.
void latch_ok() {
  std::latch Ready(1);
  std::thread T([&Ready] { Ready.wait(); });
  Ready.count_down();
  T.join();
}

int main() {
  answer(1);
  StuckWorker S;
  S.start();
  S.push(1);
  GoodWorker G;
  FlagWorker F;
}
