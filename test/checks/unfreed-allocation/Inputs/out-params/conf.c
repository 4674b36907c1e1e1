#include <stdlib.h>
#include <string.h>

struct conf {
  char *host;
  char *path;
};

int conf_get(const char *key, char **out) {
  if (!key || !*key)
    return -1;
  *out = strdup(key);
  if (!*out)
    return -2;
  return 0;
}

void conf_fill(struct conf *c, const char *h) {
  c->host = strdup(h);
  c->path = strdup("/");
}

void conf_release(struct conf *c) {
  free(c->host);
  free(c->path);
}
