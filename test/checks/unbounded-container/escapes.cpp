// RUN: %check_leak %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// Calls through references, escapes to unknown code and removal helpers.
#include <map>
#include <string>
#include <utility>
#include <vector>

void external_trim(std::vector<int> &v); // Body in another TU: may remove.

// Silent: removal in unknown code is possible.
static std::vector<int> handedToUnknown;
void escapes_to_unknown_function(int v) {
  handedToUnknown.push_back(v);
  external_trim(handedToUnknown);
}

// Reported: a const reference cannot remove.
int external_sum(const std::vector<int> &v);
static std::vector<int> readByConstRef;
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'readByConstRef' grows without bound: 1 insertion site
void const_ref_is_a_read(int v) {
  readByConstRef.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'readByConstRef' grows here
  // CHECK-MESSAGES: :[[@LINE-5]]:25: note: bound it:
  external_sum(readByConstRef);
}

// Reported: the helper in this TU grows through its parameter; the call is
// the growth site.
static void append_to(std::map<int, int> &m, int k) { m[k] = 1; }
static std::map<int, int> viaHelper;
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'viaHelper' grows without bound: 1 insertion site
void grows_through_parameter(int k) {
  append_to(viaHelper, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: note: 'viaHelper' grows here
  // CHECK-MESSAGES: :[[@LINE-5]]:27: note: bound it:
}

// Silent: a helper in this TU removes through its pointer parameter.
static void evict_oldest(std::map<int, int> *m) { m->erase(m->begin()); }
static std::map<int, int> trimmedViaHelper;
void removes_through_parameter(int k) {
  trimmedViaHelper[k] = 1;
  if (trimmedViaHelper.size() > 100)
    evict_oldest(&trimmedViaHelper);
}

// Silent: swapped with an empty container, moved from, erase_if.
static std::vector<int> swappedOut;
void swap_resets(int v) {
  swappedOut.push_back(v);
  std::vector<int> empty;
  swappedOut.swap(empty);
}
static std::vector<int> movedFrom;
std::vector<int> take_all(int v) {
  movedFrom.push_back(v);
  return std::move(movedFrom);
}
static std::map<int, int> erasedIf;
void erase_if_trims(int k) {
  erasedIf[k] = k;
  std::erase_if(erasedIf, [](const std::pair<const int, int> &p) { return p.second > 3; });
}

// Silent: the address is stored where we cannot follow it.
static std::vector<int> *published;
static std::vector<int> addressTaken;
void address_escapes(int v) {
  addressTaken.push_back(v);
  published = &addressTaken;
}

// Accessor: a TU-private function hands out a reference; growth through it
// is growth of the static.
static std::vector<std::string> &audit_log() {
  static std::vector<std::string> log;
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'log' grows without bound: 2 insertion sites
  return log;
}
void accessor_growth(const std::string &s) {
  audit_log().push_back(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'log' grows here
  std::vector<std::string> &alias = audit_log();
  alias.push_back(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'log' grows here
  // CHECK-MESSAGES: :[[@LINE-10]]:35: note: bound it:
}

// Silent: trimmed through the accessor.
static std::vector<int> &metrics() {
  static std::vector<int> m;
  return m;
}
void metrics_add(int v) { metrics().push_back(v); }
void metrics_flush() { metrics().clear(); }
