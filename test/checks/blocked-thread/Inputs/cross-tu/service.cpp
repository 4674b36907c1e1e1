#include "service.h"
#include <thread>

void Service::start() {
  std::thread([this] {
    std::unique_lock<std::mutex> L(Mu);
    Cv.wait(L, [this] { return Stop; });
  }).detach();
}

void Service::stop() {
  {
    std::lock_guard<std::mutex> G(Mu);
    Stop = true;
  }
  Cv.notify_all();
}

void Queue::push(int V) {
  {
    std::lock_guard<std::mutex> G(Mu);
    Items.push_back(V);
  }
  Cv.notify_one();
}

bool Queue::pop(int &Out) {
  std::unique_lock<std::mutex> L(Mu);
  Cv.wait(L, [this] { return Closed || !Items.empty(); });
  if (Items.empty())
    return false;
  Out = Items.front();
  Items.pop_front();
  return true;
}

void Queue::close() {
  {
    std::lock_guard<std::mutex> G(Mu);
    Closed = true;
  }
  Cv.notify_all();
}

void Pool::start() {
  std::thread([this] {
    int V;
    while (Jobs.pop(V))
      ;
  }).detach();
}
