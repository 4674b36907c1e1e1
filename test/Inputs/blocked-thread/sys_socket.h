#pragma once
#ifdef __cplusplus
extern "C" {
#endif
long recv(int fd, void *buf, unsigned long n, int flags);
#ifdef __cplusplus
}
#endif
