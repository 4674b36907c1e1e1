// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// DIR * streams: opendir and fdopendir acquire, closedir releases; readdir,
// dirfd and rewinddir only use the stream.
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int leaks_on_early_match(const char *path, const char *name) {
  DIR *d = opendir(path);
  if (!d)
    return -1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, name) == 0)
      return 1;
  closedir(d);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:7: warning: directory stream 'd' opened by 'opendir' is leaked when the function returns; close it with 'closedir' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-11]]:12: note: directory stream opened here by 'opendir'
// CHECK-MESSAGES: :[[@LINE-11]]:7: note: assuming 'd' is not null
// CHECK-MESSAGES: :[[@LINE-9]]:10: note: assuming '(e = readdir(d))' is not null
// CHECK-MESSAGES: :[[@LINE-9]]:9: note: assuming the condition is true

int no_leak_closed_after_loop(const char *path, const char *name) {
  DIR *d = opendir(path);
  int found = 0;
  struct dirent *e;
  if (d == NULL)
    return -1;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, name) == 0) {
      found = 1;
      break;
    }
  closedir(d);
  return found;
}

int leaks_after_dirfd(const char *path) {
  DIR *d = opendir(path);
  if (!d)
    return -1;
  rewinddir(d);
  return dirfd(d);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: directory stream 'd' opened by 'opendir' is leaked when the function returns; close it with 'closedir' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:12: note: directory stream opened here by 'opendir'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'd' is not null

int no_leak_fdopendir_closed(int fd) {
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return -1;
  }
  readdir(d);
  closedir(d);
  return 0;
}

void leaks_fdopendir_stream(int fd) {
  DIR *d = fdopendir(fd);
  if (d)
    readdir(d);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: directory stream 'd' opened by 'fdopendir' is leaked when 'd' goes out of scope; close it with 'closedir' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:12: note: directory stream opened here by 'fdopendir'
// CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming 'd' is not null

DIR *no_leak_directory_returned(const char *path) {
  DIR *d = opendir(path);
  if (d)
    readdir(d);
  return d;
}

struct scan {
  DIR *dir;
};

void no_leak_directory_kept_in_caller_struct(struct scan *s, const char *p) {
  s->dir = opendir(p);
}

static void close_dir(DIR *d) { closedir(d); }

void no_leak_closed_by_helper(const char *path) {
  DIR *d = opendir(path);
  if (d)
    close_dir(d);
}

static int count_entries(DIR *d) {
  int n = 0;
  while (readdir(d))
    ++n;
  return n;
}

int leaks_helper_only_reads(const char *path) {
  DIR *d = opendir(path);
  if (!d)
    return 0;
  return count_entries(d);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: directory stream 'd' opened by 'opendir' is leaked when the function returns; close it with 'closedir' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:12: note: directory stream opened here by 'opendir'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'd' is not null
