// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// The program's own thread starters need no ThreadStarters configuration: a
// function or constructor that starts a std::thread or pthread_create with
// the callable it is given is a starter, and each call to it a thread start.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <thread>

std::mutex Mu;
std::condition_variable Cv;
bool Ready = false;
bool Quit = false;

// -- A function that detaches a std::thread running its argument ---------

template <class F> void spawn_detached(F Fn) {
  std::thread(std::move(Fn)).detach();
}

void leaks_through_spawn() {
  spawn_detached([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Cv.wait': 'Ready' is never set outside the thread, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+5]]:8: note: it can block forever in 'Cv.wait' here
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: 'spawn_detached' starts the thread here
  // CHECK-MESSAGES: :[[@LINE-8]]:30: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: fix: set 'Ready' on the shutdown path, then wake every waiter on 'Cv'
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [] { return Ready; });
  });
}

void no_leak_when_stopped() {
  spawn_detached([] {
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [] { return Quit; });
  });
}

void stop_all() {
  {
    std::lock_guard<std::mutex> G(Mu);
    Quit = true;
  }
  Cv.notify_all();
}

// -- A lambda that calls the callable it captured ------------------------

void run_in_background(std::function<void()> Task) {
  std::thread T([Task] { Task(); });
  T.detach();
}

void leaks_through_background() {
  run_in_background([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'Cv.wait': 'Ready' is never set outside the thread, and the thread is detached [leak-blocked-thread]
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [] { return Ready; });
  });
}

// -- A pthread wrapper passing the argument on ---------------------------

struct Job {
  std::mutex Mu;
  std::condition_variable Cv;
  bool Done = false;
};

int start_detached(void *(*Fn)(void *), void *Arg) {
  pthread_attr_t A;
  pthread_attr_init(&A);
  pthread_attr_setdetachstate(&A, PTHREAD_CREATE_DETACHED);
  pthread_t T;
  return pthread_create(&T, &A, Fn, Arg);
}

static void *wait_for_job(void *P) {
  Job *J = static_cast<Job *>(P);
  std::unique_lock<std::mutex> L(J->Mu);
  J->Cv.wait(L, [J] { return J->Done; });
  return nullptr;
}

Job TheJob;
void leaks_through_pthread_wrapper() {
  start_detached(wait_for_job, &TheJob);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'J->Cv.wait': 'Done' is never set outside the thread, and the thread is created detached [leak-blocked-thread]
}

// -- A thread class whose constructor starts the callable ---------------

class Thread {
public:
  template <class F> explicit Thread(F Fn) : T(std::move(Fn)) {}
  ~Thread() { T.join(); }

private:
  std::thread T;
};

void leaks_through_thread_class() {
  Thread W([] {
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: thread started here can block forever in 'Cv.wait': 'Ready' is never set outside the thread, and 'Thread::~Thread' joins it and hangs [leak-blocked-thread]
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [] { return Ready; });
  });
}

// -- Not a wrapper: the callable it is given is only called here ----------

template <class F> void call_now(F Fn) { Fn(); }

void runs_inline() {
  call_now([] {
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [] { return Ready; });
  });
}
