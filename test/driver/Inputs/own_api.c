/* Every block comes from the project's own pool, declared here and defined
   in a library outside the analysed files: nothing the checks recognise. */
typedef struct pool pool;
void *pool_get(pool *p, unsigned long n);
void pool_put(pool *p, void *b);

int fill(pool *p, unsigned long n) {
  char *b = pool_get(p, n);
  if (!b)
    return -1;
  b[0] = 0;
  return 0;
}
