#pragma once
#ifdef __cplusplus
extern "C" {
#endif
typedef struct { int __s; } sem_t;
struct timespec;
int sem_init(sem_t *s, int pshared, unsigned value);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
int sem_timedwait(sem_t *s, const struct timespec *t);
int sem_post(sem_t *s);
#ifdef __cplusplus
}
#endif
