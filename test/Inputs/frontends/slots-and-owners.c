/* What only this file can name is decided in it, by both front-ends: a table
   of function-pointer slots (a record defined here) that a setter may point
   elsewhere, descriptors and blocks kept in fields of such records, and the
   calls that pass those fields around. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*open_fn)(const char *, int, int);
typedef void *(*alloc_fn)(size_t);
struct syscall_slot { const char *name; open_fn current; };
static int plain_open(const char *path, int flags, int mode) {
  return open(path, flags, mode);
}
static struct syscall_slot table[] = {{"open", plain_open}};
void set_open(open_fn f) { table[0].current = f; }

struct mem_methods { alloc_fn xmalloc; void (*xfree)(void *); };
static struct mem_methods methods = {malloc, free};
void set_methods(const struct mem_methods *m) { methods = *m; }

struct conn { int fd; char *buf; char *name; };

/* Through the slot: its targets are not all known, so the result is not
   taken as a fresh descriptor. No finding. */
int probe(const char *path) {
  int fd = table[0].current(path, O_RDONLY, 0);
  return fd >= 0;
}

/* Through the allocation method, a hook that starts as malloc: it
   allocates, and the block is lost. A finding. */
int scratch(size_t n) {
  char *p = methods.xmalloc(n);
  return p != 0;
}

static size_t name_length(const struct conn *c) { return strlen(c->name); }

/* Fields of a record only this file names: given and given back. */
struct conn *conn_new(const char *path, const char *name) {
  struct conn *c = calloc(1, sizeof *c);
  if (!c)
    return 0;
  c->fd = open(path, O_RDONLY);
  c->buf = malloc(64);
  c->name = strdup(name);
  if (name_length(c) > 32)
    c->name[32] = 0;
  return c;
}
void conn_free(struct conn *c) {
  close(c->fd);
  free(c->buf);
  free(c->name);
  free(c);
}

/* A real leak: the copy is lost on the error path. */
int copy_name(struct conn *c, const char *name) {
  char *copy = strdup(name);
  if (!copy)
    return -1;
  if (strlen(copy) > 64)
    return -1;
  free(c->name);
  c->name = copy;
  return 0;
}
