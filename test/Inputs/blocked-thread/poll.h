#pragma once
#ifdef __cplusplus
extern "C" {
#endif
struct pollfd {
  int fd;
  short events;
  short revents;
};
#define POLLIN 1
int poll(struct pollfd *fds, unsigned long n, int timeout);
#ifdef __cplusplus
}
#endif
