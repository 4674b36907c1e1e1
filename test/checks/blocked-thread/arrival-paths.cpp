// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// Every path of the code meant to arrive must arrive: an early return or an
// exception (a call that visibly throws, caught in the function or leaving
// it) before an unconditional count_down, arrive, release or set_value
// leaves the waiter one arrival short. A conditional arrival is deliberate.

#include <barrier>
#include <future>
#include <latch>
#include <semaphore>
#include <semaphore.h>
#include <thread>

bool fetch();
void publish();
void log_failure();
void use(int);
int parse_strict(const char *Text) {
  if (!Text)
    throw 1;
  return 0;
}
int parse_lenient(const char *Text);

// Leak: an early return skips the count_down.
std::latch Loaded(1);
void load_config() {
  if (!fetch())
    return;
  Loaded.count_down();
}
void start_publisher() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Loaded.wait': 'Loaded' is counted down in 'load_config', but a return before it skips it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:12: note: it can block forever in 'Loaded.wait' here
  // CHECK-MESSAGES: :[[@LINE+6]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: this return leaves 'load_config' without counting 'Loaded' down
  // CHECK-MESSAGES: :[[@LINE-8]]:10: note: 'Loaded' is counted down here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: count the latch down on every path, or wait with a timeout
    Loaded.wait();
    publish();
  }).detach();
}

// Clean: the error path counts down too.
std::latch Loaded2(1);
void load_config2() {
  if (!fetch()) {
    Loaded2.count_down();
    return;
  }
  Loaded2.count_down();
}
void start_publisher2() {
  std::thread([] {
    Loaded2.wait();
    publish();
  }).detach();
}

// Clean: the last of several callers counts down (a conditional arrival).
std::latch AllDone(1);
int Pending = 4;
void finish_one() {
  if (--Pending == 0)
    AllDone.count_down();
}
void start_reporter() {
  std::thread([] {
    AllDone.wait();
    publish();
  }).detach();
}

// Leak: a caught exception skips the count_down.
std::latch Parsed(1);
int Value;
void ingest(const char *Text) {
  try {
    Value = parse_strict(Text);
    Parsed.count_down();
  } catch (...) {
    log_failure();
  }
}
void start_consumer() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Parsed.wait': 'Parsed' is counted down in 'ingest', but an exception from 'parse_strict' skips it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:12: note: it can block forever in 'Parsed.wait' here
  // CHECK-MESSAGES: :[[@LINE+6]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-11]]:13: note: 'parse_strict' can throw here, and then 'Parsed' is not counted down
  // CHECK-MESSAGES: :[[@LINE-11]]:12: note: 'Parsed' is counted down here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: count the latch down on every path, or wait with a timeout
    Parsed.wait();
    use(Value);
  }).detach();
}

// Clean: counted down after the try, whatever happened.
std::latch Parsed2(1);
int Value2;
void ingest2(const char *Text) {
  try {
    Value2 = parse_strict(Text);
  } catch (...) {
    log_failure();
  }
  Parsed2.count_down();
}
void start_consumer2() {
  std::thread([] {
    Parsed2.wait();
    use(Value2);
  }).detach();
}

// Clean: the callee does not visibly throw.
std::latch Parsed3(1);
void ingest3(const char *Text) {
  try {
    Value2 = parse_lenient(Text);
    Parsed3.count_down();
  } catch (...) {
    log_failure();
  }
}
void start_consumer3() {
  std::thread([] {
    Parsed3.wait();
    use(Value2);
  }).detach();
}

// Leak: the only release is skipped by an early return.
std::binary_semaphore Ready(0);
void produce() {
  if (!fetch())
    return;
  Ready.release();
}
void start_waiter() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Ready.acquire': 'Ready' is released in 'produce', but a return before it skips it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:11: note: it can block forever in 'Ready.acquire' here
  // CHECK-MESSAGES: :[[@LINE+6]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: this return leaves 'produce' without releasing 'Ready'
  // CHECK-MESSAGES: :[[@LINE-8]]:9: note: 'Ready' is released here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
    Ready.acquire();
    publish();
  }).detach();
}

