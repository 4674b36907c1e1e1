// A dead store (clang-analyzer-deadcode.DeadStores fires on it) and memory
// from the project's own allocator that is lost on the early return.
void *my_alloc(unsigned long n);
void my_free(void *p);

int dead_store(int x) {
  int unused = x * 2;
  unused = 3;
  return x;
}

int leaks_through_own_allocator(int n) {
  char *p = my_alloc(16);
  if (n > 1)
    return 1;
  my_free(p);
  return 0;
}
