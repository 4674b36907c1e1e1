#pragma once
typedef struct { unsigned long v[16]; } sigset_t;
#ifdef __cplusplus
extern "C" {
#endif
int signalfd(int, const sigset_t *, int);
#ifdef __cplusplus
}
#endif
