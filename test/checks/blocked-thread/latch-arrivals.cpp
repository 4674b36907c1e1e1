// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// A latch sized for every element of a collection must be counted down once
// per element: a loop over the collection that skips some elements (a
// 'continue' or an early 'return' before the count_down) leaves it short.

#include <latch>
#include <thread>
#include <vector>

struct Shard {
  bool Empty;
};
void work(Shard &);
void publish();

void skipped_shards_never_arrive(std::vector<Shard> &Shards) {
  std::latch Done(Shards.size());
  std::thread Coord([&Done] {
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started here can block forever in 'Done.wait': 'Done' expects one arrival per element of 'Shards', but the loop over it skips some, and 'skipped_shards_never_arrive' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE+4]]:10: note: it can block forever in 'Done.wait' here
  // CHECK-MESSAGES: :[[@LINE+17]]:9: note: the thread is joined here, in 'skipped_shards_never_arrive', which then hangs
  // CHECK-MESSAGES: :[[@LINE+8]]:7: note: this skips the 'count_down' of that element
  // CHECK-MESSAGES: :[[@LINE-5]]:15: note: fix: count the latch down on every path, or wait with a timeout
    Done.wait();
    publish();
  });
  std::vector<std::thread> Workers;
  for (Shard &S : Shards) {
    if (S.Empty)
      continue;
    Workers.emplace_back([&Done, &S] {
      work(S);
      Done.count_down();
    });
  }
  for (std::thread &W : Workers)
    W.join();
  Coord.join();
}

// Clean: skipped shards count down too.
void skipped_shards_arrive(std::vector<Shard> &Shards) {
  std::latch Done(Shards.size());
  std::thread Coord([&Done] {
    Done.wait();
    publish();
  });
  for (Shard &S : Shards) {
    if (S.Empty) {
      Done.count_down();
      continue;
    }
    work(S);
    Done.count_down();
  }
  Coord.join();
}
