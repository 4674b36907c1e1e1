// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// File descriptors: an `int` acquired by open, socket, accept, dup,
// eventfd, epoll_create1... and released by close. Any negative value is
// "no descriptor": `if (fd < 0) return` ends tracking on that branch.
// Integers are copied freely: the descriptor is the value, not the
// variable. Functions that use a descriptor (read, write, fstat, ioctl,
// setsockopt) lend it: the caller still owns it.
#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

int leaks_open_on_error_return(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (read(fd, buf, 16) != 16)
    return -2;
  close(fd);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true

int no_leak_open_closed_on_every_path(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (read(fd, buf, 16) != 16) {
    close(fd);
    return -2;
  }
  close(fd);
  return 0;
}

int no_leak_minus_one_test(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd == -1)
    return -1;
  struct stat st;
  fstat(fd, &st);
  close(fd);
  return (int)st.st_size;
}

int no_leak_nonnegative_test(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  int n = -1;
  if (fd >= 0) {
    n = (int)read(fd, buf, 8);
    close(fd);
  }
  return n;
}

long leaks_socket_after_failed_connect(const struct sockaddr *sa) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (connect(s, sa, sizeof *sa) < 0)
    return -1;
  long n = send(s, "x", 1, 0);
  close(s);
  return n;
}
// CHECK-MESSAGES: :[[@LINE-5]]:5: warning: file descriptor 's' opened by 'socket' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-12]]:11: note: file descriptor opened here by 'socket'
// CHECK-MESSAGES: :[[@LINE-12]]:7: note: assuming 's' is not negative
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming the condition is true

void leaks_never_closed(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT, 0600);
  if (fd >= 0)
    write(fd, "x", 1);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fd' opened by 'open' is leaked when 'fd' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming 'fd' is not negative

void leaks_result_never_stored(void) {
  eventfd(0, 0);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor opened by 'eventfd' is leaked: the result is never stored or closed [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-3]]:3: note: file descriptor opened here by 'eventfd'

int leaks_copy_closed_on_one_path_only(const char *path, int flag) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int copy = fd;
  if (flag)
    close(copy);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming the condition is false

int no_leak_closed_through_copy(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int other = fd;
  int avail = 0;
  ioctl(other, FIONREAD, &avail);
  close(other);
  return avail;
}

int leaks_descriptor_overwritten(const char *a, const char *b) {
  int fd = open(a, O_RDONLY);
  fd = open(b, O_RDONLY);
  if (fd < 0)
    return -1;
  close(fd);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-6]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when 'fd' is overwritten; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-8]]:12: note: file descriptor opened here by 'open'

int no_leak_every_acquirer_closed(const sigset_t *mask, const char *dir) {
  int t = timerfd_create(CLOCK_MONOTONIC, 0);
  int s = signalfd(-1, mask, 0);
  int i = inotify_init1(IN_NONBLOCK);
  int m = memfd_create("buf", 0);
  int d = openat(AT_FDCWD, dir, O_RDONLY);
  int c = creat(dir, 0600);
  int u = dup(0);
  if (t >= 0)
    close(t);
  if (s >= 0)
    close(s);
  if (i >= 0)
    close(i);
  if (m >= 0)
    close(m);
  if (d >= 0)
    close(d);
  if (c >= 0)
    close(c);
  if (u >= 0)
    close(u);
  return 0;
}

int leaks_inotify_on_failed_watch(const char *dir) {
  int in = inotify_init1(IN_NONBLOCK);
  if (in < 0)
    return -1;
  if (inotify_add_watch(in, dir, 1) < 0)
    return -1;
  return in;
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: file descriptor 'in' opened by 'inotify_init1' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-8]]:12: note: file descriptor opened here by 'inotify_init1'
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 'in' is not negative
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming the condition is true

int leaks_memfd_when_sync_fails(void) {
  int m = memfd_create("shm", 0);
  if (m == -1)
    return -1;
  if (fsync(m) != 0)
    return -1;
  close(m);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: file descriptor 'm' opened by 'memfd_create' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:11: note: file descriptor opened here by 'memfd_create'
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'm' is not negative
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true

void no_leak_standard_descriptors_untracked(void) {
  int in = 0;
  write(STDOUT_FILENO, "x", 1);
  close(in);
}

void no_leak_daemon_redirect_keeps_standard_descriptors(void) {
  int fd = open("/dev/null", O_RDWR);
  if (fd < 0)
    return;
  dup2(fd, STDIN_FILENO);
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  if (fd > 2)
    close(fd);
}

int no_leak_nonpositive_is_failure(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd <= 0)
    return -1;
  close(fd);
  return 0;
}

int no_leak_retry_on_eintr(const char *path, char *buf) {
  int fd;
  do
    fd = open(path, O_RDONLY);
  while (fd == -1 && errno == EINTR);
  if (fd == -1)
    return -1;
  read(fd, buf, 1);
  close(fd);
  return 0;
}

int leaks_after_retry_on_eintr(const char *path, char *buf) {
  int fd;
  do
    fd = open(path, O_RDONLY);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return -1;
  return (int)read(fd, buf, 1);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:10: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-7]]:10: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-8]]:10: note: assuming the condition is false
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 'fd' is not negative

static int close_raw(int fd) { return (int)syscall(SYS_close, fd); }

void no_leak_closed_through_syscall(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0)
    close_raw(fd);
}
