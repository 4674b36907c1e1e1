// RUN: not %clang_tidy_plugin -checks=-*,leak-blocked-thread %s -- -std=c++20 -isystem %inputs/blocked-thread 2>&1 | FileCheck %s --implicit-check-not="warning:"

// Code with errors: no finding is invented from error recovery, no crash.
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex M;
std::condition_variable CV;

void undeclared_in_body() {
  std::thread([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return NoSuchFlag; });
    // CHECK: error: use of undeclared identifier 'NoSuchFlag'
  }).detach();
}

void undeclared_entry() {
  std::thread T(no_such_function);
  // CHECK: error: unknown type name 'no_such_function'
  T.detach();
}

class Broken {
  void start() { T = std::thread(&Broken::missing, this); }
  // CHECK: error: no member named 'missing' in 'Broken'
  std::thread T;
};

void wait_on_unknown() {
  std::thread([] { Unknown.wait(); }).detach();
  // CHECK: error: use of undeclared identifier 'Unknown'
}
