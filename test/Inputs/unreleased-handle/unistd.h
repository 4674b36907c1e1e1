#pragma once
typedef __SIZE_TYPE__ size_t;
typedef long ssize_t;
typedef long off_t;
#ifdef __cplusplus
extern "C" {
#endif
int close(int);
ssize_t read(int, void *, size_t);
ssize_t write(int, const void *, size_t);
int dup(int);
int dup2(int, int);
int pipe(int[2]);
int unlink(const char *);
#ifdef __cplusplus
}
#endif
