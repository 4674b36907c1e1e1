// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17

// A wrapper that takes ownership in a member initializer: handing it a fresh
// object is not a leak; a wrapper that only reads the pointer is.
struct Owned {
  int V = 0;
};

struct Holder {
  explicit Holder(Owned *P) : Obj(P) {}
  ~Holder() { delete Obj; }
  Owned *Obj;
};

struct Reader {
  explicit Reader(Owned *P) : Value(P->V) {}
  int Value;
};

void consume(Holder H);
void look(Reader R);

void no_leak_when_a_member_initializer_keeps_it() {
  consume(Holder(new Owned));
}

void leaks_when_the_constructor_only_reads() {
  Owned *O = new Owned;
  look(Reader(O));
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'O' is leaked when 'O' goes out of scope; release it with 'delete' first [leak-unfreed-allocation]
// CHECK-MESSAGES: :[[@LINE-4]]:14: note: memory allocated here by 'new'
