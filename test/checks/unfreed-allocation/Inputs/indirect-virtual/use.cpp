#include "sink.h"

void show(Sink *s) {
  char *p = new char[8];
  p[0] = 0;
  s->put(p);
}

void show_and_consume(Sink *s) {
  char *p = new char[8];
  p[0] = 0;
  s->put(p);
  s->consume(p);
}
