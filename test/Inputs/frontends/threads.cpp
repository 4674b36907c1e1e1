// A background thread owned by a global std::thread, started once from main
// and never joined: deliberate (silent by default). A per-call thread that waits forever: reported.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
std::mutex g_mu;
std::condition_variable g_cv;
std::deque<int> g_jobs;
std::thread g_worker;
void work() {
  for (;;) {
    std::unique_lock<std::mutex> l(g_mu);
    g_cv.wait(l, [] { return !g_jobs.empty(); });
    g_jobs.pop_front();
  }
}
void submit(int j) {
  std::lock_guard<std::mutex> l(g_mu);
  g_jobs.push_back(j);
  g_cv.notify_one();
}
void per_call() {
  std::mutex m;
  std::condition_variable cv;
  bool ready = false;
  std::thread t([&] {
    std::unique_lock<std::mutex> l(m);
    cv.wait(l, [&] { return ready; });
  });
  t.detach();
}
int main() {
  g_worker = std::thread(work);
  for (int i = 0; i < 10; ++i)
    submit(i);
  per_call();
}
