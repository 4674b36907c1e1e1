// RUN: %check_leak %s leak-blocked-thread %t -- -isystem %inputs/blocked-thread

#include <pthread.h>
#include <semaphore.h>

struct channel {
  pthread_mutex_t mu;
  pthread_cond_t cond;
  int has_value;
  int closed;
  int value;
};

void consume(int);

// Waits for a value; the loop condition reads no flag anyone sets.
static void *receiver(void *arg) {
  struct channel *ch = (struct channel *)arg;
  pthread_mutex_lock(&ch->mu);
  while (!ch->has_value)
    pthread_cond_wait(&ch->cond, &ch->mu);
  consume(ch->value);
  pthread_mutex_unlock(&ch->mu);
  return 0;
}

void receiver_nobody_sends(struct channel *ch) {
  pthread_t t;
  pthread_create(&t, 0, receiver, ch);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'pthread_cond_wait': 'has_value' is never set outside the thread, and the thread is detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-10]]:5: note: it can block forever in 'pthread_cond_wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: set 'has_value' on the shutdown path, then wake every waiter on 'cond'
  pthread_detach(t);
}

// The Go shape: a detached receiver per request on a channel nobody sends
// to; each request leaks one blocked thread.
void handle_request(struct channel *ch) {
  pthread_t t;
  pthread_create(&t, 0, receiver, ch);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'pthread_cond_wait': 'has_value' is never set outside the thread, and the thread is detached, and a new one is started each time this code runs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-22]]:5: note: it can block forever in 'pthread_cond_wait' here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: the thread is detached here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: set 'has_value' on the shutdown path, then wake every waiter on 'cond'
  pthread_detach(t);
}

void serve(struct channel *chans, int n) {
  for (int i = 0; i < n; ++i)
    handle_request(&chans[i]);
}

// A worker that exits on 'closed', set before a broadcast: fine.
static void *closable_worker(void *arg) {
  struct channel *ch = (struct channel *)arg;
  pthread_mutex_lock(&ch->mu);
  while (!ch->closed) {
    while (!ch->has_value && !ch->closed)
      pthread_cond_wait(&ch->cond, &ch->mu);
    ch->has_value = 0;
  }
  pthread_mutex_unlock(&ch->mu);
  return 0;
}

void close_channel(struct channel *ch) {
  pthread_mutex_lock(&ch->mu);
  ch->closed = 1;
  pthread_cond_broadcast(&ch->cond);
  pthread_mutex_unlock(&ch->mu);
}

void closable_worker_joined(struct channel *ch) {
  pthread_t t;
  pthread_create(&t, 0, closable_worker, ch);
  close_channel(ch);
  pthread_join(t, 0);
}

// A sem_t nothing posts, in a thread created detached.
sem_t jobs;

static void *sem_worker(void *arg) {
  sem_wait(&jobs);
  return arg;
}

void sem_never_posted(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  pthread_create(&t, &attr, sem_worker, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'sem_wait': nothing outside the thread releases 'jobs', and the thread is created detached [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-11]]:3: note: it can block forever in 'sem_wait' here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
}

// A sem_t posted by the creator: fine.
sem_t go;

static void *go_worker(void *arg) {
  sem_wait(&go);
  return arg;
}

void sem_posted(void) {
  pthread_t t;
  pthread_create(&t, 0, go_worker, 0);
  sem_post(&go);
  pthread_join(t, 0);
}

// A thread that joins a thread which can block forever, and is never
// joined itself.
static pthread_t stuck;

static void *stuck_worker(void *arg) {
  sem_wait(&jobs);
  return arg;
}

static void *joiner(void *arg) {
  pthread_join(stuck, 0);
  return arg;
}

void join_chain(void) {
  pthread_create(&stuck, 0, stuck_worker, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'sem_wait': nothing outside the thread releases 'jobs', and 'joiner' joins it and hangs [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-12]]:3: note: it can block forever in 'sem_wait' here
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: the thread is joined here, in 'joiner', which then hangs
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: release (post) the semaphore wherever the thread must go on; in a worker loop, check a stop flag after each acquire and release after setting it, or use a timed wait ('try_acquire_for', 'sem_timedwait') in a loop that can exit
  pthread_t j;
  pthread_create(&j, 0, joiner, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread started here can block forever in 'pthread_join': it joins a thread that can block forever, and the thread is never joined [leak-blocked-thread]
  // CHECK-MESSAGES: :[[@LINE-13]]:3: note: it can block forever in 'pthread_join' here
  // CHECK-MESSAGES: :[[@LINE-9]]:3: note: the joined thread starts here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: fix: stop the joined thread before joining it
}
