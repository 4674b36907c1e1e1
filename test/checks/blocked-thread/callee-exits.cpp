// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// A worker loop whose exit is decided in a callee: `while (process_next())`
// where process_next returns false when it receives a terminate message. The
// loop ends when the owner sends one (a wake of the queue from code that
// runs); without anyone sending, the wait inside the callee has no way out.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

struct Msg {
  int Kind = 0; // 0: stop, else work
};

class Inbox {
public:
  void send(Msg M) {
    {
      std::lock_guard<std::mutex> G(Mu);
      Items.push_back(M);
    }
    Cv.notify_one();
  }
  Msg receive() {
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [this] { return !Items.empty(); });
    Msg M = Items.front();
    Items.pop_front();
    return M;
  }

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<Msg> Items;
};

void work(int);

class Actor {
public:
  Actor() : T([this] {
      while (process_next())
        ;
    }) {}
  // Shutdown sends the poison pill, then joins.
  ~Actor() {
    Box.send(Msg{0});
    T.join();
  }

private:
  bool process_next() {
    Msg M = Box.receive();
    if (M.Kind == 0)
      return false;
    work(M.Kind);
    return true;
  }
  Inbox Box;
  std::thread T;
};

// The same actor, but its owner never sends the terminate message (nor
// anything else): the worker waits in receive() forever.
class SilentActor {
public:
  SilentActor() : T([this] {
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: thread started here can block forever in 'process_next': its predicate observes no stop request, and 'SilentActor::~SilentActor' joins it and hangs [leak-blocked-thread]
      while (process_next())
        ;
    }) {}
  ~SilentActor() { T.join(); }

private:
  bool process_next() {
    Msg M = Quiet.receive();
    return M.Kind != 0;
  }
  Inbox Quiet;
  std::thread T;
};

Actor A;
SilentActor S;
