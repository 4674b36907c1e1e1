#include <stdio.h>
#include <stdlib.h>

struct conf {
  char *host;
  char *path;
};
int conf_get(const char *key, char **out);
void conf_fill(struct conf *c, const char *h);
void conf_release(struct conf *c);

void leaks_value_from_other_file(const char *k) {
  char *v;
  if (conf_get(k, &v) != 0)
    return;
  puts(v);
}

void no_leak_value_freed(const char *k) {
  char *v;
  if (conf_get(k, &v) != 0)
    return;
  puts(v);
  free(v);
}

void leaks_filled_field(const char *h) {
  struct conf c;
  conf_fill(&c, h);
  free(c.host);
}

void no_leak_filled_released(const char *h) {
  struct conf c;
  conf_fill(&c, h);
  conf_release(&c);
}
