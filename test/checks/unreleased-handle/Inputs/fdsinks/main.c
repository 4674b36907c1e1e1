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

#include <stdio.h>
struct holder { int fd; int flags; };
void read_through_void(void *p);
void keep_through_void(void *p);
void read_array(int fds[]);
void read_holder(struct holder h);
void keep_holder(struct holder h);

void leak_stream_read_through_void(const char *path) {
  FILE *f = fopen(path, "r");
  read_through_void(&f);
}

void no_leak_stream_kept_through_void(const char *path) {
  FILE *f = fopen(path, "r");
  keep_through_void(&f);
}

void leak_array_read(const char *path) {
  int fds[2];
  fds[0] = -1;
  fds[1] = open(path, O_RDONLY);
  read_array(fds);
}

void leak_holder_read(const char *path) {
  struct holder h;
  h.flags = 0;
  h.fd = open(path, O_RDONLY);
  read_holder(h);
}

void no_leak_holder_kept(const char *path) {
  struct holder h;
  h.flags = 0;
  h.fd = open(path, O_RDONLY);
  keep_holder(h);
}

int open_log(const char *path);
int status(void);

void leak_opened_elsewhere_never_read(const char *path) {
  int fd;
  fd = open_log(path);
}

void no_leak_opened_elsewhere_closed(const char *path) {
  int fd = open_log(path);
  close(fd);
}

void no_leak_status_never_read(void) {
  int st;
  st = status();
}

void watch_fd(int fd);

void no_leak_watched_elsewhere(const char *path) {
  int fd = open(path, O_RDONLY);
  watch_fd(fd);
}
