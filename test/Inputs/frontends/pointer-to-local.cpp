// A static pointer that points at a function's local container for one call
// is not a process-lifetime container; a swap with an empty one drains.
#include <vector>
static std::vector<int> *g_scratch;
int sum_squares(int n) {
  std::vector<int> local;
  g_scratch = &local;
  for (int i = 0; i < n; ++i)
    g_scratch->push_back(i * i);
  int s = 0;
  for (int v : local)
    s += v;
  g_scratch = nullptr;
  return s;
}
std::vector<int> g_pending;
void queue_pending(int v) { g_pending.push_back(v); }
void drain_pending() { std::vector<int>().swap(g_pending); }
