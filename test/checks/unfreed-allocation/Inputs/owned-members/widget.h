class Widget {
public:
  Widget();
  ~Widget();
  int size() const;

private:
  char *buf_;
};

class Gadget {
public:
  Gadget();
  ~Gadget();

private:
  int *p_;
};
