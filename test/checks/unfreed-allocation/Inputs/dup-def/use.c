#include <stdlib.h>

void release_first(char *p, char *q);
char *make_buffer(int *status, unsigned n);

void leaks_second_argument(void) {
  char *a = malloc(4);
  char *b = malloc(4);
  release_first(a, b);
}

void no_leak_both_released(void) {
  char *a = malloc(4);
  char *b = malloc(4);
  release_first(a, b);
  free(b);
}

void leaks_buffer_from_helper(void) {
  int st;
  char *buf = make_buffer(&st, 8);
  (void)buf;
}

void no_leak_buffer_freed(void) {
  int st;
  char *buf = make_buffer(&st, 8);
  free(buf);
}

void finish(char *p);

void no_leak_when_one_definition_releases(void) {
  char *p = malloc(4);
  finish(p);
}
