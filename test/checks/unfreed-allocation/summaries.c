// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = xmalloc(n);
  memcpy(d, s, n);
  return d;
}

void leaks_memory_from_wrapper(void) {
  char *b = xmalloc(4);
  b[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'b' is leaked when 'b' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'xmalloc'

void leaks_memory_from_wrapper_of_wrapper(const char *s) {
  char *copy = xstrdup(s);
  puts(copy);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'copy' is leaked when 'copy' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:16: note: memory allocated here by 'xstrdup'

void no_leak_memory_from_wrapper_freed(const char *s) {
  char *copy = xstrdup(s);
  puts(copy);
  free(copy);
}

static void release_buffer(char *p) {
  if (!p)
    return;
  free(p);
}

static void only_reads(const char *p) { printf("%s\n", p); }

static char *global_keep;
static void keeps(char *p) { global_keep = p; }

void no_leak_passed_to_releasing_helper(void) {
  char *p = malloc(8);
  release_buffer(p);
}

void leaks_passed_to_reading_helper(void) {
  char *p = malloc(8);
  only_reads(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'

void no_leak_passed_to_storing_helper(void) {
  char *p = malloc(8);
  keeps(p);
}

struct buf {
  char *data;
  size_t len;
};

static void buf_clear(struct buf *b) {
  free(b->data);
  b->data = NULL;
}

void no_leak_contents_released_by_helper(void) {
  struct buf b;
  b.data = malloc(16);
  b.len = 16;
  buf_clear(&b);
}

static void buf_print(const struct buf *b) { printf("%s", b->data); }

void leaks_contents_only_read_by_helper(void) {
  struct buf b;
  b.data = malloc(16);
  b.len = 16;
  buf_print(&b);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'b.data' is leaked when 'b' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-5]]:12: note: memory allocated here by 'malloc'

static int count_down(char *p, int n) {
  if (n == 0) {
    free(p);
    return 0;
  }
  return count_down(p, n - 1);
}

void no_leak_recursive_release(void) {
  char *p = malloc(2);
  count_down(p, 3);
}

static int ping(char *p, int n);
static int pong(char *p, int n) { return n ? ping(p, n - 1) : 0; }
static int ping(char *p, int n) { return n ? pong(p, n - 1) : (free(p), 0); }

void no_leak_mutual_recursion(void) {
  char *p = malloc(2);
  ping(p, 4);
}

static char *maybe_copy(const char *s, int keep) {
  if (!keep)
    return NULL;
  return strdup(s);
}

void leaks_result_of_maybe_null_factory(const char *s) {
  char *c = maybe_copy(s, 1);
  if (c)
    puts(c);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'c' is leaked when 'c' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: memory allocated here by 'maybe_copy'

static char name_buffer[32];
static char *not_a_factory(int k) {
  if (k)
    return name_buffer;
  return strdup("x");
}

void no_leak_from_mixed_return_function(void) {
  char *n = not_a_factory(0);
  puts(n);
}

void no_leak_through_function_pointer(void (*cb)(char *)) {
  char *p = malloc(3);
  cb(p);
}

struct doc {
  struct buf *subset;
};

static struct buf *create_subset(struct doc *d) {
  struct buf *b = malloc(sizeof *b);
  if (!b)
    return NULL;
  b->data = NULL;
  if (d)
    d->subset = b;
  return b;
}

void no_leak_result_also_stored_by_callee(struct doc *d) {
  create_subset(d);
}

struct uri {
  char *scheme;
  char *path;
};

static void free_uri(struct uri *u) {
  if (!u)
    return;
  free(u->scheme);
  free(u->path);
  free(u);
}

int no_leak_fields_when_container_may_be_null(int fail) {
  struct uri *u = malloc(sizeof *u);
  if (u) {
    u->scheme = malloc(4);
    u->path = malloc(4);
  }
  if (fail)
    goto done;
  fail = 2;
done:
  if (u != NULL)
    free_uri(u);
  return fail;
}

// Pointer-returning functions that call each other and never allocate,
// beside one that reaches an allocation through them: only that one is an
// allocator. They are defined after their callers, so the callers are
// analysed before any of their summaries exist. A logging call with
// nothing tracked in its arguments changes nothing.
static char *skip_token(char *s);
static char *skip_blanks(char *s);
static char *copy_after_token(char *s);
static void log_size(int n);

void no_leak_pointer_into_argument(char *s) {
  char *t = skip_token(s);
  log_size(1);
  t[0] = 0;
}

void leaks_copy_reached_through_cycle(char *s) {
  char *t = copy_after_token(s);
  log_size(2);
  if (t)
    t[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 't' is leaked when 't' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'copy_after_token'

static char *skip_blanks(char *s) { return *s == ' ' ? skip_token(s + 1) : s; }
static char *skip_token(char *s) { return *s ? skip_blanks(s) : s; }
static char *copy_after_blanks(char *s) { return strdup(skip_blanks(s)); }
static char *copy_after_token(char *s) {
  return *s ? copy_after_blanks(skip_token(s)) : NULL;
}
static void log_size(int n) { printf("%d\n", n); }

// A list walk that frees as it goes: the cursor holds the head, then the
// nodes it links to; that it ends null says nothing of the head, which the
// first iteration freed.
struct node {
  struct node *next;
  char *name;
};
static void free_node(struct node *n) {
  free(n->name);
  free(n);
}
static void free_node_list(struct node *cur) {
  while (cur != NULL) {
    struct node *next = cur->next;
    free_node(cur);
    cur = next;
  }
}

void no_leak_list_freed_by_walk(void) {
  struct node *n = malloc(sizeof *n);
  if (!n)
    return;
  n->next = NULL;
  n->name = strdup("head");
  free_node_list(n);
}
