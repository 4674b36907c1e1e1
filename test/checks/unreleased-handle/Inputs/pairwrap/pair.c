#include <sys/socket.h>
#include <unistd.h>

int make_pipe(int fds[2]) { return pipe(fds); }

int make_pair(int sv[2]) {
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
    return -1;
  return 0;
}
