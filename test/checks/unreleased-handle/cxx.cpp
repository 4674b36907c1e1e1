// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// C++: owners that close what they hold end tracking; a raw stream in C++
// code is followed as in C.
#include <dirent.h>
#include <memory>
#include <stdio.h>

bool no_leak_unique_ptr_with_fclose_deleter(const char *path) {
  std::unique_ptr<FILE, int (*)(FILE *)> f(fopen(path, "r"), &fclose);
  if (!f.get())
    return false;
  return fileno(f.get()) >= 0;
}

class Stream {
public:
  explicit Stream(const char *path) : F(fopen(path, "r")) {}
  ~Stream() {
    if (F)
      fclose(F);
  }
  bool ok() const { return F != nullptr; }

private:
  FILE *F;
};

bool no_leak_class_closes_its_member(const char *path) {
  Stream s(path);
  return s.ok();
}

class Dir {
public:
  void open(const char *path) { D = opendir(path); }
  void close() {
    if (D)
      closedir(D);
    D = nullptr;
  }

private:
  DIR *D = nullptr;
};

void no_leak_member_assigned_in_method(Dir &d, const char *p) { d.open(p); }

int leaks_raw_stream_in_cxx(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == nullptr)
    return -1;
  int c = fileno(f);
  if (c < 3)
    throw c;
  fclose(f);
  return c;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file 'f' opened by 'fopen' is leaked when the function returns; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:13: note: file opened here by 'fopen'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 'f' is not null
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true
