// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Out-parameters: a callee that stores fresh memory through a pointer
// parameter hands the caller ownership of it, on the returns it says.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR_INVAL 3
#define ERR_NOMEM 1

static int make_url(char **out, const char *host) {
  char *u = malloc(strlen(host) + 8);
  if (!u)
    return -1;
  strcpy(u, host);
  *out = u;
  return 0;
}

void leaks_out_param(const char *h) {
  char *url;
  if (make_url(&url, h) != 0)
    return;
  puts(url);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'url' is leaked when 'url' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-5]]:16: note: memory allocated here by 'make_url'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming the condition is false

void no_leak_out_param_freed(const char *h) {
  char *url;
  if (make_url(&url, h) != 0)
    return;
  puts(url);
  free(url);
}

void no_leak_out_param_error_branch_only(const char *h) {
  char *url;
  if (make_url(&url, h) < 0) {
    puts("failed");
    return;
  }
  free(url);
}

void leaks_out_param_result_in_variable(const char *h) {
  char *url;
  int rc = make_url(&url, h);
  if (rc)
    return;
  puts(url);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'url' is leaked when 'url' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-6]]:21: note: memory allocated here by 'make_url'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming the condition is false

int no_leak_result_in_variable_freed(const char *h) {
  char *url;
  int rc = make_url(&url, h);
  if (rc != 0)
    return rc;
  free(url);
  return 0;
}

static int parse_string(const char *tok, char **value) {
  if (!tok)
    return ERR_INVAL;
  if (*value)
    return ERR_INVAL;
  *value = strdup(tok);
  if (!*value)
    return ERR_NOMEM;
  return 0;
}

int no_leak_when_failure_leaves_slot_empty(const char *t) {
  char *k = NULL;
  if (parse_string(t, &k))
    return ERR_INVAL;
  puts(k);
  free(k);
  return 0;
}

int leaks_parsed_string(const char *t) {
  char *k = NULL;
  if (parse_string(t, &k))
    return ERR_INVAL;
  puts(k);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'k' is leaked when the function returns; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-6]]:23: note: memory allocated here by 'parse_string'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming the condition is false

struct pair {
  char *key;
  char *val;
};

static void fill(struct pair *p, const char *k) {
  p->key = strdup(k);
  p->val = strdup(k);
}

