#pragma once
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 64
#define O_CLOEXEC 524288
#define AT_FDCWD -100
#define F_SETFD 2
#define FD_CLOEXEC 1
#ifdef __cplusplus
extern "C" {
#endif
int open(const char *, int, ...);
int openat(int, const char *, int, ...);
int creat(const char *, unsigned);
int fcntl(int, int, ...);
#ifdef __cplusplus
}
#endif
