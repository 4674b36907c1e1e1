#include "sink.h"
#include <stdio.h>

Sink::~Sink() {}

struct Printer : Sink {
  void put(char *p) override;
  void consume(char *p) override;
};

void Printer::put(char *p) { puts(p); }
void Printer::consume(char *p) { delete[] p; }

Sink *make_printer() { return new Printer; }
