// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

#include <atomic>
#include <barrier>
#include <chrono>
#include <latch>
#include <semaphore>
#include <thread>

void process();

// A worker loop on a semaphore with no stop request: it waits forever once
// the producers are done.
std::counting_semaphore<64> Items(0);

void produce() { Items.release(); }

void semaphore_worker_without_stop() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Items.acquire': the loop around it never exits, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:13: note: it can block forever in 'Items.acquire' here
  // CHECK-MESSAGES: :[[@LINE+7]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: this loop never exits
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: let the loop exit on a stop flag or on 'std::stop_token::stop_requested()'
    for (;;) {
      Items.acquire();
      process();
    }
  }).detach();
}

// The same loop exits on a flag that shutdown sets before releasing.
std::counting_semaphore<64> Tasks(0);
std::atomic<bool> Quit{false};

void shutdown_tasks() {
  Quit = true;
  Tasks.release();
}

void semaphore_worker_with_stop_flag() {
  std::thread([] {
    while (true) {
      Tasks.acquire();
      if (Quit)
        return;
      process();
    }
  }).detach();
}

// The loop checks a stop flag, but nothing releases after setting it.
std::binary_semaphore Signal(0);
std::atomic<bool> Halt{false};

void halt_without_release() { Halt.store(true); }

void semaphore_stop_flag_without_release() {
  std::thread T([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Signal.acquire': 'Halt' is set but 'Signal' is not woken after it, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:14: note: it can block forever in 'Signal.acquire' here
  // CHECK-MESSAGES: :[[@LINE+8]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-7]]:36: note: 'Halt' is set here, with no wake after it
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: wake 'Signal' right after setting 'Halt' ('notify_all' on a condition variable, 'release' on a semaphore)
    while (!Halt) {
      Signal.acquire();
      process();
    }
  });
  T.detach();
}

// A single acquire that another function releases: fine.
std::binary_semaphore Go(0);

void one_shot_semaphore_released() {
  std::thread T([] {
    Go.acquire();
    process();
  });
  Go.release();
  T.join();
}

// A single acquire nothing ever releases.
std::binary_semaphore Never(0);

void one_shot_semaphore_never_released() {
  std::thread T([] { Never.acquire(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Never.acquire': nothing outside the thread releases 'Never', and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: note: it can block forever in 'Never.acquire' here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
  T.detach();
}

// A timed acquire in a loop that can exit: fine.
std::binary_semaphore Tick(0);

void timed_acquire_loop() {
  std::thread([] {
    while (!Quit)
      if (Tick.try_acquire_for(std::chrono::milliseconds(10)))
        process();
  }).detach();
}

// A latch nothing counts down.
std::latch Started(1);

void latch_never_counted_down() {
  std::thread T([] { Started.wait(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Started.wait': nothing outside the thread counts 'Started' down, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:30: note: it can block forever in 'Started.wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: count the latch down on every path, or wait with a timeout
  T.detach();
}

// A latch the starting function counts down: fine.
std::latch Ready(1);

void latch_counted_down() {
  std::thread T([] {
    Ready.wait();
    process();
  });
  Ready.count_down();
  T.join();
}

// A barrier with one participant that no other thread arrives at.
std::barrier<> Phase(2);

void barrier_alone() {
  std::thread T([] { Phase.arrive_and_wait(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Phase.arrive_and_wait': no other thread arrives at 'Phase', and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: note: it can block forever in 'Phase.arrive_and_wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: fix: make every participant arrive, or use 'arrive_and_drop' on exit paths
  T.detach();
}

// A barrier the starting thread arrives at as well: fine.
std::barrier<> Meet(2);

void barrier_with_partner() {
  std::thread T([] {
    process();
    Meet.arrive_and_wait();
  });
  Meet.arrive_and_wait();
  T.join();
}

int main() {
  produce();
  shutdown_tasks();
  halt_without_release();
}
