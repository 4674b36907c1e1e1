// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// A struct whose destroy function releases the struct but not the stream a
// field holds, and that nothing else closes.
#include <stdio.h>
#include <stdlib.h>

struct log {
  FILE *out;
  int lines;
};

struct log *log_open(const char *path) {
  struct log *l = malloc(sizeof *l);
  if (!l)
    return NULL;
  l->out = fopen(path, "w");
  l->lines = 0;
  return l;
}

void log_line(struct log *l, const char *m) {
  fprintf(l->out, "%s\n", m);
  l->lines++;
}

void log_free(struct log *l) {
  free(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' is released with 'free' but its field 'out' may still own a file opened by 'fopen' that nothing closes
  // CHECK-MESSAGES: :[[@LINE-13]]:12: note: file opened here by 'fopen' and stored in 'out'
}

// Clean near-misses.

struct closed_log {
  FILE *out;
};

struct closed_log *closed_log_open(const char *path) {
  struct closed_log *l = malloc(sizeof *l);
  if (l)
    l->out = fopen(path, "w");
  return l;
}

void closed_log_free(struct closed_log *l) {
  if (l->out)
    fclose(l->out);
  free(l);
}

struct forever_log {
  FILE *out;
};
static struct forever_log the_log;
void forever_open(const char *path) { the_log.out = fopen(path, "w"); }
