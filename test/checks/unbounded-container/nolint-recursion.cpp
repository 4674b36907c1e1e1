// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// NOLINT suppresses a finding; recursion through parameters terminates.
#include <map>
#include <vector>

static std::map<int, int> suppressed; // NOLINT(leak-unbounded-container)
void grows_suppressed(int k) { suppressed[k] = k; }

// Recursion and mutual calls terminate.
static std::vector<int> recursive;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'recursive' grows without bound: 1 insertion site
static void ping(std::vector<int> &v, int n);
static void pong(std::vector<int> &v, int n) {
  if (n > 0)
    ping(v, n - 1);
}
static void ping(std::vector<int> &v, int n) {
  v.push_back(n);
  pong(v, n);
}
void recursion_through_parameters(int n) { ping(recursive, n); }
// CHECK-MESSAGES: :[[@LINE-1]]:49: note: 'recursive' grows here
// CHECK-MESSAGES: :[[@LINE-13]]:25: note: bound it:
