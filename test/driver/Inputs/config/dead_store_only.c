// Only a dead store: nothing for leakhound.
int dead_store(int x) {
  int unused = x * 2;
  unused = 3;
  return x;
}
