#include <string.h>

char *fill(char *dst, const char *src) {
  strcpy(dst, src);
  return dst;
}
