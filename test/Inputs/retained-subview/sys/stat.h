#pragma once
struct stat {
  long st_mode;
  long st_size;
};
extern "C" int stat(const char *path, struct stat *st);
extern "C" int fstat(int fd, struct stat *st);
