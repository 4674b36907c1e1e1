#include <stdlib.h>

/* Code the compiler warns about (an unused variable, a shadowed one): with
   -Werror in the project's flags these warnings are errors to the compiler,
   yet the code means what it says and is analysed. */
int keep(int n) {
  int unused;
  char *p = malloc(n);
  if (!p)
    return -1;
  {
    int n = 2;
    p[0] = (char)n;
  }
  return 0;
}
