#include <stdio.h>

int kept_fd = -1;
int log_level;

/* Nothing here touches a descriptor: these functions only read, keep or
   pass on the `int` they are given. */
void ignore_fd(int fd) {
  ;
}

void log_fd(int fd, const char *what) {
  if (log_level > 1 && fd >= 0)
    fprintf(stderr, "%s\n", what);
}

static void check_fd(int fd) {
  if (!(fd < 0))
    log_level++;
}

void pass_on(int fd) { check_fd(fd); }

void keep_fd(int fd) { kept_fd = fd; }

int return_fd(int fd) { return fd; }

static void keep_it(int fd) { kept_fd = fd; }
void pass_to_keeper(int fd) { keep_it(fd); }

void log_number(int fd) { fprintf(stderr, "%d\n", fd + 1); }
