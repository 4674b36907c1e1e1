void sink_c(char *p);

void sink_b(char *p) {
  p[0] = 'b';
  sink_c(p);
}
