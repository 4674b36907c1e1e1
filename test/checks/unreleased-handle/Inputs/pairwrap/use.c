#include <unistd.h>

int make_pipe(int fds[2]);
int make_pair(int sv[2]);

void no_leak_both_closed(void) {
  int fds[2];
  if (make_pipe(fds) != 0)
    return;
  close(fds[0]);
  close(fds[1]);
}

void leaks_one_end(void) {
  int sv[2];
  if (make_pair(sv) < 0)
    return;
  close(sv[0]);
}
