#include <stddef.h>

typedef void *(*lib_malloc_cb)(size_t);
typedef void (*lib_free_cb)(void *);
typedef char *(*lib_strdup_cb)(const char *);
typedef const char *(*lib_name_cb)(int);
extern lib_malloc_cb lib_cmalloc;
extern lib_free_cb lib_cfree;
extern lib_strdup_cb lib_cstrdup;
extern lib_name_cb lib_cname;

/* As the library's own memory header does: every allocation goes through
   the hooks. */
#define malloc(n) lib_cmalloc(n)
#define free(p) lib_cfree(p)
#define strdup(s) lib_cstrdup(s)

char *copy_name(const char *s) { return strdup(s); }

int leaks_buffer(int n) {
  char *buf = malloc(n);
  if (!buf)
    return -1;
  buf[0] = 0;
  return 0;
}

int no_leak_buffer(int n) {
  char *buf = malloc(n);
  if (!buf)
    return -1;
  buf[0] = 0;
  free(buf);
  return 0;
}

int leaks_copy(const char *s) {
  char *c = copy_name(s);
  if (!c)
    return -1;
  return c[0];
}

int no_leak_copy(const char *s) {
  char *c = copy_name(s);
  int r = c ? c[0] : -1;
  free(c);
  return r;
}

int no_leak_static_name(int code) {
  const char *n = lib_cname(code);
  return n[0];
}
