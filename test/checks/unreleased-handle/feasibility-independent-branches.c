// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// Tests after the open whose outcomes change nothing later (an option set,
// its failure only logged, ten times over) multiply the paths to the loss.
// Paths that differ only there ask the witness search the same questions,
// so it still decides within its budget. A server's socket per address,
// given to the workers on the first turn of a loop over a configured count
// (dup()ed on the others) or registered as a listener: nothing leaks. The
// same code with an error path that does not close it: reported.
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

enum { KEEPALIVE = 9, LINGER = 13, NODELAY = 1, INET6 = 10, V6ONLY = 26 };
struct address {
  int family, socktype, protocol;
  struct sockaddr *addr;
  socklen_t addrlen;
  struct address *next;
};
struct settings {
  int per_thread, napi, backlog;
} settings;
int out_of_descriptors(void);
int address_in_use(void);
void give_worker(int fd);
void *add_listener(int fd);

static int open_socket(const struct address *a) {
  int fd = socket(a->family, a->socktype, a->protocol);
  if (fd == -1)
    return -1;
  return fd;
}

int no_leak_listen_all(struct address *addrs, int udp, FILE *report) {
  int fd, error, one = 1, ok = 0;
  struct address *a;
  for (a = addrs; a; a = a->next) {
    if ((fd = open_socket(a)) == -1) {
      if (out_of_descriptors())
        exit(1);
      continue;
    }
    if (settings.napi) {
      error = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (error != 0)
        exit(1);
    }
    if (a->family == INET6) {
      error = setsockopt(fd, SOL_SOCKET, V6ONLY, &one, sizeof one);
      if (error != 0) {
        close(fd);
        continue;
      }
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (!udp) {
      error = setsockopt(fd, SOL_SOCKET, KEEPALIVE, &one, sizeof one);
      if (error != 0)
        fprintf(stderr, "setsockopt\n");
      error = setsockopt(fd, SOL_SOCKET, LINGER, &one, sizeof one);
      if (error != 0)
        fprintf(stderr, "setsockopt\n");
      error = setsockopt(fd, SOL_SOCKET, NODELAY, &one, sizeof one);
      if (error != 0)
        fprintf(stderr, "setsockopt\n");
    }
    if (bind(fd, a->addr, a->addrlen) == -1) {
      if (!address_in_use()) {
        close(fd);
        return 1;
      }
      close(fd);
      continue;
    } else {
      ok++;
      if (!udp && listen(fd, settings.backlog) == -1) {
        close(fd);
        return 1;
      }
      if (report != NULL &&
          (a->addr->sa_family == AF_INET || a->addr->sa_family == INET6)) {
        if (a->addr->sa_family == AF_INET)
          fprintf(report, "%s INET\n", udp ? "UDP" : "TCP");
        else
          fprintf(report, "%s INET6\n", udp ? "UDP" : "TCP");
      }
    }
    if (udp) {
      int c;
      for (c = 0; c < settings.per_thread; c++) {
        int mine;
        if (c == 0) {
          mine = fd;
        } else {
          mine = dup(fd);
          if (mine < 0)
            exit(1);
        }
        give_worker(mine);
      }
    } else {
      if (!add_listener(fd))
        exit(1);
    }
  }
  return ok == 0;
}

int leak_listen_all_forgets_in_use(struct address *addrs, int udp, FILE *report) {
  int fd, error, one = 1, ok = 0;
  struct address *a;
  for (a = addrs; a; a = a->next) {
    if ((fd = open_socket(a)) == -1) {
// CHECK-MESSAGES: :[[@LINE-1]]:9: warning: file descriptor 'fd' opened by 'open_socket' is leaked when 'fd' is overwritten; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-2]]:15: note: file descriptor opened here by 'open_socket'
      if (out_of_descriptors())
        exit(1);
      continue;
    }
    if (settings.napi) {
      error = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (error != 0)
        exit(1);
    }
    if (a->family == INET6) {
      error = setsockopt(fd, SOL_SOCKET, V6ONLY, &one, sizeof one);
      if (error != 0) {
        close(fd);
        continue;
      }
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (!udp) {
      error = setsockopt(fd, SOL_SOCKET, KEEPALIVE, &one, sizeof one);
      if (error != 0)
        fprintf(stderr, "setsockopt\n");
      error = setsockopt(fd, SOL_SOCKET, LINGER, &one, sizeof one);
      if (error != 0)
        fprintf(stderr, "setsockopt\n");
      error = setsockopt(fd, SOL_SOCKET, NODELAY, &one, sizeof one);
      if (error != 0)
        fprintf(stderr, "setsockopt\n");
    }
    if (bind(fd, a->addr, a->addrlen) == -1) {
      if (!address_in_use()) {
        close(fd);
        return 1;
      }
      continue; // The socket is not closed.
    } else {
      ok++;
      if (!udp && listen(fd, settings.backlog) == -1) {
        close(fd);
        return 1;
      }
      if (report != NULL &&
          (a->addr->sa_family == AF_INET || a->addr->sa_family == INET6)) {
        if (a->addr->sa_family == AF_INET)
          fprintf(report, "%s INET\n", udp ? "UDP" : "TCP");
        else
          fprintf(report, "%s INET6\n", udp ? "UDP" : "TCP");
      }
    }
    if (udp) {
      int c;
      for (c = 0; c < settings.per_thread; c++) {
        int mine;
        if (c == 0) {
          mine = fd;
        } else {
          mine = dup(fd);
          if (mine < 0)
            exit(1);
        }
        give_worker(mine);
      }
    } else {
      if (!add_listener(fd))
        exit(1);
    }
  }
  return ok == 0;
}
