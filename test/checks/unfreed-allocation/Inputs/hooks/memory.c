#include <stdlib.h>
#include <string.h>

/* The library's memory hooks: initialised with the C library, replaceable
   by the application. */
typedef void *(*lib_malloc_cb)(size_t);
typedef void (*lib_free_cb)(void *);
typedef char *(*lib_strdup_cb)(const char *);
typedef const char *(*lib_name_cb)(int);

static const char *builtin_name(int code) { return code ? "error" : "ok"; }

lib_malloc_cb lib_cmalloc = (lib_malloc_cb)malloc;
lib_free_cb lib_cfree = (lib_free_cb)free;
lib_strdup_cb lib_cstrdup = (lib_strdup_cb)strdup;
/* Not a memory hook: returns static strings. */
lib_name_cb lib_cname = builtin_name;

int lib_global_init_mem(lib_malloc_cb m, lib_free_cb f, lib_strdup_cb s) {
  if (!m || !f || !s)
    return -1;
  lib_cmalloc = m;
  lib_cfree = f;
  lib_cstrdup = s;
  return 0;
}
