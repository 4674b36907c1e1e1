// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

// A blocking queue with a close operation: pop returns false once closed.
template <class T> class ClosableQueue {
public:
  void push(T V) {
    {
      std::lock_guard<std::mutex> G(Mu);
      Items.push_back(V);
    }
    Cv.notify_one();
  }
  bool pop(T &Out) {
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock, [this] { return Closed || !Items.empty(); });
    if (Items.empty())
      return false;
    Out = Items.front();
    Items.pop_front();
    return true;
  }
  void close() {
    {
      std::lock_guard<std::mutex> G(Mu);
      Closed = true;
    }
    Cv.notify_all();
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<T> Items;
  bool Closed = false;
};

// A blocking queue without any way to close it.
class PlainQueue {
public:
  void push(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Items.push_back(V);
    Cv.notify_one();
  }
  int pop() {
    std::unique_lock<std::mutex> Lock(Mu);
    while (Items.empty())
      Cv.wait(Lock);
    int V = Items.front();
    Items.pop_front();
    return V;
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Items;
};

void handle(int);

// Consumer of a closable queue, and the queue is closed on shutdown.
class Consumer {
public:
  Consumer() : T([this] { run(); }) {}
  ~Consumer() {
    Q.close();
    T.join();
  }
  void submit(int V) { Q.push(V); }

private:
  void run() {
    int V;
    while (Q.pop(V))
      handle(V);
  }
  ClosableQueue<int> Q;
  std::thread T;
};

// The same queue, but nobody ever closes it.
ClosableQueue<long> Orphaned;

void consume_queue_never_closed() {
  std::thread([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Orphaned.pop': 'ClosableQueue::close' would set 'Closed', but it is never called on 'Orphaned', and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+7]]:21: note: the thread calls 'Orphaned.pop' here
  // CHECK-MESSAGES: :[[@LINE-74]]:8: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+7]]:6: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-66]]:14: note: 'Closed' is set here, in 'ClosableQueue::close'
  // CHECK-MESSAGES: :[[@LINE-25]]:7: note: 'ClosableQueue::close' is called here, on another object
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: fix: call 'ClosableQueue::close' on the shutdown path, before the thread is joined or abandoned
    long V;
    while (Orphaned.pop(V))
      handle(static_cast<int>(V));
  }).detach();
}

// A queue that cannot be closed at all.
PlainQueue Plain;

void consume_queue_without_close() {
  std::thread T([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Plain.pop': the wait has no predicate and observes no stop request, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:21: note: the thread calls 'Plain.pop' here
  // CHECK-MESSAGES: :[[@LINE-59]]:10: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+9]]:5: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: give 'PlainQueue' a close operation that sets a flag its wait predicate reads and calls 'notify_all', and call it on shutdown
    for (;;) {
      int V = Plain.pop();
      if (V < 0)
        break;
      handle(V);
    }
  });
  T.detach();
}

// A pool of workers draining a closable queue, closed before the joins.
class WorkerPool {
public:
  explicit WorkerPool(int N) {
    for (int I = 0; I < N; ++I)
      Workers.emplace_back([this] {
        int V;
        while (Jobs.pop(V))
          handle(V);
      });
  }
  ~WorkerPool() {
    Jobs.close();
    for (auto &W : Workers)
      W.join();
  }

private:
  ClosableQueue<int> Jobs;
  std::vector<std::thread> Workers;
};

// A pool whose destructor joins without closing the queue first: it hangs.
class HangingPool {
public:
  HangingPool() {
    for (int I = 0; I < 2; ++I)
      Workers.emplace_back([this] {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started here can block its joiner forever: 'HangingPool::~HangingPool' joins it without setting 'Closed' first [leak-blocked-thread]
      // CHECK-MESSAGES: :[[@LINE-134]]:8: note: the thread can be blocked here until 'Closed' is set
      // CHECK-MESSAGES: :[[@LINE+9]]:9: note: joined here, with no stop request before it
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: fix: set 'Closed' and wake the thread before joining it in 'HangingPool::~HangingPool'
        short V;
        while (Jobs.pop(V))
          handle(V);
      });
  }
  ~HangingPool() {
    for (auto &W : Workers)
      W.join();
  }
  void shutdown() { Jobs.close(); }

private:
  ClosableQueue<short> Jobs;
  std::vector<std::thread> Workers;
};

void use_pools() {
  WorkerPool P(4);
  HangingPool H;
  H.shutdown();
}

// A consumer that ends on a poison pill the starter sends: fine.
PlainQueue Inbox;

void consume_until_poison_pill() {
  std::thread T([] {
    for (;;) {
      int V = Inbox.pop();
      if (V < 0)
        return;
      handle(V);
    }
  });
  Inbox.push(1);
  Inbox.push(-1);
  T.join();
}

// The classic thread pool: a stop flag under the mutex, notify_all, joins.
class ThreadPool {
public:
  explicit ThreadPool(int N) {
    for (int I = 0; I < N; ++I)
      Threads.emplace_back([this] {
        for (;;) {
          int Job;
          {
            std::unique_lock<std::mutex> Lock(Mu);
            Cv.wait(Lock, [this] { return Stop || !Jobs.empty(); });
            if (Stop && Jobs.empty())
              return;
            Job = Jobs.front();
            Jobs.pop_front();
          }
          handle(Job);
        }
      });
  }
  ~ThreadPool() {
    {
      std::unique_lock<std::mutex> Lock(Mu);
      Stop = true;
    }
    Cv.notify_all();
    for (std::thread &T : Threads)
      T.join();
  }
  void enqueue(int Job) {
    {
      std::unique_lock<std::mutex> Lock(Mu);
      Jobs.push_back(Job);
    }
    Cv.notify_one();
  }

private:
  std::vector<std::thread> Threads;
  std::deque<int> Jobs;
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stop = false;
};

void use_thread_pool() {
  ThreadPool P(4);
  P.enqueue(1);
}
