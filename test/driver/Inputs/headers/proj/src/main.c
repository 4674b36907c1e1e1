#include "proj.h"
#include "outside.h"
#include "vendored.h"

int main_leaks(int n) {
  char *p = malloc(n);
  if (n > 1)
    return 1;
  free(p);
  return 0;
}
