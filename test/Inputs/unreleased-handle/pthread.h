#pragma once
typedef unsigned long pthread_t;
typedef unsigned pthread_key_t;
#ifdef __cplusplus
extern "C" {
#endif
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_setspecific(pthread_key_t, const void *);
#ifdef __cplusplus
}
#endif
