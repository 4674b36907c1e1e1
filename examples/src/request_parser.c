/* Parses raw requests. Two functions leak; their neighbours do the same work
 * correctly. */
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

/* Returns a heap copy of the value of header `name`, or NULL. */
static char *find_header(const char *raw, const char *name) {
  const char *h = strstr(raw, name);
  if (!h)
    return NULL;
  const char *v = h + strlen(name);
  const char *end = strchr(v, '\n');
  return end ? strndup(v, (size_t)(end - v)) : strdup(v);
}

/* Leaks: the header copy from find_header() is dropped once parsed. */
int content_length(const char *raw) {
  char *value = find_header(raw, "Content-Length: ");
  if (!value)
    return 0;
  return atoi(value);
}

/* Right: the copy is released once parsed. */
int keep_alive(const char *raw) {
  char *value = find_header(raw, "Connection: ");
  if (!value)
    return 0;
  int on = strcmp(value, "keep-alive") == 0;
  free(value);
  return on;
}
