// The C++ side of own_api.c: blocks from the project's own pool object.
struct Pool {
  void *get(unsigned long n);
};

int fill_from(Pool &p) {
  char *b = static_cast<char *>(p.get(8));
  if (!b)
    return -1;
  b[0] = 0;
  return 0;
}
