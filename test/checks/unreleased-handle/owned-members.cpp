// RUN: %check_leak %s leak-unreleased-handle %t -- -std=c++17 -isystem %inputs/unreleased-handle
// A member opened in a constructor (or a method) and closed by no member
// function leaks a handle with every object; a class that closes it, or
// hands it out, is clean.
#include <dirent.h>
#include <memory>
#include <stdio.h>

void adopt_stream(FILE *f);

class Logger {
  FILE *fp;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: file opened by 'fopen' is stored in member 'fp' of 'Logger' but no member function closes it; it leaks with every 'Logger' object
public:
  explicit Logger(const char *path) { fp = fopen(path, "a"); }
  // CHECK-MESSAGES: :[[@LINE-1]]:44: note: file opened here by 'fopen' and stored in 'fp'
  ~Logger() {}
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the destructor does not close 'fp'
  void log(const char *m) {
    if (fp)
      fprintf(fp, "%s\n", m);
  }
};

class Scanner {
  DIR *dir_;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: directory stream opened by 'opendir' is stored in member 'dir_' of 'Scanner' but no member function closes it; it leaks with every 'Scanner' object
public:
  explicit Scanner(const char *path) : dir_(opendir(path)) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:45: note: directory stream opened here by 'opendir' and stored in 'dir_'
  bool next() { return dir_ && readdir(dir_) != nullptr; }
};

// Clean near-misses.

class ClosingLogger {
  FILE *fp;
public:
  explicit ClosingLogger(const char *path) : fp(fopen(path, "a")) {}
  ~ClosingLogger() {
    if (fp)
      fclose(fp);
  }
};

class ClosedByMethod {
  DIR *d_;
public:
  explicit ClosedByMethod(const char *p) { d_ = opendir(p); }
  void close() {
    if (d_)
      closedir(d_);
    d_ = nullptr;
  }
};

class HandsOutStream {
  FILE *fp;
public:
  HandsOutStream() : fp(tmpfile()) {}
  void give() { adopt_stream(fp); }
};

class BorrowedStream {
  FILE *fp;
public:
  explicit BorrowedStream(FILE *f) : fp(f) {}
  void put(const char *s) { fputs(s, fp); }
};

class OwnedByUniquePtr {
  std::unique_ptr<FILE, int (*)(FILE *)> fp;
public:
  explicit OwnedByUniquePtr(const char *p) : fp(fopen(p, "r"), &fclose) {}
};
