#include <fcntl.h>
#include <unistd.h>

void ignore_fd(int fd);
void log_fd(int fd, const char *what);
void pass_on(int fd);
void keep_fd(int fd);
int return_fd(int fd);
void pass_to_keeper(int fd);
void log_number(int fd);

void leak_ignored(const char *path) {
  int fd = open(path, O_RDONLY);
  ignore_fd(fd);
}

void leak_logged(const char *path) {
  int fd = open(path, O_RDONLY);
  log_fd(fd, path);
}

void leak_passed_on(const char *path) {
  int fd = open(path, O_RDONLY);
  pass_on(fd);
}

void no_leak_kept(const char *path) {
  int fd = open(path, O_RDONLY);
  keep_fd(fd);
}

int no_leak_returned(const char *path) {
  int fd = open(path, O_RDONLY);
  return return_fd(fd);
}

void no_leak_kept_further(const char *path) {
  int fd = open(path, O_RDONLY);
  pass_to_keeper(fd);
}

void no_leak_arithmetic(const char *path) {
  int fd = open(path, O_RDONLY);
  log_number(fd);
}

void no_leak_closed(const char *path) {
  int fd = open(path, O_RDONLY);
  ignore_fd(fd);
  close(fd);
}
