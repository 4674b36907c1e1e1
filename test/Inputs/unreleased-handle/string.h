#pragma once
typedef __SIZE_TYPE__ size_t;
#ifdef __cplusplus
extern "C" {
#endif
size_t strlen(const char *);
char *strcpy(char *, const char *);
void *memcpy(void *, const void *, size_t);
void *memset(void *, int, size_t);
char *strtok(char *, const char *);
char *strdup(const char *);
int strcmp(const char *, const char *);
int strverscmp(const char *, const char *);
#ifdef __cplusplus
}
#endif
