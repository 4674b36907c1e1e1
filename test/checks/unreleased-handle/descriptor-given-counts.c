// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// Loops over a given count (a field, a global or a parameter) whose body
// hands the descriptor off: the code relies on the loop running at least
// once, so the witness search does not take the loop's exit on its first
// test. A constant or locally computed count, or a body that leaves the
// descriptor alone, is still searched as usual. And a descriptor stored by
// the very assignment that opens it in a loop (`if ((fd = socket(...)) < 0)`)
// is lost by that assignment only on a later turn.
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct settings {
  int threads_per_udp;
  int verbose;
} settings;

struct worker {
  int fd;
};
struct worker workers[64];

void keep(int c, int fd) { workers[c].fd = fd; }
int count_workers(void);
void note_turn(int c);

int open_udp(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s == -1)
    return -1;
  return s;
}

// One descriptor per worker thread: the first takes the socket itself.
int no_leak_first_worker_takes_socket(int ports) {
  int sfd;
  for (int p = 0; p < ports; p++) {
    if ((sfd = open_udp()) == -1)
      continue;
    for (int c = 0; c < settings.threads_per_udp; c++) {
      int per_thread_fd;
      if (c == 0) {
        per_thread_fd = sfd;
      } else {
        per_thread_fd = dup(sfd);
        if (per_thread_fd < 0)
          exit(1);
      }
      keep(c, per_thread_fd);
    }
  }
  return 0;
}

void no_leak_count_is_a_parameter(int n) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  for (int c = 0; c < n; c++)
    if (c == 0)
      keep(c, fd);
}

void no_leak_count_is_a_field(const struct settings *s) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  for (int c = 0; c < s->threads_per_udp; c++)
    if (c == 0)
      keep(c, fd);
}

// The constant count lets the solver decide: one turn always runs.
void no_leak_constant_count_of_one(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  for (int c = 0; c < 1; c++)
    keep(c, fd);
}

// Reopened on every turn, handed off every turn: nothing is lost.
void no_leak_reopened_each_turn(int n) {
  int fd;
  for (int i = 0; i < n; i++) {
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
      continue;
    keep(i, fd);
  }
}

