#include <stdlib.h>

template <typename T> struct Box {
  T *item;
  Box() : item(new T) {}
  void reset( {
};

UnknownType *make_unknown() {
  char *p = (char *)malloc(8);
  return p->missing;
}

int valid_leak(int n) {
  char *p = (char *)malloc(n);
  if (n > 3)
    return 1;
  free(p);
  return 0;
}
