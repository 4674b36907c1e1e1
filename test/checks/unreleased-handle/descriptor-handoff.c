// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// Where a descriptor goes when it leaves the function: returned to the
// caller, stored in the caller's memory, a struct field or a global,
// turned into a stream by fdopen (the stream owns it) or a directory by
// fdopendir, passed to a function that keeps it; dup2 makes its target a
// copy and leaves both with their owners.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int no_leak_returned(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  return fd;
}

int g_log_fd = -1;

void no_leak_stored_in_global(const char *path) {
  g_log_fd = open(path, O_WRONLY);
}

struct conn {
  int fd;
  int state;
};

int no_leak_stored_in_callers_struct(struct conn *c, const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  c->fd = fd;
  return 0;
}

int no_leak_through_out_parameter(int *out, const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  *out = fd;
  return 0;
}

FILE *no_leak_fdopen_takes_it(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return NULL;
  return fdopen(fd, "r");
}

int leaks_stream_made_by_fdopen(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  FILE *f = fdopen(fd, "r");
  if (!f) {
    close(fd);
    return -1;
  }
  fputs("x", f);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file 'f' opened by 'fdopen' is leaked when the function returns; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:13: note: file opened here by 'fdopen'
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'f' is not null

int no_leak_fdopendir_takes_it(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return -1;
  }
  readdir(d);
  closedir(d);
  return 0;
}

int leaks_after_dup2_to_stdout(const char *path) {
  int fd = open(path, O_WRONLY);
  if (fd < 0)
    return -1;
  if (dup2(fd, STDOUT_FILENO) < 0)
    return -1;
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-8]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming the condition is true

int no_leak_closed_after_dup2(const char *path) {
  int fd = open(path, O_WRONLY);
  if (fd < 0)
    return -1;
  dup2(fd, STDOUT_FILENO);
  close(fd);
  return 0;
}

int leaks_dup2_target_never_closed(int src, const char *b) {
  int dst = open(b, O_RDONLY);
  if (dst < 0)
    return -1;
  int same = dup2(src, dst);
  return same >= 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'dst' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:13: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'dst' is not negative

int no_leak_dup2_target_closed_through_result(int src, const char *b) {
  int dst = open(b, O_RDONLY);
  if (dst < 0)
    return -1;
  int same = dup2(src, dst);
  if (same < 0) {
    close(dst);
    return -1;
  }
  close(same);
  return 0;
}

void register_fd(int fd);

void no_leak_passed_to_unknown_function(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0)
    register_fd(fd);
}

static void close_quietly(int fd) {
  if (fd >= 0)
    close(fd);
}

void no_leak_closed_by_helper(const char *path) {
  int fd = open(path, O_RDONLY);
  close_quietly(fd);
}

static int log_fd(int fd) { return write(fd, "x", 1) == 1; }

int leaks_helper_only_writes(const char *path) {
  int fd = open(path, O_WRONLY);
  if (fd < 0)
    return -1;
  return log_fd(fd);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'fd' is not negative

static int open_private(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return fd;
}

int leaks_wrapper_result(const char *path, char *buf) {
  int fd = open_private(path);
  if (fd < 0)
    return -1;
  return (int)read(fd, buf, 4);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'fd' opened by 'open_private' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:12: note: file descriptor opened here by 'open_private'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'fd' is not negative

int no_leak_wrapper_result_closed(const char *path, char *buf) {
  int fd = open_private(path);
  if (fd < 0)
    return -1;
  int n = (int)read(fd, buf, 4);
  close(fd);
  return n;
}

struct conn_table {
  struct conn conns[4];
};

int no_leak_stored_in_callers_array(struct conn_table *t, const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  t->conns[0].fd = fd;
  return 0;
}

int leaks_local_struct_field(const char *path) {
  struct conn c;
  c.fd = open(path, O_RDONLY);
  if (c.fd < 0)
    return -1;
  c.state = 1;
  return c.state;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'c.fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:10: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'c.fd' is not negative
