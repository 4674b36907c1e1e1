/* Parses raw requests. Two functions leak on an error path; their neighbours
 * do the same work correctly. */
#include "service.h"
#include <stdlib.h>
#include <string.h>

struct request *parse_request(const char *raw) {
  struct request *r = malloc(sizeof *r);
  if (!r)
    return NULL;
  r->path = strdup(raw);
  r->body = NULL;
  r->length = (int)strlen(raw);
  return r;
}

void free_request(struct request *r) {
  if (!r)
    return;
  free(r->path);
  free(r->body);
  free(r);
}

/* Leaks: the scratch copy is lost when the request has no header line. */
int count_headers(const char *raw) {
  char *scratch = strdup(raw);
  if (!scratch)
    return -1;
  if (!strchr(scratch, '\n'))
    return 0;
  int n = 0;
  for (char *p = scratch; *p; ++p)
    if (*p == '\n')
      ++n;
  free(scratch);
  return n;
}

/* Right: every path frees or hands the copy to the caller. */
char *copy_path_checked(const char *raw) {
  char *copy = strdup(raw);
  if (!copy)
    return NULL;
  if (copy[0] != '/') {
    free(copy);
    return NULL;
  }
  return copy;
}
