#pragma once
#include <cstddef>
extern "C" ssize_t read(int fd, void *buf, size_t n);
extern "C" int close(int fd);
extern "C" long lseek(int fd, long off, int whence);
extern "C" int open(const char *path, int flags, ...);
#define SEEK_SET 0
#define SEEK_END 2
#define O_RDONLY 0
