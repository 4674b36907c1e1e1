#pragma once
typedef __SIZE_TYPE__ size_t;
typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
#ifdef __cplusplus
extern "C" {
#endif
int close(int);
ssize_t read(int, void *, size_t);
ssize_t write(int, const void *, size_t);
int dup(int);
int dup2(int, int);
int pipe(int[2]);
int pipe2(int[2], int);
int dup3(int, int, int);
int fsync(int);
int isatty(int);
pid_t fork(void);
int execv(const char *, char *const[]);
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
int unlink(const char *);
long syscall(long, ...);
#define SYS_close 3
#ifdef __cplusplus
}
#endif
