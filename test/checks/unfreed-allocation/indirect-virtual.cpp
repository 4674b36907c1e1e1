// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17 -isystem %inputs/unfreed-allocation
// Virtual calls resolve to the overriders the program has: a class defined
// in this file can only be derived from here, so its overriders here are all
// of them. The call does what every overrider does; a pure virtual method
// with no overrider in sight stays unknown.
#include <stdio.h>
#include <string.h>

namespace {
struct Sink {
  virtual ~Sink() = default;
  virtual void put(char *p) = 0;
  virtual void consume(char *p) = 0;
};

struct Printer : Sink {
  void put(char *p) override { printf("%s\n", p); }
  void consume(char *p) override { delete[] p; }
};

struct Counter : Sink {
  size_t n = 0;
  void put(char *p) override { n += strlen(p); }
  void consume(char *p) override {
    n += strlen(p);
    delete[] p;
  }
};
} // namespace

void leaks_after_virtual_borrow(Sink &s) {
  char *p = new char[8];
  p[0] = 0;
  s.put(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'delete[]' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'new[]'

void no_leak_virtual_consume_releases(Sink *s) {
  char *p = new char[8];
  p[0] = 0;
  s->put(p);
  s->consume(p);
}

// A class with a final overrider in the same file: the only target.
struct Store {
  virtual ~Store() = default;
  virtual void add(char *p) = 0;
};

struct KeepingStore final : Store {
  char *last = nullptr;
  void add(char *p) override { last = p; }
};

void no_leak_only_override_keeps(Store *s) {
  char *p = new char[4];
  s->add(p);
}

struct Logger {
  virtual ~Logger() = default;
  virtual void log(const char *p, size_t n) { fprintf(stderr, "%.*s", (int)n, p); }
};

struct PrefixLogger : Logger {
  void log(const char *p, size_t n) override {
    printf("> ");
    Logger::log(p, n);
  }
};

void leaks_after_logging(Logger *l) {
  char *p = new char[16];
  memset(p, 'x', 16);
  l->log(p, 16);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'delete[]' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'new[]'

// An overrider that keeps what it is given: the call may hand it off.
struct Queue {
  virtual ~Queue() = default;
  virtual void push(char *p) { (void)p; }
};

struct RealQueue : Queue {
  char *items[8];
  int n = 0;
  void push(char *p) override { items[n++ & 7] = p; }
};

void no_leak_when_one_override_keeps(Queue *q) {
  char *p = new char[4];
  q->push(p);
}

// An abstract class with no implementation here: unknown.
struct Remote {
  virtual ~Remote() = default;
  virtual void send(char *p) = 0;
};

void no_leak_through_unknown_override(Remote *r) {
  char *p = new char[4];
  r->send(p);
}

// A factory method: every override returns fresh memory.
struct Maker {
  virtual ~Maker() = default;
  virtual char *make() { return new char[4]; }
};
struct BigMaker : Maker {
  char *make() override { return new char[64]; }
};

void leaks_made_by_virtual_factory(Maker &m) {
  char *p = m.make();
  p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'delete[]' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'make'

void no_leak_made_by_virtual_factory(Maker &m) {
  char *p = m.make();
  p[0] = 0;
  delete[] p;
}