void leaks_when_constant_count_is_zero(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  for (int c = 0; c < 0; c++)
    keep(c, fd);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fd' opened by 'socket' is leaked when 'fd' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:12: note: file descriptor opened here by 'socket'

// A count the function computes itself may well be zero.
void leaks_when_local_count_is_zero(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  int n = count_workers();
  for (int c = 0; c < n; c++)
    keep(c, fd);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fd' opened by 'socket' is leaked when 'fd' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-8]]:12: note: file descriptor opened here by 'socket'

// The loop never touches the descriptor: how often it runs says nothing.
void leaks_when_loop_leaves_descriptor_alone(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  for (int c = 0; c < settings.threads_per_udp; c++)
    note_turn(c);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fd' opened by 'socket' is leaked when 'fd' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:12: note: file descriptor opened here by 'socket'

// Handed off only when a flag says so: the next turn's reopen loses it.
void leaks_reopened_unless_kept(int n, int flag) {
  int fd;
  for (int i = 0; i < n; i++) {
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
      continue;
    if (flag)
      keep(i, fd);
  }
}
// CHECK-MESSAGES: :[[@LINE-6]]:9: warning: file descriptor 'fd' opened by 'socket' is leaked when 'fd' is overwritten; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:15: note: file descriptor opened here by 'socket'

// Ownership along the witness path alone: handed off on the first turn's
// arm, duplicated on the others. The joined state after the branch still
// owns 'fd', but no single path does.
void no_leak_handed_off_on_one_arm_dup_on_other(int n) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return;
  for (int c = 0; c < n; c++) {
    int t;
    if (c == 0)
      t = fd;
    else if ((t = dup(fd)) < 0)
      exit(1);
    keep(c, t);
  }
}

void no_leak_reopened_kept_or_closed(int n) {
  int fd;
  for (int i = 0; i < n; i++) {
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
      continue;
    if (i == 0)
      keep(i, fd);
    else
      close(fd);
  }
}

// Reopened every turn, handed off on the first only: the first turn's
// descriptor is kept, the second turn's is lost when the third reopens.
void leaks_reopened_kept_first_turn_only(int n) {
  int fd;
  for (int i = 0; i < n; i++) {
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: file descriptor 'fd' opened by 'socket' is leaked when 'fd' is overwritten; close it with 'close' first [leak-unreleased-handle]
      // CHECK-MESSAGES: :[[@LINE-2]]:15: note: file descriptor opened here by 'socket'
      continue;
    if (i == 0)
      keep(i, fd);
  }
}

// Many independent branches between the open and the per-worker loop: the
// loop entered from outside is a dead end for every one of their paths
// (refuted once for all, not prefix by prefix until the budget runs out).
int no_leak_per_worker_loop_after_many_branches(int ports, FILE *out, int udp) {
  int sfd;
  int one = 1;
  for (int p = 0; p < ports; p++) {
    if ((sfd = open_udp()) == -1)
      continue;
    if (setsockopt(sfd, SOL_SOCKET, 1, &one, sizeof one) != 0)
      fputs("setsockopt", stderr);
    if (setsockopt(sfd, SOL_SOCKET, 2, &one, sizeof one) != 0)
      fputs("setsockopt", stderr);
    if (setsockopt(sfd, SOL_SOCKET, 3, &one, sizeof one) != 0)
      fputs("setsockopt", stderr);
    if (out != NULL && settings.verbose > 0)
      fprintf(out, "%s %d\n", udp ? "UDP" : "TCP", p);
    if (out != NULL && settings.verbose > 1)
      fprintf(out, "%s %d\n", udp ? "UDP" : "TCP", p);
    if (out != NULL && settings.verbose > 2)
      fprintf(out, "%s %d\n", udp ? "UDP" : "TCP", p);
    if (udp) {
      for (int c = 0; c < settings.threads_per_udp; c++) {
        int per_thread_fd;
        if (c == 0) {
          per_thread_fd = sfd;
        } else {
          per_thread_fd = dup(sfd);
          if (per_thread_fd < 0)
            exit(1);
        }
        keep(c, per_thread_fd);
      }
    } else {
      keep(0, sfd);
    }
  }
  return 0;
}

// The same, but the other branch forgets the socket: the next turn's open
// loses it.
int leaks_when_tcp_branch_forgets_socket(int ports, FILE *out, int udp) {
  int sfd;
  int one = 1;
  for (int p = 0; p < ports; p++) {
    if ((sfd = open_udp()) == -1)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: file descriptor 'sfd' opened by 'open_udp' is leaked when 'sfd' is overwritten; close it with 'close' first [leak-unreleased-handle]
      // CHECK-MESSAGES: :[[@LINE-2]]:16: note: file descriptor opened here by 'open_udp'
      continue;
    if (setsockopt(sfd, SOL_SOCKET, 1, &one, sizeof one) != 0)
      fputs("setsockopt", stderr);
    if (setsockopt(sfd, SOL_SOCKET, 2, &one, sizeof one) != 0)
      fputs("setsockopt", stderr);
    if (setsockopt(sfd, SOL_SOCKET, 3, &one, sizeof one) != 0)
      fputs("setsockopt", stderr);
    if (out != NULL && settings.verbose > 0)
      fprintf(out, "%s %d\n", udp ? "UDP" : "TCP", p);
    if (out != NULL && settings.verbose > 1)
      fprintf(out, "%s %d\n", udp ? "UDP" : "TCP", p);
    if (out != NULL && settings.verbose > 2)
      fprintf(out, "%s %d\n", udp ? "UDP" : "TCP", p);
    if (udp) {
      for (int c = 0; c < settings.threads_per_udp; c++) {
        int per_thread_fd;
        if (c == 0) {
          per_thread_fd = sfd;
        } else {
          per_thread_fd = dup(sfd);
          if (per_thread_fd < 0)
            exit(1);
        }
        keep(c, per_thread_fd);
      }
    }
  }
  return 0;
}
