#include <stdio.h>
#include <stdlib.h>

char *make_name(const char *base);
const char *static_name(void);

void leaks_name_from_other_file(void) {
  char *n = make_name("x");
  puts(n);
}

void no_leak_name_freed(void) {
  char *n = make_name("y");
  puts(n);
  free(n);
}

void no_leak_static_name(void) {
  const char *s = static_name();
  puts(s);
}
