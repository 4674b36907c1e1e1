#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

int net_listen(const struct sockaddr *sa) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  if (bind(s, sa, sizeof *sa) < 0 || listen(s, 8) < 0) {
    close(s);
    return -1;
  }
  return s;
}

void net_close(int fd) {
  if (fd >= 0) {
    shutdown(fd, SHUT_RDWR);
    close(fd);
  }
}

long net_send(int fd, const char *msg) { return send(fd, msg, 1, 0); }

int net_status(int code) { return code > 0 ? 0 : -1; }
