// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// A global function pointer initialised with (or only ever assigned) an
// allocator or a deallocator is an allocation hook: calls through it
// allocate or release, with no configuration. Assignments of values the
// analysis cannot name (a parameter: the user's own allocator) do not change
// the hook's role; assigning a function of another kind removes it.
#include <stdlib.h>
#include <string.h>

typedef void *(*malloc_cb)(size_t);
typedef void *(*calloc_cb)(size_t, size_t);
typedef void *(*realloc_cb)(void *, size_t);
typedef void (*free_cb)(void *);
typedef char *(*strdup_cb)(const char *);

static char *system_strdup(const char *s) { return strdup(s); }
static void release_block(void *p) { free(p); }

malloc_cb app_malloc = (malloc_cb)malloc;
calloc_cb app_calloc = calloc;
realloc_cb app_realloc = (realloc_cb)realloc;
free_cb app_free = (free_cb)free;
strdup_cb app_strdup = (strdup_cb)system_strdup;

// Only ever assigned, never initialised.
static malloc_cb late_malloc;
static free_cb late_free;

// Assigned an allocator and a function that returns borrowed memory: no
// role.
static char arena[64];
static void *from_arena(size_t n) { return n < sizeof arena ? arena : NULL; }
static malloc_cb mixed_malloc = malloc;

int set_allocators(malloc_cb m, free_cb f, realloc_cb r, strdup_cb s,
                   calloc_cb c) {
  app_malloc = m;
  app_free = f;
  app_realloc = r;
  app_strdup = s;
  app_calloc = c;
  late_malloc = malloc;
  late_free = release_block;
  mixed_malloc = from_arena;
  return 0;
}

void leaks_hook_malloc(void) {
  char *p = app_malloc(8);
  if (p)
    p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'app_free' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'app_malloc'

void no_leak_hook_pair(void) {
  char *p = app_malloc(8);
  app_free(p);
}

void no_leak_hook_calloc_freed(void) {
  int *v = app_calloc(4, sizeof *v);
  app_free(v);
}

int leaks_hook_strdup(const char *s) {
  char *d = app_strdup(s);
  if (!d)
    return -1;
  return d[0];
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'd' is leaked when the function returns; release it with 'app_free' first
  // CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'app_strdup'
}

int grow(char **buf, size_t n) {
  char *nb = app_realloc(*buf, n);
  if (!nb)
    return -1;
  *buf = nb;
  return 0;
}

void leaks_late_hook(void) {
  char *p = late_malloc(8);
  if (p)
    p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'app_free' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'late_malloc'

void no_leak_late_pair(void) {
  char *p = late_malloc(8);
  late_free(p);
}

void no_leak_mixed_hook(void) {
  char *p = mixed_malloc(8);
  if (p)
    p[0] = 0;
}

// A wrapper of a hook is an allocator too.
static void *xmalloc(size_t n) {
  void *p = app_malloc(n);
  if (!p)
    abort();
  return p;
}

void leaks_from_wrapper_of_hook(void) {
  char *p = xmalloc(4);
  p[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'app_free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'xmalloc'
