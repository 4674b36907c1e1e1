#pragma once
typedef __SIZE_TYPE__ size_t;
typedef long off_t;
#define PROT_READ 1
#define MAP_PRIVATE 2
#define MAP_FAILED ((void *)-1)
#ifdef __cplusplus
extern "C" {
#endif
void *mmap(void *, size_t, int, int, int, off_t);
int munmap(void *, size_t);
int msync(void *, size_t, int);
int memfd_create(const char *, unsigned);
#ifdef __cplusplus
}
#endif
