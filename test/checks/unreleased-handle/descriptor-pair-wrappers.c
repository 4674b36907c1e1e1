// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// A wrapper of `pipe`/`socketpair` hands out the two elements of its array
// apart, each fresh only when the wrapper returns 0 (its summary keeps
// pipe's element index and its "fresh when 0"): the caller that tests the
// result and closes both ends leaks nothing, one that forgets an end leaks
// that end, on the success path only.
#include <sys/socket.h>
#include <unistd.h>

int make_pipe(int fds[2]) { return pipe(fds); }

int make_pair(int sv[2]) { return socketpair(AF_UNIX, SOCK_STREAM, 0, sv); }

int make_pipe_checked(int fds[2]) {
  if (pipe2(fds, 0) < 0)
    return -1;
  return 0;
}

// A wrapper of a wrapper.
int make_channel(int ends[2]) { return make_pipe(ends); }

void no_leak_success_tested(void) {
  int fds[2];
  if (make_pipe(fds) == 0) {
    close(fds[0]);
    close(fds[1]);
  }
}

void no_leak_failure_returns(void) {
  int fds[2];
  if (make_pipe(fds) != 0)
    return;
  close(fds[0]);
  close(fds[1]);
}

void no_leak_negative_failure(void) {
  int sv[2];
  if (make_pair(sv) < 0)
    return;
  close(sv[1]);
  close(sv[0]);
}

void no_leak_checked_wrapper(void) {
  int fds[2];
  if (make_pipe_checked(fds) == -1)
    return;
  close(fds[0]);
  close(fds[1]);
}

void no_leak_wrapper_of_wrapper(void) {
  int ends[2];
  if (make_channel(ends))
    return;
  close(ends[0]);
  close(ends[1]);
}

int no_leak_result_in_variable(void) {
  int fds[2];
  int rc = make_pipe(fds);
  if (rc != 0)
    return rc;
  close(fds[0]);
  close(fds[1]);
  return 0;
}

void leaks_write_end(void) {
  int fds[2];
  if (make_pipe(fds) != 0)
    return;
  close(fds[0]);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fds[1]' opened by 'make_pipe' is leaked when 'fds' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:17: note: file descriptor opened here by 'make_pipe'

void leaks_read_end_through_two_wrappers(void) {
  int ends[2];
  if (make_channel(ends) != 0)
    return;
  close(ends[1]);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'ends[0]' opened by 'make_channel' is leaked when 'ends' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:20: note: file descriptor opened here by 'make_channel'

// The result is not tested: on success both ends are open.
void leaks_when_result_ignored(void) {
  int sv[2];
  make_pair(sv);
  close(sv[0]);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'sv[1]' opened by 'make_pair' is leaked when 'sv' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: file descriptor opened here by 'make_pair'
