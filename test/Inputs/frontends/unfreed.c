/* Allocation paths in a C file: a leak on an early return, and a buffer
   handed to a global list (not a leak). */
#include <stdlib.h>
#include <string.h>
struct node { struct node *next; char *name; };
static struct node *head;
int add(const char *name) {
  struct node *n = malloc(sizeof *n);
  if (!n)
    return -1;
  n->name = strdup(name);
  if (!n->name)
    return -1;
  n->next = head;
  head = n;
  return 0;
}
