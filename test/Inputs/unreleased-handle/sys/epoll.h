#pragma once
typedef union epoll_data {
  void *ptr;
  int fd;
} epoll_data_t;
struct epoll_event {
  unsigned events;
  epoll_data_t data;
};
#define EPOLLIN 1
#define EPOLL_CTL_ADD 1
#define EPOLL_CLOEXEC 524288
#ifdef __cplusplus
extern "C" {
#endif
int epoll_create(int);
int epoll_create1(int);
int epoll_ctl(int, int, int, struct epoll_event *);
int epoll_wait(int, struct epoll_event *, int, int);
#ifdef __cplusplus
}
#endif
