#include <stdio.h>

FILE *open_log(const char *path);
void close_log(FILE *f);
void write_log(FILE *f, const char *msg);

int leaks_log_from_other_file(const char *p) {
  FILE *f = open_log(p);
  if (!f)
    return -1;
  write_log(f, "x");
  return 0;
}

int no_leak_log_closed_by_other_file(const char *p) {
  FILE *f = open_log(p);
  if (!f)
    return -1;
  write_log(f, "x");
  close_log(f);
  return 0;
}
