// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Memory owned by a struct field or a global: a destroy function that
// releases the struct but not a field nothing else releases, a field or
// global assigned again in a loop, a global reset while it owns memory.
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int next_option(char **arg);
void keep_somewhere(void *p);

// 1. A destroy function that forgets a field.

struct conn {
  char *name;
  int fd;
};

struct conn *conn_new(const char *name) {
  struct conn *c = malloc(sizeof *c);
  if (!c)
    return NULL;
  c->name = strdup(name);
  c->fd = -1;
  return c;
}

int conn_is_named(const struct conn *c) { return c->name && c->name[0]; }

void conn_free(struct conn *c) {
  free(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' is released with 'free' but its field 'name' may still own memory allocated by 'strdup' that nothing releases
  // CHECK-MESSAGES: :[[@LINE-10]]:13: note: memory allocated here by 'strdup' and stored in 'name'
}

static char *dup_text(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d)
    memcpy(d, s, n);
  return d;
}

struct entry {
  char *key;
  struct entry *next;
};

void entry_init(struct entry *e, const char *k) {
  e->key = dup_text(k);
  e->next = NULL;
}

void entry_destroy(struct entry *e) {
  if (e->key && strcmp(e->key, "") == 0)
    return;
  free(e);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'e' is released with 'free' but its field 'key' may still own memory allocated by 'dup_text' that nothing releases
  // CHECK-MESSAGES: :[[@LINE-9]]:12: note: memory allocated here by 'dup_text' and stored in 'key'
}

// Clean near-misses of 1.

struct freed_field {
  char *name;
};
struct freed_field *ff_new(void) {
  struct freed_field *f = malloc(sizeof *f);
  if (f)
    f->name = strdup("x");
  return f;
}
void ff_free(struct freed_field *f) {
  free(f->name);
  free(f);
}

struct helper_freed {
  char *name;
};
static void hf_clear(struct helper_freed *h) { free(h->name); }
void hf_set(struct helper_freed *h) { h->name = strdup("y"); }
void hf_free(struct helper_freed *h) {
  hf_clear(h);
  free(h);
}

struct copied_out {
  char *name;
};
void co_set(struct copied_out *c) { c->name = strdup("z"); }
void co_free(struct copied_out *c) {
  char *n = c->name;
  free(n);
  free(c);
}

struct never_released {
  char *name;
};
void nr_set(struct never_released *n) { n->name = strdup("w"); }

struct literal_field {
  const char *name;
};
void lf_set(struct literal_field *l) { l->name = "static"; }
void lf_free(struct literal_field *l) { free(l); }

struct by_offset {
  char *a;
};
static const size_t by_offset_fields[] = {offsetof(struct by_offset, a)};
void bo_set(struct by_offset *b) { b->a = strdup("q"); }
void bo_free(struct by_offset *b) {
  for (size_t i = 0; i < sizeof by_offset_fields / sizeof *by_offset_fields; i++)
    free(*(char **)((char *)b + by_offset_fields[i]));
  free(b);
}

struct kept_field {
  char *name;
};
void kf_set(struct kept_field *k) {
  k->name = strdup("k");
  keep_somewhere(k->name);
}
void kf_free(struct kept_field *k) { free(k); }

struct failed_create {
  char *name;
  char *other;
};
struct failed_create *fc_new(void) {
  struct failed_create *f = malloc(sizeof *f);
  if (!f)
    return NULL;
  f->name = strdup("n");
  f->other = strdup("o");
  if (!f->other) {
    free(f->name);
    free(f);
    return NULL;
  }
  return f;
}

// 3. A field or global assigned again by a loop.

struct options {
  char *output;
  char *input;
  int verbose;
};

void parse_args(struct options *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] == 'o')
      o->output = strdup(argv[i] + 2);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: memory allocated by 'strdup' and stored in 'o->output' is leaked when a later iteration of the loop assigns 'o->output' again; release it with 'free' first
    // CHECK-MESSAGES: :[[@LINE-2]]:19: note: memory allocated here by 'strdup' and stored in 'o->output'
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the loop may run the assignment again
    else
      o->verbose++;
  }
}

void parse_switch(struct options *o) {
  char *arg;
  int c;
  while ((c = next_option(&arg)) != -1) {
    switch (c) {
    case 'i':
      o->input = strdup(arg);
      // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: memory allocated by 'strdup' and stored in 'o->input' is leaked when a later iteration of the loop assigns 'o->input' again; release it with 'free' first
      // CHECK-MESSAGES: :[[@LINE-2]]:18: note: memory allocated here by 'strdup' and stored in 'o->input'
      // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the loop may run the assignment again
      break;
    default:
      break;
    }
  }
}

static char *last_word;
void remember_words(char **words, int n) {
  for (int i = 0; i < n; i++)
    last_word = strdup(words[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: memory allocated by 'strdup' and stored in 'last_word' is leaked when a later iteration of the loop assigns 'last_word' again; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: memory allocated here by 'strdup' and stored in 'last_word'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the loop may run the assignment again
}

// Clean near-misses of 3.

struct options2 {
  char *output;
  char *name;
};

void parse_freeing_first(struct options2 *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    free(o->output);
    o->output = strdup(argv[i]);
  }
}

void parse_guarded(struct options2 *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!o->output)
      o->output = strdup(argv[i]);
}

void parse_until_found(struct options2 *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '=') {
      o->output = strdup(argv[i]);
      break;
    }
  }
}

void parse_returning(struct options2 *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '=') {
      o->output = strdup(argv[i]);
      return;
    }
  }
}

struct node {
  char *name;
  struct node *next;
};
void name_all(struct node *list) {
  for (struct node *n = list; n; n = n->next)
    n->name = strdup("node");
}

void parse_once(struct options2 *o, char **argv) {
  do {
    o->name = strdup(argv[0]);
  } while (0);
}

void parse_passing_struct(struct options2 *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    o->name = strdup(argv[i]);
    keep_somewhere(o);
  }
}

// 4. A global reset while it owns memory.

static char *cache;
void cache_set(const char *s) { cache = strdup(s); }
int cache_has(void) { return cache != NULL && cache[0]; }
void cache_clear(void) { cache = NULL; }
// CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'cache' is overwritten while it may still own memory allocated by 'strdup'; nothing releases 'cache'
// CHECK-MESSAGES: :[[@LINE-4]]:41: note: memory allocated here by 'strdup' and stored in 'cache'

// Clean near-misses of 4.

static char *cache2;
void cache2_set(const char *s) { cache2 = strdup(s); }
void cache2_clear(void) {
  free(cache2);
  cache2 = NULL;
}

static char *progname;
void set_progname(const char *s) { progname = strdup(s); }
int progname_is(const char *s) { return strcmp(progname, s) == 0; }

static char *buffer;
void buffer_init(void) {
  buffer = NULL;
  buffer = malloc(64);
}

static char *handed;
void handed_set(void) { handed = strdup("h"); }
char *handed_get(void) { return handed; }
void handed_reset(void) { handed = NULL; }

char *exported_global;
void exported_set(void) { exported_global = strdup("e"); }
void exported_reset(void) { exported_global = NULL; }
