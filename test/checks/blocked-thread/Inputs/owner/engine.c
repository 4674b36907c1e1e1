#include <pthread.h>
#include "engine.h"

void *calloc(unsigned long n, unsigned long size);

// The engine's maintenance thread serves it for as long as it lives; nothing
// stops it.
struct engine {
  pthread_mutex_t mu;
  pthread_cond_t cond;
  int jobs;
};

static void *engine_thread(void *arg) {
  struct engine *e = arg;
  pthread_mutex_lock(&e->mu);
  while (1) {
    while (e->jobs == 0)
      pthread_cond_wait(&e->cond, &e->mu);
    e->jobs--;
  }
  return 0;
}

void *engine_init(void) {
  struct engine *e = calloc(1, sizeof *e);
  pthread_t t;
  pthread_create(&t, 0, engine_thread, e);
  return e;
}
