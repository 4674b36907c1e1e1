#pragma once
typedef __SIZE_TYPE__ size_t;
#ifdef __cplusplus
extern "C" {
#endif
size_t strlen(const char *);
char *strdup(const char *);
char *strndup(const char *, size_t);
char *strcpy(char *, const char *);
char *strncpy(char *, const char *, size_t);
char *strcat(char *, const char *);
int strcmp(const char *, const char *);
char *strchr(const char *, int);
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
char *strncat(char *, const char *, size_t);
char *stpcpy(char *, const char *);
void *mempcpy(void *, const void *, size_t);
#ifdef __cplusplus
}
#endif
