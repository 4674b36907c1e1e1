// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// A latch or barrier sized by a constant waits for that many arrivals: when
// every arrival of the code can be counted (threads started once, or in a
// counting loop with constant bounds) and they are fewer, the wait never
// ends. Counts the analysis cannot know make no claim.

#include <barrier>
#include <latch>
#include <thread>

void publish();
void work(int);

// Leak: three participants expected, two threads arrive.
std::barrier<> Trio(3);
void run_trio() {
  std::thread A([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Trio.arrive_and_wait': 'Trio' waits for 3 arrivals, but the analysed code makes 2, and 'run_trio' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:10: note: it can block forever in 'Trio.arrive_and_wait' here
  // CHECK-MESSAGES: :[[@LINE+15]]:5: note: the thread is joined here, in 'run_trio', which then hangs
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: 'Trio' is sized for 3 arrivals here
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: size 'Trio' by the arrivals the code makes, or make the missing participants arrive
    Trio.arrive_and_wait();
    publish();
  });
  std::thread B([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Trio.arrive_and_wait': 'Trio' waits for 3 arrivals, but the analysed code makes 2, and 'run_trio' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:10: note: it can block forever in 'Trio.arrive_and_wait' here
  // CHECK-MESSAGES: :[[@LINE+7]]:5: note: the thread is joined here, in 'run_trio', which then hangs
  // CHECK-MESSAGES: :[[@LINE-15]]:16: note: 'Trio' is sized for 3 arrivals here
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: size 'Trio' by the arrivals the code makes, or make the missing participants arrive
    Trio.arrive_and_wait();
    publish();
  });
  A.join();
  B.join();
}

// Clean: sized for the two threads that arrive.
std::barrier<> Duo(2);
void run_duo() {
  std::thread A([] {
    Duo.arrive_and_wait();
    publish();
  });
  std::thread B([] {
    Duo.arrive_and_wait();
    publish();
  });
  A.join();
  B.join();
}

// Leak: the latch waits for 5 count_downs, the loop starts 4 workers.
std::latch Done(5);
void run_workers() {
  std::thread Waiter([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Done.wait': 'Done' waits for 5 arrivals, but the analysed code makes 4, and 'run_workers' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:10: note: it can block forever in 'Done.wait' here
  // CHECK-MESSAGES: :[[@LINE+11]]:10: note: the thread is joined here, in 'run_workers', which then hangs
  // CHECK-MESSAGES: :[[@LINE-6]]:12: note: 'Done' is sized for 5 arrivals here
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: size 'Done' by the arrivals the code makes, or make the missing participants arrive
    Done.wait();
    publish();
  });
  for (int I = 0; I < 4; ++I)
    std::thread([I] {
      work(I);
      Done.count_down();
    }).detach();
  Waiter.join();
}

// Clean: one count_down per worker.
std::latch Done2(4);
void run_workers2() {
  std::thread Waiter([] {
    Done2.wait();
    publish();
  });
  for (int I = 0; I < 4; ++I)
    std::thread([I] {
      work(I);
      Done2.count_down();
    }).detach();
  Waiter.join();
}

// Clean: the number of workers is not known here.
std::latch Done3(4);
void run_workers3(int N) {
  std::thread Waiter([] {
    Done3.wait();
    publish();
  });
  for (int I = 0; I < N; ++I)
    std::thread([I] {
      work(I);
      Done3.count_down();
    }).detach();
  Waiter.join();
}
