#pragma once
typedef __SIZE_TYPE__ size_t;
#ifndef NULL
#ifdef __cplusplus
#define NULL nullptr
#else
#define NULL ((void *)0)
#endif
#endif
#ifdef __cplusplus
extern "C" {
#endif
void *malloc(size_t);
void *calloc(size_t, size_t);
void *realloc(void *, size_t);
void free(void *);
char *strdup(const char *);
void exit(int) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int putenv(char *);
char *realpath(const char *, char *);
void qsort(void *, size_t, size_t, int (*)(const void *, const void *));
#ifdef __cplusplus
}
#endif
