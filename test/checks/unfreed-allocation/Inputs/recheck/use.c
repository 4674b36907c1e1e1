#include <stddef.h>

void *xalloc(size_t n);
void xfree(void *p);
void work(void);
void note_flag(int *flag);

struct item {
  struct item *next;
};

/* Linked only when it was created here; the flag's address is taken only
   after the test. Every leaking path is impossible. */
int no_leak_linked_when_created(struct item **head, struct item *found) {
  struct item *it = found;
  int created = 0;
  if (!it) {
    it = xalloc(sizeof *it);
    if (!it)
      return -1;
    created = 1;
  }
  work();
  if (created) {
    it->next = *head;
    *head = it;
  }
  note_flag(&created);
  return created;
}

/* The near miss: the flag is handed to a call before the test. */
int leaks_flag_handed_out(struct item **head, struct item *found) {
  struct item *it = found;
  int created = 0;
  if (!it) {
    it = xalloc(sizeof *it);
    if (!it)
      return -1;
    created = 1;
  }
  note_flag(&created);
  if (created) {
    it->next = *head;
    *head = it;
  }
  return created;
}
