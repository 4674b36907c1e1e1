# Writes a C file with one 50,000-line function that leaks, and a small one.
print('#include <stdlib.h>')
print('void huge_function(int *q) {')
print('  char *p = malloc(10);')
for i in range(50000):
    print('  q[%d] = q[%d] + %d;' % (i % 97, (i * 7) % 97, i))
print('}')
print('void leaks_in_small_function_next_to_huge_one(void) {')
print('  char *small = malloc(3);')
print('}')
