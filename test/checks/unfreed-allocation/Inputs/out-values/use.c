#include <stdlib.h>

struct entry;
struct entry *build(int n, int *too_deep);
struct entry *build_capped(int n, int *truncated);
void work(void);

int no_leak_flag_means_null(int n) {
  int too_deep = 0;
  struct entry *e = build(n, &too_deep);
  if (too_deep)
    return -1;
  work();
  free(e);
  return 0;
}

int leaks_flag_set_with_result(int n) {
  int truncated = 0;
  struct entry *e = build_capped(n, &truncated);
  if (truncated)
    return -1;
  free(e);
  return 0;
}
