// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// A struct passed by value hands the callee copies of the streams and
// directories it holds: the callee's copy is the caller's handle.
#include <dirent.h>
#include <stdio.h>

struct log {
  FILE *out;
  int level;
};
struct scan {
  DIR *dir;
};

static void log_line(struct log l, const char *s) {
  if (l.level > 0)
    fputs(s, l.out);
}
static void close_log(struct log l) { fclose(l.out); }
static int scan_done(struct scan s) { return s.dir == 0; }
static void end_scan(struct scan s) { closedir(s.dir); }

void leak_logged_only(const char *path) {
  struct log l = {fopen(path, "w"), 1};
  if (!l.out)
    return;
  log_line(l, "start");
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: {{.*}}'l.out'{{.*}} [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:19: note: {{.*}}opened here by 'fopen'

void no_leak_closed_by_callee(const char *path) {
  struct log l = {fopen(path, "w"), 1};
  if (!l.out)
    return;
  log_line(l, "start");
  close_log(l);
}

int leak_scan_tested(const char *path) {
  struct scan s = {opendir(path)};
  return scan_done(s);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: {{.*}}'s.dir'{{.*}} [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-4]]:20: note: {{.*}}opened here by 'opendir'

void no_leak_scan_ended(const char *path) {
  struct scan s = {opendir(path)};
  if (s.dir)
    end_scan(s);
}
