// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread
// RUN: %check_leak --check-prefix=SHALLOW %s leak-blocked-thread %t.shallow -config="{CheckOptions: {leak-blocked-thread.MaxCallDepth: 0}}" -- -std=c++20 -isystem %inputs/blocked-thread

// A way out counts only if code that runs takes it: the stop function must be
// called, by a function that is itself called (or runs by itself: main, a
// constructor or destructor, a virtual function, a free function other files
// can call). Each message says which of these fails.

#include <condition_variable>
#include <latch>
#include <mutex>
#include <semaphore>
#include <thread>

// -- A stop method whose only caller never runs --------------------------

class Service {
public:
  void start() {
    std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'Cv.wait': 'Service::stop' would set 'Stop', but only code that never runs calls it, and the thread is detached [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+7]]:10: note: it can block forever in 'Cv.wait' here
    // CHECK-MESSAGES: :[[@LINE+7]]:8: note: the thread is detached here
    // CHECK-MESSAGES: :[[@LINE+12]]:12: note: 'Stop' is set here, in 'Service::stop'
    // CHECK-MESSAGES: :[[@LINE+28]]:45: note: 'Service::stop' is called here, in 'shutdown_helper', which nothing in the analysed code runs
    // CHECK-MESSAGES: :[[@LINE-6]]:5: note: fix: call 'Service::stop' on the shutdown path, before the thread is joined or abandoned
    // SHALLOW: :[[@LINE-7]]:5: warning: thread started here can block forever in 'Cv.wait': 'Service::stop' would set 'Stop', but only code that never runs calls it, and the thread is detached [leak-blocked-thread]
      std::unique_lock<std::mutex> L(Mu);
      Cv.wait(L, [this] { return Stop; });
    }).detach();
  }

  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stop = true;
    }
    Cv.notify_all();
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stop = false;
};

void run_service() {
  Service S;
  S.start();
}

// File-local and never called: the stop it makes never happens.
static void shutdown_helper(Service &S) { S.stop(); }

// -- The same, with a caller that runs: no finding -----------------------

class CalledService {
public:
  void start() {
    std::thread([this] {
      std::unique_lock<std::mutex> L(Mu);
      Cv.wait(L, [this] { return Stop; });
    }).detach();
  }
  void stop() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Stop = true;
    }
    Cv.notify_all();
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stop = false;
};

CalledService Called;
static void called_shutdown() { Called.stop(); }

// -- A semaphore released, a latch counted down, only in dead code -------

std::counting_semaphore<4> Slots(0);
static void release_slots() { Slots.release(); }

void wait_for_slot() {
  std::thread([] { Slots.acquire(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Slots.acquire': 'Slots' is released only in 'release_slots', which nothing in the analysed code runs, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:26: note: it can block forever in 'Slots.acquire' here
  // CHECK-MESSAGES: :[[@LINE-3]]:40: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-7]]:37: note: 'Slots' is released here, in code that never runs
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
  // SHALLOW: :[[@LINE-6]]:3: warning: thread started here can block forever in 'Slots.acquire': 'Slots' is released only in 'release_slots', which nothing in the analysed code runs, and the thread is detached [leak-blocked-thread]
}

std::latch Ready(1);
static void mark_ready() { Ready.count_down(); }

void wait_until_ready() {
  std::thread([] { Ready.wait(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Ready.wait': 'Ready' is counted down only in 'mark_ready', which nothing in the analysed code runs, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:26: note: it can block forever in 'Ready.wait' here
  // CHECK-MESSAGES: :[[@LINE-3]]:37: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-7]]:34: note: 'Ready' is counted down here, in code that never runs
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: count the latch down on every path, or wait with a timeout
  // SHALLOW: :[[@LINE-6]]:3: warning: thread started here can block forever in 'Ready.wait': 'Ready' is counted down only in 'mark_ready', which nothing in the analysed code runs, and the thread is detached [leak-blocked-thread]
}

// The same latch counted down by code that runs: no finding.
std::latch Go(1);
static void mark_go() { Go.count_down(); }
void wait_until_go() {
  std::thread([] { Go.wait(); }).detach();
  mark_go();
}

// -- Only the thread itself calls the stop function ----------------------
// With MaxCallDepth 0 the thread's body is its entry alone: the stop
// function it calls is outside the body, but its only caller is the thread.

std::mutex SelfMu;
std::condition_variable SelfCv;
bool SelfStop = false;
static void self_stop() {
  {
    std::lock_guard<std::mutex> G(SelfMu);
    SelfStop = true;
  }
  SelfCv.notify_all();
}

void stops_only_itself() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'SelfCv.wait': 'SelfStop' is never set outside the thread, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+11]]:12: note: it can block forever in 'SelfCv.wait' here
  // CHECK-MESSAGES: :[[@LINE+11]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: set 'SelfStop' on the shutdown path, then wake every waiter on 'SelfCv'
  // SHALLOW: :[[@LINE-5]]:3: warning: thread started here can block forever in 'SelfCv.wait': 'self_stop' would set 'SelfStop', but only the thread itself calls it, and the thread is detached [leak-blocked-thread]
  // SHALLOW: :[[@LINE+7]]:12: note: it can block forever in 'SelfCv.wait' here
  // SHALLOW: :[[@LINE+7]]:6: note: the thread is detached here
  // SHALLOW: :[[@LINE-14]]:14: note: 'SelfStop' is set here, in 'self_stop'
  // SHALLOW: :[[@LINE+2]]:5: note: 'self_stop' is called here, by the thread itself
  // SHALLOW: :[[@LINE-10]]:3: note: fix: call 'self_stop' on the shutdown path, before the thread is joined or abandoned
    self_stop();
    std::unique_lock<std::mutex> L(SelfMu);
    SelfCv.wait(L, [] { return SelfStop; });
  }).detach();
}

int main() {
  called_shutdown();
  Called.start();
  run_service();
  wait_for_slot();
  wait_until_ready();
  wait_until_go();
  stops_only_itself();
}
