#include <stdlib.h>

int depth_of(int i);

struct entry {
  int key;
};

struct entry *build(int n, int *too_deep) {
  struct entry *e = calloc((size_t)n, sizeof *e);
  if (!e)
    return NULL;
  for (int i = 0; i < n; i++) {
    if (depth_of(i) > 100) {
      *too_deep = 1;
      free(e);
      return NULL;
    }
    e[i].key = i;
  }
  return e;
}

struct entry *build_capped(int n, int *truncated) {
  if (n > 100) {
    *truncated = 1;
    n = 100;
  }
  struct entry *e = calloc((size_t)n, sizeof *e);
  if (!e)
    return NULL;
  for (int i = 0; i < n; i++)
    e[i].key = i;
  return e;
}
