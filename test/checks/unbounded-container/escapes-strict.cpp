// RUN: %check_leak %s leak-unbounded-container %t -config="{CheckOptions: {leak-unbounded-container.StrictEscapes: true}}" -- -std=c++17 -isystem %inputs/unbounded-container
// With StrictEscapes, handing the container to unknown code does not count
// as a removal.
#include <vector>

void external_trim(std::vector<int> &v);

static std::vector<int> handedToUnknown;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'handedToUnknown' grows without bound: 1 insertion site, no removal anywhere [leak-unbounded-container]
void escapes_to_unknown_function(int v) {
  handedToUnknown.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'handedToUnknown' grows here
  // CHECK-MESSAGES: :[[@LINE-5]]:25: note: bound it:
  external_trim(handedToUnknown);
}

// Still silent: a visible removal is a removal.
static std::vector<int> cleared;
void cleared_add(int v) { cleared.push_back(v); }
void cleared_reset() { cleared.clear(); }
