#include <sys/socket.h>
#include <unistd.h>

int net_listen(const struct sockaddr *sa);
void net_close(int fd);
long net_send(int fd, const char *msg);
int net_status(int code);

int leaks_listener_from_other_file(const struct sockaddr *sa) {
  int l = net_listen(sa);
  if (l < 0)
    return -1;
  if (send(l, "hello", 5, 0) < 0)
    return -2;
  net_close(l);
  return 0;
}

int no_leak_listener_closed_by_other_file(const struct sockaddr *sa) {
  int l = net_listen(sa);
  if (l < 0)
    return -1;
  send(l, "hello", 5, 0);
  net_close(l);
  return 0;
}

int no_leak_status_is_not_a_descriptor(int code, int fd) {
  int st = net_status(code);
  if (st < 0)
    return -1;
  write(fd, "x", 1);
  return st;
}

int leaks_socket_only_sent_by_other_file(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  net_send(s, "x");
  return 0;
}

int no_leak_socket_closed_by_other_file(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  net_send(s, "x");
  net_close(s);
  return 0;
}