// Clean: another producer releases on every path.
std::binary_semaphore Ready2(0);
void produce2() {
  if (!fetch())
    return;
  Ready2.release();
}
void produce2_fallback() { Ready2.release(); }
void start_waiter2() {
  std::thread([] {
    Ready2.acquire();
    publish();
  }).detach();
}

// Leak: sem_post skipped by an early return.
sem_t Avail;
void post_avail() {
  if (!fetch())
    return;
  sem_post(&Avail);
}
void start_sem_waiter() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'sem_wait': 'Avail' is released in 'post_avail', but a return before it skips it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:5: note: it can block forever in 'sem_wait' here
  // CHECK-MESSAGES: :[[@LINE+6]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: this return leaves 'post_avail' without releasing 'Avail'
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'Avail' is released here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
    sem_wait(&Avail);
    publish();
  }).detach();
}

// Leak: a barrier participant returns early.
std::barrier<> Sync(2);
void step() {
  if (!fetch())
    return;
  Sync.arrive_and_wait();
}
void start_stepper() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Sync.arrive_and_wait': 'Sync' is arrived at in 'step', but a return before it skips it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:10: note: it can block forever in 'Sync.arrive_and_wait' here
  // CHECK-MESSAGES: :[[@LINE+6]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: this return leaves 'step' without arriving at 'Sync'
  // CHECK-MESSAGES: :[[@LINE-8]]:8: note: 'Sync' is arrived at here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: make every participant arrive, or use 'arrive_and_drop' on exit paths
    Sync.arrive_and_wait();
    publish();
  }).detach();
}

// Leak: the promise is not set when parsing throws.
std::promise<int> Reply;
void serve(const char *Text) {
  try {
    Reply.set_value(parse_strict(Text));
  } catch (...) {
    log_failure();
  }
}
void start_client() {
  std::thread([F = Reply.get_future()]() mutable { use(F.get()); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'F.get': the promise 'Reply' is set only on some paths, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:58: note: it can block forever in 'F.get' here
  // CHECK-MESSAGES: :[[@LINE-3]]:69: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-10]]:11: note: 'Reply' is set here, but not on every path of 'serve'
  // CHECK-MESSAGES: :[[@LINE-11]]:21: note: 'parse_strict' can throw here, and then 'Reply' is not set
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: set the promise on every path ('set_exception' on error paths), or let it be destroyed so that the waiting 'get' throws
}

// Clean: the handler sets an exception.
std::promise<int> Reply2;
void serve2(const char *Text) {
  try {
    Reply2.set_value(parse_strict(Text));
  } catch (...) {
    Reply2.set_exception(std::current_exception());
  }
}
void start_client2() {
  std::thread([F = Reply2.get_future()]() mutable { use(F.get()); }).detach();
}

// Clean: an exception leaving a thread's entry ends the process, so no
// waiter is left behind.
std::latch Parsed4(1);
int Value4;
void start_parser4(const char *Text) {
  std::thread([Text] {
    Value4 = parse_strict(Text);
    Parsed4.count_down();
  }).detach();
  std::thread([] {
    Parsed4.wait();
    use(Value4);
  }).detach();
}

// Clean: an exception leaving a noexcept function ends the process.
std::latch Parsed5(1);
void ingest5(const char *Text) noexcept {
  Value2 = parse_strict(Text);
  Parsed5.count_down();
}
void start_consumer5() {
  std::thread([] {
    Parsed5.wait();
    use(Value2);
  }).detach();
}

// Clean: the path that skips the count_down ends the process.
[[noreturn]] void fatal(const char *Why);
std::latch Loaded6(1);
void load_config6() {
  if (!fetch())
    fatal("no config");
  Loaded6.count_down();
}
void start_publisher6() {
  std::thread([] {
    Loaded6.wait();
    publish();
  }).detach();
}

// Clean: a stop function that returns early when it already ran; no thread
// waits then.
class Poller {
public:
  void start() {
    Running = true;
    T = std::thread([this] {
      Quit.acquire();
      publish();
    });
  }
  void stop() {
    if (!Running)
      return;
    Running = false;
    Quit.release();
    T.join();
  }

private:
  bool Running = false;
  std::binary_semaphore Quit{0};
  std::thread T;
};
void shut(Poller &P) { P.stop(); }
