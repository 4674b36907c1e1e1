// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// The descriptor members of a local union variable are the same bytes: a
// descriptor stored through one member is read through the other.
#include <fcntl.h>
#include <unistd.h>

union slot {
  int fd;
  int raw;
};

void leak_read_other_member(const char *path) {
  union slot s;
  s.fd = open(path, O_RDONLY);
  {
    int d = s.raw;
    (void)d;
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: {{.*}} is leaked when {{.*}} [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:10: note: {{.*}}opened here by 'open'

void no_leak_closed_through_other_member(const char *path) {
  union slot s;
  s.fd = open(path, O_RDONLY);
  if (s.raw >= 0)
    close(s.raw);
}
