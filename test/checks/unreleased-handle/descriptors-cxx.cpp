// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// C++: std::ifstream, std::ofstream and std::fstream own what they open
// and close it in their destructors: never a finding. A raw descriptor in
// C++ code is followed as in C, including through a class that closes its
// member in the destructor.
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

bool no_leak_ifstream(const char *path) {
  std::ifstream in(path);
  if (!in)
    return false;
  return in.good();
}

void no_leak_ofstream_opened_later(const char *path) {
  std::ofstream out;
  out.open(path, std::ios_base::app);
  if (!out.is_open())
    return;
}

bool no_leak_fstream_closed_early(const char *path) {
  std::fstream f(path, std::ios_base::in);
  bool ok = f.is_open();
  f.close();
  return ok;
}

void no_leak_heap_ofstream_deleted(const char *path) {
  std::ofstream *out = new std::ofstream(path);
  delete out;
}

int leaks_raw_descriptor_in_cxx(const char *path) {
  int fd = ::open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  std::ifstream check(path);
  if (!check)
    return -2;
  ::close(fd);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true

class File {
public:
  explicit File(int fd) : Fd(fd) {}
  ~File() {
    if (Fd >= 0)
      ::close(Fd);
  }
  int get() const { return Fd; }

private:
  int Fd;
};

int no_leak_owned_by_raii_class(const char *path, char *buf) {
  File f(::open(path, O_RDONLY));
  if (f.get() < 0)
    return -1;
  return (int)::read(f.get(), buf, 4);
}

int no_leak_lambda_closes(const char *path) {
  int fd = ::open(path, O_RDONLY);
  auto done = [fd] { ::close(fd); };
  if (fd < 0)
    return -1;
  done();
  return 0;
}

// A const member keeps its value across calls: the descriptor opened under
// '!Permanent' is closed under the same test after an unknown call.
void log_read(long n);

class Reader {
public:
  Reader(bool Permanent, bool Shared, int Fd)
      : Permanent(Permanent), Shared(Shared), Fd(Fd) {}

  long no_leak_const_member_tested_twice(const char *path, char *buf) {
    int fd = Fd;
    if (!Permanent) {
      fd = ::open(path, O_RDONLY);
      if (fd < 0)
        return -1;
    }
    long n = ::read(fd, buf, 4);
    log_read(n);
    if (!Permanent)
      ::close(fd);
    return n;
  }

  long leaks_closed_under_another_const_member(const char *path, char *buf) {
    int fd = Fd;
    if (!Permanent) {
      fd = ::open(path, O_RDONLY);
      if (fd < 0)
        return -1;
    }
    long n = ::read(fd, buf, 4);
    log_read(n);
    if (!Shared)
      ::close(fd);
    return n;
  }
// CHECK-MESSAGES: :[[@LINE-2]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-11]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-11]]:11: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-7]]:9: note: assuming the condition is false

private:
  const bool Permanent;
  const bool Shared;
  const int Fd;
};
