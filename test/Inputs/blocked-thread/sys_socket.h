#pragma once
#ifdef __cplusplus
extern "C" {
#endif
long recv(int fd, void *buf, unsigned long n, int flags);
long send(int fd, const void *buf, unsigned long n, int flags);
int accept(int fd, void *addr, unsigned *len);
int shutdown(int fd, int how);
#define SHUT_RDWR 2
#define MSG_DONTWAIT 0x40
#ifdef __cplusplus
}
#endif
