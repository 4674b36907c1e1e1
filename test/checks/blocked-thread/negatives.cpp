// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -pthread

// Everyday shapes that end correctly, on the real libstdc++ headers: no warning.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <future>
#include <latch>
#include <barrier>
#include <vector>
#include <deque>
#include <atomic>
#include <string>
#include <chrono>

std::mutex m;
std::condition_variable cv;
std::string data;
bool ready = false;
bool processed = false;

void worker_thread() {
  std::unique_lock lk(m);
  cv.wait(lk, [] { return ready; });
  data += " after processing";
  processed = true;
  lk.unlock();
  cv.notify_one();
}

int cppref_main() {
  std::thread worker(worker_thread);
  data = "Example data";
  {
    std::lock_guard lk(m);
    ready = true;
  }
  cv.notify_one();
  {
    std::unique_lock lk(m);
    cv.wait(lk, [] { return processed; });
  }
  worker.join();
  return 0;
}

void latch_workers() {
  const int N = 4;
  std::latch start(N);
  std::vector<std::thread> ts;
  for (int i = 0; i < N; ++i)
    ts.emplace_back([&] { start.arrive_and_wait(); });
  for (auto &t : ts) t.join();
}

void producer_consumer() {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  std::thread consumer([&f] { (void)f.get(); });
  std::thread producer([&p] { p.set_value(42); });
  consumer.join();
  producer.join();
}

struct Queue {
  std::mutex mu; std::condition_variable cv; std::deque<int> q; bool done = false;
};

void prod_cons_threads() {
  Queue Q;
  std::thread cons([&Q] {
    std::unique_lock lk(Q.mu);
    while (true) {
      Q.cv.wait(lk, [&] { return Q.done || !Q.q.empty(); });
      if (Q.q.empty() && Q.done) break;
      Q.q.pop_front();
    }
  });
  std::thread prod([&Q] {
    for (int i = 0; i < 10; ++i) {
      std::lock_guard lk(Q.mu);
      Q.q.push_back(i);
      Q.cv.notify_one();
    }
    { std::lock_guard lk(Q.mu); Q.done = true; }
    Q.cv.notify_all();
  });
  prod.join();
  cons.join();
}

std::atomic<bool> running{true};
void timed_poll() {
  std::thread t([] {
    std::unique_lock lk(m);
    while (running.load())
      cv.wait_for(lk, std::chrono::milliseconds(50));
  });
  running = false;
  t.join();
}

class Timer {
public:
  Timer() : th_([this] { loop(); }) {}
  ~Timer() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    th_.join();
  }
private:
  void loop() {
    std::unique_lock<std::mutex> lk(mu_);
    while (!stop_) {
      if (cv_.wait_for(lk, std::chrono::seconds(1), [this] { return stop_; }))
        break;
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread th_;
};


// Control: the handshake above without the signal after 'ready' is set.
bool go = false;
void control_handshake_without_notify() {
  std::thread worker([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'cv.wait': 'go' is set but 'cv' is not woken after it, and 'control_handshake_without_notify' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:8: note: it can block forever in 'cv.wait' here
  // CHECK-MESSAGES: :[[@LINE+10]]:10: note: the thread is joined here, in 'control_handshake_without_notify', which then hangs
  // CHECK-MESSAGES: :[[@LINE+7]]:8: note: 'go' is set here, with no wake after it
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: wake 'cv' right after setting 'go' ('notify_all' on a condition variable, 'release' on a semaphore)
    std::unique_lock lk(m);
    cv.wait(lk, [] { return go; });
  });
  {
    std::lock_guard lk(m);
    go = true;
  }
  worker.join();
}

int main() { cppref_main(); Timer t; }
