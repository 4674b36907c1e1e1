#pragma once
#define O_RDONLY 0
#define O_WRONLY 1
#ifdef __cplusplus
extern "C" {
#endif
int open(const char *, int, ...);
#ifdef __cplusplus
}
#endif
