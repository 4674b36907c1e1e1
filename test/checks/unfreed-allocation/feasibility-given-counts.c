// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Loops over a given count (a field, a global or a parameter) whose body
// hands the block off: the code relies on the loop running at least once,
// so the witness search does not take the loop's exit on its first test.
// A constant or locally computed count, or a body that leaves the block
// alone, is searched as usual.
#include <stdlib.h>

struct queue {
  int consumers;
  char *head;
};

int count_consumers(void);
void note_turn(int i);
void give(struct queue *q, char *b) { q->head = b; }

void no_leak_first_consumer_takes_block(struct queue *q) {
  char *b = malloc(64);
  if (!b)
    return;
  for (int i = 0; i < q->consumers; i++)
    if (i == 0)
      give(q, b);
}

void no_leak_parameter_count(struct queue *q, int n) {
  char *b = malloc(64);
  if (!b)
    return;
  for (int i = 0; i < n; i++)
    if (i == 0)
      give(q, b);
}

void leaks_when_local_count_is_zero(struct queue *q) {
  char *b = malloc(64);
  if (!b)
    return;
  int n = count_consumers();
  for (int i = 0; i < n; i++)
    if (i == 0)
      give(q, b);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'b' is leaked when 'b' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-9]]:13: note: memory allocated here by 'malloc'

void leaks_when_loop_leaves_block_alone(struct queue *q) {
  char *b = malloc(64);
  if (!b)
    return;
  for (int i = 0; i < q->consumers; i++)
    note_turn(i);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'b' is leaked when 'b' goes out of scope; release it with 'free' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-7]]:13: note: memory allocated here by 'malloc'

// Ownership along the witness path alone (the same rule as for handles).
void no_leak_first_consumer_takes_block_others_a_copy(struct queue *q) {
  char *b = malloc(64);
  if (!b)
    return;
  for (int i = 0; i < q->consumers; i++) {
    char *t;
    if (i == 0)
      t = b;
    else if (!(t = malloc(64)))
      abort();
    give(q, t);
  }
}

void no_leak_given_or_freed(struct queue *q, int n) {
  char *b;
  for (int i = 0; i < n; i++) {
    if (!(b = malloc(64)))
      continue;
    if (i == 0)
      give(q, b);
    else
      free(b);
  }
}

void leaks_reallocated_given_first_turn_only(struct queue *q, int n) {
  char *b;
  for (int i = 0; i < n; i++) {
    if (!(b = malloc(64)))
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: memory pointed to by 'b' is leaked when 'b' is overwritten; release it with 'free' first [leak-unfreed-allocation]
      // CHECK-MESSAGES: :[[@LINE-2]]:15: note: memory allocated here by 'malloc'
      continue;
    if (i == 0)
      give(q, b);
  }
}
