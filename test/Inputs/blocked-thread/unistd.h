#pragma once
#ifdef __cplusplus
extern "C" {
#endif
long read(int fd, void *buf, unsigned long n);
long write(int fd, const void *buf, unsigned long n);
int close(int fd);
int pipe(int fds[2]);
int fcntl(int fd, int cmd, ...);
#ifdef __cplusplus
}
#endif
