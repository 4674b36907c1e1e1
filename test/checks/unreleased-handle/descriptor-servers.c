// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// Servers: listening sockets, accept loops, epoll sets, goto cleanup.
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

void handle_client(int fd);

int leaks_listener_when_listen_fails(const struct sockaddr *sa) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  if (l < 0)
    return -1;
  if (bind(l, sa, sizeof *sa) < 0) {
    close(l);
    return -1;
  }
  if (listen(l, 16) < 0)
    return -1;
  return l;
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: file descriptor 'l' opened by 'socket' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-12]]:11: note: file descriptor opened here by 'socket'
// CHECK-MESSAGES: :[[@LINE-12]]:7: note: assuming 'l' is not negative
// CHECK-MESSAGES: :[[@LINE-11]]:7: note: assuming the condition is false
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true

void no_leak_accept_loop_hands_clients_off(int l) {
  for (;;) {
    int c = accept(l, NULL, NULL);
    if (c < 0)
      continue;
    handle_client(c);
  }
}

void leaks_client_in_accept_loop(int l, char *buf) {
  for (int i = 0; i < 10; i++) {
    int c = accept(l, NULL, NULL);
    if (c < 0)
      break;
    if (recv(c, buf, 16, 0) <= 0)
      continue;
    send(c, buf, 16, 0);
    close(c);
  }
}
// CHECK-MESSAGES: :[[@LINE-5]]:7: warning: file descriptor 'c' opened by 'accept' is leaked when 'c' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:13: note: file descriptor opened here by 'accept'
// CHECK-MESSAGES: :[[@LINE-10]]:9: note: assuming 'c' is not negative
// CHECK-MESSAGES: :[[@LINE-9]]:9: note: assuming the condition is true

void no_leak_accept_loop_closes_every_client(int l, char *buf) {
  for (int i = 0; i < 10; i++) {
    int c = accept(l, NULL, NULL);
    if (c < 0)
      break;
    if (recv(c, buf, 16, 0) > 0)
      send(c, buf, 16, 0);
    shutdown(c, SHUT_RDWR);
    close(c);
  }
}

int leaks_epoll_when_ctl_fails(int fd) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0)
    return -1;
  struct epoll_event ev;
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
    return -1;
  return ep;
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: file descriptor 'ep' opened by 'epoll_create1' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-11]]:12: note: file descriptor opened here by 'epoll_create1'
// CHECK-MESSAGES: :[[@LINE-11]]:7: note: assuming 'ep' is not negative
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming the condition is true

int no_leak_epoll_closed_on_error(int fd) {
  int ep = epoll_create(1);
  if (ep == -1)
    return -1;
  struct epoll_event ev;
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
    close(ep);
    return -1;
  }
  return ep;
}

int no_leak_accepted_socket_stored_in_epoll_data(int l, int ep) {
  int c = accept4(l, NULL, NULL, 0);
  if (c < 0)
    return -1;
  struct epoll_event ev;
  ev.events = EPOLLIN;
  ev.data.fd = c;
  return epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
}

int no_leak_goto_cleanup(const struct sockaddr *sa) {
  int rc = -1;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    goto out;
  if (connect(s, sa, sizeof *sa) < 0)
    goto out;
  rc = 0;
out:
  if (s >= 0)
    close(s);
  return rc;
}

int leaks_goto_skips_cleanup(const struct sockaddr *sa) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    goto fail;
  if (connect(s, sa, sizeof *sa) < 0)
    goto fail;
  close(s);
  return 0;
fail:
  return -1;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 's' opened by 'socket' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-11]]:11: note: file descriptor opened here by 'socket'
// CHECK-MESSAGES: :[[@LINE-11]]:7: note: assuming 's' is not negative
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming the condition is true

int no_leak_two_sockets_cleanup_label(const struct sockaddr *sa) {
  int a = -1, b = -1, rc = -1;
  a = socket(AF_INET, SOCK_STREAM, 0);
  if (a < 0)
    goto done;
  b = socket(AF_INET, SOCK_STREAM, 0);
  if (b < 0)
    goto done;
  rc = connect(a, sa, sizeof *sa);
done:
  if (a != -1)
    close(a);
  if (b != -1)
    close(b);
  return rc;
}

struct server {
  int listen_fd;
  int epoll_fd;
};

int no_leak_server_fields_filled(struct server *srv) {
  srv->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  if (srv->listen_fd < 0)
    return -1;
  srv->epoll_fd = epoll_create1(0);
  if (srv->epoll_fd < 0) {
    close(srv->listen_fd);
    return -1;
  }
  return 0;
}

struct server *no_leak_server_on_heap(void) {
  struct server *srv = malloc(sizeof *srv);
  if (!srv)
    return NULL;
  srv->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  return srv;
}
