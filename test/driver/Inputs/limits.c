// Functions the ownership analysis cannot finish normally.
#include <stdlib.h>

void sink(char *p, int n);

#define S1 sink(p, 1);
#define S10 S1 S1 S1 S1 S1 S1 S1 S1 S1 S1
#define S100 S10 S10 S10 S10 S10 S10 S10 S10 S10 S10
#define S1000 S100 S100 S100 S100 S100 S100 S100 S100 S100 S100
#define S10000 S1000 S1000 S1000 S1000 S1000 S1000 S1000 S1000 S1000 S1000

// Too large: given up, so its leak of 'p' is not reported.
void huge(void) {
  char *p = malloc(4);
  S10000
}

// A shift register of pointers: each pass moves the blocks one place on,
// so the loop settles only after more passes than the analysis allows.
void shifting(int n) {
  char *a = 0, *b = 0, *c = 0, *d = 0, *e = 0, *f = 0, *g = 0, *h = 0,
       *i = 0, *j = 0, *k = 0;
  while (n--) {
    free(k);
    k = j; j = i; i = h; h = g; g = f; f = e; e = d; d = c; c = b; b = a;
    a = malloc(1);
  }
  free(a); free(b); free(c); free(d); free(e); free(f); free(g); free(h);
  free(i); free(j); free(k);
}

// An ordinary leak, still reported.
void small(void) {
  char *q = malloc(2);
  q[0] = 0;
}