void leaks_one_field_of_filled_struct(const char *k) {
  struct pair p;
  fill(&p, k);
  puts(p.key);
  free(p.key);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p.val' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-5]]:8: note: memory allocated here by 'fill'

void no_leak_filled_struct_released(const char *k) {
  struct pair p;
  fill(&p, k);
  free(p.key);
  free(p.val);
}

static void pair_free(struct pair *p) {
  free(p->key);
  free(p->val);
}

void no_leak_filled_struct_released_by_helper(const char *k) {
  struct pair p;
  fill(&p, k);
  pair_free(&p);
}

void leaks_filled_heap_struct(const char *k) {
  struct pair *p = malloc(sizeof *p);
  if (!p)
    return;
  fill(p, k);
  free(p);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'p->key' is leaked when 'p' is released; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:8: note: memory allocated here by 'fill'

void no_leak_filled_heap_struct_released(const char *k) {
  struct pair *p = malloc(sizeof *p);
  if (!p)
    return;
  fill(p, k);
  pair_free(p);
  free(p);
}

// A wrapper that hands its own out-parameter on: the caller owns it.
static int make_default_url(char **out) { return make_url(out, "localhost"); }

void leaks_through_forwarded_out_param(void) {
  char *u = NULL;
  if (make_default_url(&u) == 0)
    puts(u);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'u' is leaked when 'u' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:24: note: memory allocated here by 'make_default_url'
// CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming the condition is true

void no_leak_forwarded_out_param_freed(void) {
  char *u = NULL;
  if (make_default_url(&u) == 0)
    free(u);
}

// A callee that keeps the block as well (a cache) did not hand it out.
static char *cache;
static void get_cached(char **out) {
  if (!cache)
    cache = strdup("x");
  *out = cache;
}

void no_leak_out_param_borrowed_from_cache(void) {
  char *v;
  get_cached(&v);
  puts(v);
}

// A callee that stores the block and returns it too: who owns it is not
// said twice.
static char *make_both(char **out) {
  char *p = strdup("y");
  *out = p;
  return p;
}

void no_leak_out_param_also_returned(void) {
  char *v;
  char *r = make_both(&v);
  free(r);
}

// A callee that releases the old value first.
static void replace(char **slot, const char *v) {
  free(*slot);
  *slot = strdup(v);
}

void no_leak_replaced_value(void) {
  char *s = strdup("a");
  replace(&s, "b");
  free(s);
}

void leaks_replaced_value(void) {
  char *s = strdup("a");
  replace(&s, "b");
  puts(s);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 's' is leaked when 's' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:11: note: memory allocated here by 'replace'

// The result decides in a switch: only the case the callee fills holds it.
static int start_input(int empty, char **cause) {
  if (!empty) {
    *cause = strdup("pane is not empty");
    return -1;
  }
  if (empty > 1)
    return 1;
  return 0;
}

int no_leak_switch_on_result(int e) {
  char *cause;
  switch (start_input(e, &cause)) {
  case -1:
    puts(cause);
    free(cause);
    return -1;
  case 1:
    return 1;
  case 0:
    return 0;
  }
  return 2;
}

int leaks_in_switch_case(int e) {
  char *cause;
  switch (start_input(e, &cause)) {
  case -1:
    puts(cause);
    return -1;
  default:
    return 0;
  }
}
// CHECK-MESSAGES: :[[@LINE-5]]:5: warning: memory pointed to by 'cause' is leaked when the function returns; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-9]]:26: note: memory allocated here by 'start_input'

// A boolean result: true when the slot was filled.
static int try_dup(const char *s, char **out) {
  if (!s)
    return 0;
  *out = strdup(s);
  return *out != NULL;
}

void no_leak_bool_result_checked(const char *s) {
  char *v;
  if (!try_dup(s, &v))
    return;
  free(v);
}

// Filled into a global: parked there, not this check's finding.
static char *g_value;
void no_leak_out_param_into_global(void) { try_dup("g", &g_value); }

// The callee frees what it filled on its error path.
static int load(const char *s, char **out) {
  *out = strdup(s);
  if (!*out)
    return -1;
  if (strlen(*out) > 8) {
    free(*out);
    *out = NULL;
    return -2;
  }
  return 0;
}

void no_leak_callee_cleans_up_on_error(const char *s) {
  char *v;
  if (load(s, &v) < 0)
    return;
  free(v);
}

// The caller hands the filled block on.
void keep_value(char *v);
void no_leak_filled_value_handed_on(const char *s) {
  char *v;
  if (try_dup(s, &v))
    keep_value(v);
}

void leaks_bool_result_checked(const char *s) {
  char *v;
  if (try_dup(s, &v))
    puts(v);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'v' is leaked when 'v' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:18: note: memory allocated here by 'try_dup'
// CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming the condition is true

void no_leak_bool_result_compared_to_zero(const char *s) {
  char *v;
  if (try_dup(s, &v) == 0)
    return;
  free(v);
}

/* Handed out on one path only: the other path still loses the block. */
int leaks_handed_out_on_one_path(char **out, int keep) {
  char *p = malloc(8);
  if (!p)
    return -1;
  if (keep)
    *out = p;
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-8]]:13: note: memory allocated here by 'malloc'

int no_leak_handed_out_on_every_path(char **out, int keep) {
  char *p = malloc(8);
  if (!p)
    return -1;
  if (keep)
    *out = p;
  else
    out[0] = p;
  return 0;
}
