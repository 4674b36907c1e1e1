// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unreleased-handle
// Lending is not giving: a C library function uses the memory it is given
// during the call and keeps none of it, unless it is one of the few that
// keep or release an argument (setvbuf, putenv, pthread_create,
// pthread_setspecific, free...). A function with no body and no summary
// lends what a pointer-to-const parameter points to: lending-const.c.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void leaks_after_strtok(const char *s) {
  char *copy = strdup(s);
  if (!copy)
    return;
  for (char *t = strtok(copy, ","); t; t = strtok(NULL, ","))
    puts(t);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'copy' is leaked when 'copy' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:16: note: memory allocated here by 'strdup'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'copy' is not null
// CHECK-MESSAGES: :[[@LINE-6]]:37: note: assuming 't' is null

void leaks_after_fwrite(FILE *f, size_t n) {
  char *buf = malloc(n);
  if (!buf)
    return;
  memset(buf, 0, n);
  fwrite(buf, 1, n, f);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'buf' is leaked when 'buf' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:15: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'buf' is not null

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int leaks_after_qsort(size_t n) {
  int *v = calloc(n, sizeof *v);
  if (!v)
    return -1;
  qsort(v, n, sizeof *v, cmp);
  return v[0];
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'v' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:12: note: memory allocated here by 'calloc'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'v' is not null

char *no_leak_strcpy_returns_its_destination(const char *s) {
  return strcpy(malloc(strlen(s) + 1), s);
}

void *no_leak_memcpy_result_returned(const void *src, size_t n) {
  void *p = malloc(n);
  if (!p)
    return NULL;
  return memcpy(p, src, n);
}

static void *worker(void *arg) {
  free(arg);
  return NULL;
}

int no_leak_pthread_create_keeps_its_argument(pthread_t *t) {
  int *arg = malloc(sizeof *arg);
  if (!arg)
    return -1;
  *arg = 1;
  return pthread_create(t, NULL, worker, arg);
}

void no_leak_setspecific_keeps_value(pthread_key_t k) {
  pthread_setspecific(k, malloc(8));
}

void no_leak_putenv_keeps_string(const char *kv) {
  putenv(strdup(kv));
}

void no_leak_setvbuf_keeps_buffer(FILE *f) {
  setvbuf(f, malloc(4096), 0, 4096);
}

int leaks_after_strverscmp(const char *v, size_t n) {
  char *buf = malloc(n);
  if (!buf)
    return 0;
  buf[0] = 0;
  return strverscmp(buf, v);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: memory pointed to by 'buf' is leaked when the function returns; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:15: note: memory allocated here by 'malloc'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'buf' is not null

char *no_leak_realpath_result_is_the_buffer(const char *p, size_t n) {
  char *buf = malloc(n);
  char *r = realpath(p, buf);
  if (r == NULL) {
    free(buf);
    return NULL;
  }
  return r;
}
