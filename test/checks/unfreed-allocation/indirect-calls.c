// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Calls through function pointers whose targets the TU knows: a static ops
// table, a callback variable, an array of handlers, a field assigned in a
// function, a parameter given known functions by every caller. The call
// does what all its targets do (release on every target is a release, a
// borrow on every target leaves the memory owned); one target that may
// keep or release the memory, or a value the TU cannot name, makes the
// call hand it off.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ops {
  void *(*make)(size_t);
  void (*show)(char *);
  void (*drop)(void *);
};

static void *make_block(size_t n) { return malloc(n); }
static void show_text(char *s) { printf("%s\n", s); }
static void show_len(char *s) { printf("%zu\n", strlen(s)); }
static void drop_block(void *p) { free(p); }

static char *kept;
static void keep_text(char *s) { kept = s; }

static const struct ops text_ops = {
    .make = make_block, .show = show_text, .drop = drop_block};

void leaks_after_ops_table_borrow(const char *s) {
  char *p = strdup(s);
  text_ops.show(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'strdup'

void no_leak_ops_table_drop(const char *s) {
  char *p = strdup(s);
  text_ops.show(p);
  text_ops.drop(p);
}

void leaks_block_from_ops_table(const struct ops *o) {
  char *b = text_ops.make(16);
  if (!b)
    return;
  b[0] = 0;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'b' is leaked when 'b' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: memory allocated here by 'make'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'b' is not null

void no_leak_block_from_ops_table_dropped(void) {
  char *b = text_ops.make(16);
  text_ops.drop(b);
}

// A callback variable of the function, assigned known functions only.
void leaks_through_local_callback(const char *s, int verbose) {
  void (*cb)(char *) = show_text;
  if (verbose)
    cb = show_len;
  char *p = strdup(s);
  cb(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'strdup'

// One target keeps the memory: the call may hand it off.
void no_leak_when_one_target_keeps(const char *s, int keep) {
  void (*cb)(char *) = show_text;
  if (keep)
    cb = keep_text;
  char *p = strdup(s);
  cb(p);
}

// One target releases, the other borrows: the memory may be gone.
void no_leak_when_one_target_releases(const char *s, int drop) {
  void (*cb)(void *) = drop_block;
  if (!drop)
    cb = (void (*)(void *))show_text;
  char *p = strdup(s);
  cb(p);
}

// An array of handlers.
static void (*const handlers[])(char *) = {show_text, show_len};

void leaks_through_handler_table(const char *s, int i) {
  char *p = strdup(s);
  handlers[i & 1](p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'strdup'

// A global callback the program sets from a value it cannot name (the
// user's callback): unknown, the call hands the memory off.
static void (*user_cb)(char *) = show_text;
void set_user_cb(void (*f)(char *)) { user_cb = f; }

void no_leak_through_replaceable_callback(const char *s) {
  char *p = strdup(s);
  user_cb(p);
}

// A callback whose address is handed out may be set anywhere.
static void (*hooked_cb)(char *) = show_text;
void register_hook(void (**slot)(char *));
void install(void) { register_hook(&hooked_cb); }

void no_leak_through_callback_whose_address_escapes(const char *s) {
  char *p = strdup(s);
  hooked_cb(p);
}

// A field of a local struct assigned in the function.
struct printer {
  void (*print)(char *);
};

void leaks_through_assigned_field(const char *s) {
  struct printer pr;
  pr.print = show_len;
  char *p = strdup(s);
  (*pr.print)(p);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'strdup'

// A parameter that every caller gives a known function.
static void apply(char *p, void (*fn)(char *)) { fn(p); }

void leaks_through_callback_parameter(const char *s) {
  char *p = strdup(s);
  apply(p, show_text);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'p' is leaked when 'p' goes out of scope; release it with 'free' first
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'strdup'

void no_leak_other_use_of_apply(const char *s) {
  char *p = strdup(s);
  apply(p, show_len);
  free(p);
}

// A parameter of a function whose address is taken: callers are unseen.
static void apply_later(char *p, void (*fn)(char *)) { fn(p); }
void (*deferred)(char *, void (*)(char *)) = apply_later;

void no_leak_through_parameter_of_escaped_function(const char *s) {
  char *p = strdup(s);
  apply_later(p, show_text);
}

// A call through a slot that holds only releasers releases.
static void (*const releasers[])(void *) = {drop_block, free};

void no_leak_released_through_releaser_table(int i) {
  char *p = malloc(4);
  releasers[i & 1](p);
}
