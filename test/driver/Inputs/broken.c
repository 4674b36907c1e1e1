#include <stdlib.h>

int broken_function(int n) {
  char *buffer = malloc(n);
  return undeclared_identifier + ;
}
