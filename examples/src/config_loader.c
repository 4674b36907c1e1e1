/* Loads the service's configuration file and lists its plugin directory:
 * one handle leak (a stream left open on an error path) next to the same
 * pattern done right. */
#include "service.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* Leaks: a line that is too long returns without closing 'f'. */
int load_config(const char *path, char *out, int size) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  if (!fgets(out, size, f))
    out[0] = '\0';
  if (strlen(out) + 1 >= (size_t)size)
    return -2;
  fclose(f);
  return 0;
}

/* Done right: every return after opendir closes the stream. */
int count_plugins(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  if (!d)
    return -1;
  while (readdir(d))
    ++n;
  closedir(d);
  return n;
}
