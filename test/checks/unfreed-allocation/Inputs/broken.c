#include <stdlib.h>

void freed_in_a_statement_the_parser_drops(void) {
  char *p = malloc(3);
  free(p) + ;
}
