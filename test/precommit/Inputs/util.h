#include <stdlib.h>
static inline int util_twice(int x) { return 2 * x; }
