// A header whose inline function leaks: its finding is shown with
// --header-filter, on a page of its own.
static inline int make_buffer_and_forget(int n) {
  char *b = malloc(n);
  if (!b)
    return 0;
  b[0] = 0;
  return 1;
}
