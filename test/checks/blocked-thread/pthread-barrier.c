// RUN: %check_leak %s leak-blocked-thread %t -- -isystem %inputs/blocked-thread

// pthread barriers: sized for more arrivals than the code makes, or a
// participant that returns before arriving.

#include <pthread.h>


#define NWORKERS 4
void compute(int);
void merge(void);

/* Leak: sized for the workers and the main thread, but main never waits. */
static pthread_barrier_t Phase;
static void *worker(void *Arg) {
  compute((int)(long)Arg);
  pthread_barrier_wait(&Phase);
  merge();
  return 0;
}
int run_phases(void) {
  pthread_t T[NWORKERS];
  pthread_barrier_init(&Phase, 0, NWORKERS + 1);
  for (int I = 0; I < NWORKERS; ++I)
    pthread_create(&T[I], 0, worker, (void *)(long)I);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started here can block forever in 'pthread_barrier_wait': 'Phase' waits for 5 arrivals, but the analysed code makes 4, and 'run_phases' joins it and hangs [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE-10]]:3: note: it can block forever in 'pthread_barrier_wait' here
    // CHECK-MESSAGES: :[[@LINE+4]]:5: note: the thread is joined here, in 'run_phases', which then hangs
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'Phase' is sized for 5 arrivals here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: fix: size 'Phase' by the arrivals the code makes, or make the missing participants arrive
  for (int I = 0; I < NWORKERS; ++I)
    pthread_join(T[I], 0);
  return 0;
}

/* Clean: main waits too. */
static pthread_barrier_t Phase2;
static void *worker2(void *Arg) {
  compute((int)(long)Arg);
  pthread_barrier_wait(&Phase2);
  merge();
  return 0;
}
int run_phases2(void) {
  pthread_t T[NWORKERS];
  pthread_barrier_init(&Phase2, 0, NWORKERS + 1);
  for (int I = 0; I < NWORKERS; ++I)
    pthread_create(&T[I], 0, worker2, (void *)(long)I);
  pthread_barrier_wait(&Phase2);
  for (int I = 0; I < NWORKERS; ++I)
    pthread_join(T[I], 0);
  return 0;
}

/* Clean: the worker count is not a constant; no claim. */
static pthread_barrier_t Phase3;
static void *worker3(void *Arg) {
  compute((int)(long)Arg);
  pthread_barrier_wait(&Phase3);
  return 0;
}
int run_phases3(int N) {
  pthread_t T[64];
  pthread_barrier_init(&Phase3, 0, NWORKERS);
  for (int I = 0; I < N; ++I)
    pthread_create(&T[I], 0, worker3, (void *)(long)I);
  for (int I = 0; I < N; ++I)
    pthread_join(T[I], 0);
  return 0;
}

/* Leak: a participant returns early. */
static pthread_barrier_t Ready;
int load(void);
static void *loader(void *Arg) {
  (void)Arg;
  if (!load())
    return 0;
  pthread_barrier_wait(&Ready);
  return 0;
}
static void *user(void *Arg) {
  (void)Arg;
  pthread_barrier_wait(&Ready);
  merge();
  return 0;
}
int run_pair(void) {
  pthread_t A, B;
  pthread_barrier_init(&Ready, 0, 2);
  pthread_create(&A, 0, loader, 0);
  pthread_create(&B, 0, user, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'pthread_barrier_wait': 'Ready' is arrived at in 'loader', but a return before it skips it, and 'run_pair' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-10]]:3: note: it can block forever in 'pthread_barrier_wait' here
  // CHECK-MESSAGES: :[[@LINE+5]]:3: note: the thread is joined here, in 'run_pair', which then hangs
  // CHECK-MESSAGES: :[[@LINE-18]]:5: note: this return leaves 'loader' without arriving at 'Ready'
  // CHECK-MESSAGES: :[[@LINE-18]]:3: note: 'Ready' is arrived at here
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: fix: make every participant arrive on every path
  pthread_join(A, 0);
  pthread_join(B, 0);
  return 0;
}
