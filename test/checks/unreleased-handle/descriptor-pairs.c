// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// pipe, pipe2 and socketpair acquire two descriptors through an `int[2]`:
// each element is followed on its own, so closing one end and forgetting
// the other is a leak of that end. A failed call (a non-zero result)
// acquires nothing.
#include <sys/socket.h>
#include <unistd.h>

int leaks_write_end(char *buf) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  read(fds[0], buf, 1);
  close(fds[0]);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'fds[1]' opened by 'pipe' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:12: note: file descriptor opened here by 'pipe'
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is false

int no_leak_both_ends_closed(char *buf) {
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  write(fds[1], "x", 1);
  close(fds[1]);
  read(fds[0], buf, 1);
  close(fds[0]);
  return 0;
}

int no_leak_failed_pipe_returns(void) {
  int fds[2];
  if (pipe(fds) == -1)
    return -1;
  close(fds[0]);
  close(fds[1]);
  return 0;
}

int leaks_both_ends_on_error(int flags) {
  int p[2];
  if (pipe2(p, flags))
    return -1;
  if (flags > 4)
    return -2;
  close(p[0]);
  close(p[1]);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-5]]:5: warning: file descriptor 'p[0]' opened by 'pipe2' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:13: note: file descriptor opened here by 'pipe2'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming the condition is false
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming the condition is true
// CHECK-MESSAGES: :[[@LINE-9]]:5: warning: file descriptor 'p[1]' opened by 'pipe2' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-13]]:13: note: file descriptor opened here by 'pipe2'
// CHECK-MESSAGES: :[[@LINE-14]]:7: note: assuming the condition is false
// CHECK-MESSAGES: :[[@LINE-13]]:7: note: assuming the condition is true

int no_leak_closed_in_a_loop(void) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  for (int i = 0; i < 2; i++)
    close(fds[i]);
  return 0;
}

int leaks_one_socketpair_end(void) {
  int sv[2];
  int r = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  if (r < 0)
    return -1;
  close(sv[1]);
  return sv[0] > 2;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'sv[0]' opened by 'socketpair' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:47: note: file descriptor opened here by 'socketpair'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'r' is not negative

int no_leak_child_and_parent_close_their_ends(char *buf) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  if (fork() == 0) {
    close(fds[0]);
    write(fds[1], "x", 1);
    close(fds[1]);
    return 0;
  }
  close(fds[1]);
  read(fds[0], buf, 1);
  close(fds[0]);
  return 1;
}

struct channel {
  int rd, wr;
};

int no_leak_ends_handed_to_caller(struct channel *ch) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  ch->rd = fds[0];
  ch->wr = fds[1];
  return 0;
}

int no_leak_pair_returned_through_out_array(int out[2]) {
  return pipe(out);
}
