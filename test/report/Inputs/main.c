// Input of the HTML report tests: a leak on a path with notes, text that is
// special in HTML in the source, and a call into a header that leaks.
#include <stdlib.h>
#include "util.h"

int parse_request(const char *text, int n) {
  char *copy = malloc(n + 1); /* <script>alert("&amp;")</script> 'x' */
  if (text[0] == '<')
    return -1;
  free(copy);
  return make_buffer_and_forget(n);
}
