#include <stdio.h>

int kept_fd = -1;
FILE *kept_stream;
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

struct holder { int fd; int flags; };
struct holder *last_holder;

void read_through_void(void *p) {
  FILE **fp = (FILE **)p;
  FILE *f = *fp;
  if (f && log_level)
    fprintf(stderr, "stream\n");
}

void keep_through_void(void *p) {
  FILE **fp = (FILE **)p;
  kept_stream = *fp;
}

void read_array(int fds[]) {
  int fd = fds[1];
  (void)fd;
}

void read_holder(struct holder h) {
  int fd = h.fd;
  if (fd < 0)
    log_level = 0;
}

void keep_holder(struct holder h) { kept_fd = h.fd; }

#include <fcntl.h>
int open_log(const char *path) { return open(path, O_WRONLY); }
int status(void) { return log_level; }

#include <thirdparty/events.h>
void watch_fd(int fd) { events_watch(fd, 1); }
