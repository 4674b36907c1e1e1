// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Values the TU never changes decide conditions: a static global or static
// local that nothing writes, takes the address of or binds to a reference
// keeps its initialiser (zero without one), and a function whose every
// return is one constant returns it. Each clean function has a near miss
// where the value can change, and really leaks.
#include <stddef.h>
#include <stdlib.h>

void work(void);

static int keep_buffers = 1;
static int quiet;            /* Zero: no initialiser, never written. */
static int verbose = 0;      /* Written by set_verbose. */
static int traced = 0;       /* Its address escapes. */
static int counted = 0;      /* Incremented. */

void set_verbose(int v) { verbose = v; }
int *trace_flag(void) { return &traced; }
void count(void) { counted++; }

static int enabled(void) { return 1; }
static int maybe_enabled(int x) {
  if (x > 3)
    return 1;
  return 0;
}

void no_leak_static_never_written(size_t n) {
  char *p = NULL;
  if (keep_buffers)
    p = malloc(n);
  work();
  if (keep_buffers)
    free(p);
}

void no_leak_static_zero_without_initialiser(size_t n) {
  char *p = malloc(n);
  if (quiet)
    return;
  free(p);
}

void leaks_static_written_elsewhere(size_t n) {
  char *p = malloc(n);
  if (verbose)
    return;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: assuming the condition is true
  free(p);
}

void leaks_static_address_taken(size_t n) {
  char *p = malloc(n);
  if (traced)
    return;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: assuming the condition is true
  free(p);
}

void leaks_static_incremented(size_t n) {
  char *p = malloc(n);
  if (counted)
    return;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: assuming the condition is true
  free(p);
}

void no_leak_static_local_never_written(size_t n) {
  static int cache_off = 0;
  char *p = malloc(n);
  if (cache_off)
    return;
  free(p);
}

void leaks_static_local_written(size_t n) {
  static int calls = 0;
  char *p = malloc(n);
  if (calls++ > 2)
    return;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: assuming the condition is true
  free(p);
}

void no_leak_function_returns_constant(size_t n) {
  char *p = malloc(n);
  if (!enabled())
    return;
  free(p);
}

void no_leak_constant_result_kept(size_t n) {
  char *p = NULL;
  int on = enabled();
  if (on)
    p = malloc(n);
  work();
  if (enabled())
    free(p);
}

void leaks_function_returns_either(size_t n, int x) {
  char *p = malloc(n);
  if (!maybe_enabled(x))
    return;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'p' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-4]]:7: note: assuming the condition is true
  free(p);
}
