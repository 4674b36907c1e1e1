// Internal linkage, a Meyers singleton's member, a leaked-new singleton's
// member, and a per-request object (not process-lifetime).
#include <string>
#include <unordered_map>
#include <vector>
namespace {
std::vector<std::string> history;
}
void remember(const std::string &s) { history.push_back(s); }

class Registry {
public:
  static Registry &instance() {
    static Registry R;
    return R;
  }
  void add(int k, int v) { items_[k] = v; }

private:
  std::unordered_map<int, int> items_;
};
void register_item(int k, int v) { Registry::instance().add(k, v); }

class Log {
public:
  static Log *get() {
    static Log *L = new Log;
    return L;
  }
  void line(const std::string &s) { lines_.push_back(s); }

private:
  std::vector<std::string> lines_;
};
void log_line(const std::string &s) { Log::get()->line(s); }

class Request {
public:
  void header(const std::string &h) { headers_.push_back(h); }

private:
  std::vector<std::string> headers_;
};
void handle(const std::vector<std::string> &hs) {
  Request r;
  for (const std::string &h : hs)
    r.header(h);
}
