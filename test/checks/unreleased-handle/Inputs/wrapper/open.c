#include <stdio.h>

FILE *open_log(const char *path) {
  FILE *f = fopen(path, "a");
  if (f)
    fputs("start\n", f);
  return f;
}

void close_log(FILE *f) {
  if (f)
    fclose(f);
}

void write_log(FILE *f, const char *msg) { fputs(msg, f); }
