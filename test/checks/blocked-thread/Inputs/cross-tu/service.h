#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>

// A worker whose stop() is its only way out.
class Service {
public:
  void start();
  void stop();

private:
  std::mutex Mu;
  std::condition_variable Cv;
  bool Stop = false;
};

// A queue whose close() is the way out of pop().
class Queue {
public:
  void push(int V);
  bool pop(int &Out);
  void close();

private:
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Items;
  bool Closed = false;
};

// A pool whose worker pops from its queue; shutdown() closes it.
class Pool {
public:
  void start();
  void shutdown();

private:
  Queue Jobs;
};
