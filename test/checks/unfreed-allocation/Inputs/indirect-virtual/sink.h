struct Sink {
  virtual ~Sink();
  virtual void put(char *p) = 0;
  virtual void consume(char *p) = 0;
};
Sink *make_printer();
