// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// A prefix with many paths before the allocation (a hash computed over a
// key with a loop and a fall-through switch, a bucket chain walked) must
// not spend the witness search's budget: when the rest of the function
// refutes the candidate whatever the prefix did, the search from the
// allocation alone says so. A refutation that needs the prefix is still
// found by the search from the entry.
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int memcmp(const void *, const void *, size_t);

struct entry {
  struct entry *next;
  unsigned hash;
  size_t keylen;
  const char *key;
};

struct table {
  struct entry **buckets;
  unsigned nbuckets;
  char **slots;
  int count;
  int mode;
};

#define MIX(a, b, c)                                                           \
  do {                                                                         \
    a -= b; a -= c; a ^= (c >> 13);                                            \
    b -= c; b -= a; b ^= (a << 8);                                             \
    c -= a; c -= b; c ^= (b >> 13);                                            \
  } while (0)

/* A lookup written inline, as hash-table macros expand. */
#define FIND(t, k, len, out)                                                   \
  do {                                                                         \
    unsigned h_a = 0x9e3779b9u, h_b = 0x9e3779b9u, h_c = 0xfeedbeefu;          \
    const unsigned char *h_k = (const unsigned char *)(k);                     \
    unsigned h_n = (unsigned)(len);                                            \
    while (h_n >= 12U) {                                                       \
      h_a += h_k[0] + ((unsigned)h_k[1] << 8);                                 \
      h_b += h_k[4] + ((unsigned)h_k[5] << 8);                                 \
      h_c += h_k[8] + ((unsigned)h_k[9] << 8);                                 \
      MIX(h_a, h_b, h_c);                                                      \
      h_k += 12;                                                               \
      h_n -= 12U;                                                              \
    }                                                                          \
    h_c += (unsigned)(len);                                                    \
    switch (h_n) {                                                             \
    case 11: h_c += ((unsigned)h_k[10] << 24);                                 \
    case 10: h_c += ((unsigned)h_k[9] << 16);                                  \
    case 9: h_c += ((unsigned)h_k[8] << 8);                                    \
    case 8: h_b += ((unsigned)h_k[7] << 24);                                   \
    case 7: h_b += ((unsigned)h_k[6] << 16);                                   \
    case 6: h_b += ((unsigned)h_k[5] << 8);                                    \
    case 5: h_b += h_k[4];                                                     \
    case 4: h_a += ((unsigned)h_k[3] << 24);                                   \
    case 3: h_a += ((unsigned)h_k[2] << 16);                                   \
    case 2: h_a += ((unsigned)h_k[1] << 8);                                    \
    case 1: h_a += h_k[0];                                                     \
    }                                                                          \
    MIX(h_a, h_b, h_c);                                                        \
    (out) = NULL;                                                              \
    if ((t)->buckets) {                                                        \
      (out) = (t)->buckets[h_c & ((t)->nbuckets - 1U)];                        \
      while ((out) != NULL) {                                                  \
        if ((out)->hash == h_c && (out)->keylen == (len) &&                    \
            memcmp((out)->key, (k), (len)) == 0)                               \
          break;                                                               \
        (out) = (out)->next;                                                   \
      }                                                                        \
    }                                                                          \
  } while (0)

/* The loop either stores the copy in a free slot and breaks, or ends with
   i == t->count and the append stores it. */
int no_leak_slot_or_append_after_lookup(struct table *t, const char *key,
                                        const char *name) {
  struct entry *e;
  size_t len = strlen(key);
  int i;
  FIND(t, key, len, e);
  if (e == NULL)
    return -1;
  char *copy = malloc(strlen(name) + 1);
  if (!copy)
    return -1;
  for (i = 0; i < t->count; i++) {
    if (!t->slots[i]) {
      t->slots[i] = copy;
      break;
    }
  }
  if (i == t->count) {
    char **grown = realloc(t->slots, sizeof(char *) * (size_t)(t->count + 1));
    if (!grown) {
      free(copy);
      return -1;
    }
    t->slots = grown;
    t->count++;
    t->slots[t->count - 1] = copy;
  }
  if (t->mode == 1 || t->mode == 5)
    return 1;
  return 0;
}

/* The near miss: the append is guarded by a different test. */
int leaks_slot_or_wrong_test_after_lookup(struct table *t, const char *key,
                                          const char *name) {
  struct entry *e;
  size_t len = strlen(key);
  int i;
  FIND(t, key, len, e);
  if (e == NULL)
    return -1;
  char *copy = malloc(strlen(name) + 1);
  if (!copy)
    return -1;
  for (i = 0; i < t->count; i++) {
    if (!t->slots[i]) {
      t->slots[i] = copy;
      break;
    }
  }
  if (i == t->count - 1)
    t->slots[i] = copy;
  if (t->mode == 1 || t->mode == 5)
    return 1;
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: memory pointed to by 'copy' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-14]]:16: note: memory allocated here by 'malloc'
  return 0;
}

/* The refutation needs the prefix: the copy is made only for a found
   entry, and released under the same test. */
int no_leak_correlated_with_lookup(struct table *t, const char *key,
                                   const char *name) {
  struct entry *e;
  size_t len = strlen(key);
  char *copy = NULL;
  FIND(t, key, len, e);
  int found = e != NULL;
  if (found)
    copy = malloc(strlen(name) + 1);
  if (t->mode == 2)
    t->count++;
  if (found)
    free(copy);
  return found;
}

/* Its near miss: released under another test. */
int leaks_correlated_wrong_test(struct table *t, const char *key,
                                const char *name) {
  struct entry *e;
  size_t len = strlen(key);
  char *copy = NULL;
  FIND(t, key, len, e);
  int found = e != NULL;
  if (found)
    copy = malloc(strlen(name) + 1);
  if (t->mode == 2)
    t->count++;
  if (t->mode == 3)
    free(copy);
  return found;
// CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'copy' is leaked when the function returns
// CHECK-MESSAGES: :[[@LINE-7]]:12: note: memory allocated here by 'malloc'
}
