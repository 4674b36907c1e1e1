// RUN: %check_leak %s leak-unfreed-allocation %t -- -std=c++17
// A constructor that stores `this` where it outlives the call (a list the
// caller passed, a global registry, a parent's child array) makes the new
// object reachable from there: `new T(...)` hands it off. A constructor that
// only reads its arguments does not.

struct Node;

struct List {
  Node *Head = nullptr;
};

Node *Registry[64];
int RegistryCount;

struct Node {
  // Links itself into the list it is given.
  explicit Node(List *L) : Next(L->Head) { L->Head = this; }
  Node *Next;
};

struct Registered {
  // Registers itself in a global table, from a default constructor.
  Registered() { Registry[RegistryCount++] = reinterpret_cast<Node *>(this); }
};

struct Child;
struct Parent {
  Child *Kids[4] = {};
  int N = 0;
  void adopt(Child *C) { Kids[N++] = C; }
};

struct Child {
  // Hands `this` to a method of the parent that keeps it.
  explicit Child(Parent *P) { P->adopt(this); }
};

struct Plain {
  explicit Plain(List *L) : Seen(L->Head != nullptr) {}
  bool Seen;
};

struct LooksAtSelf {
  LooksAtSelf() { Self = this == nullptr ? 0 : 1; }
  int Self;
};

void no_leak_linked_into_list(List *L) { new Node(L); }

void no_leak_registered() { new Registered; }

void no_leak_adopted(Parent *P) {
  Child *C = new Child(P);
  (void)C;
}

void leaks_plain(List *L) {
  Plain *P = new Plain(L);
  (void)P;
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: memory pointed to by 'P' is leaked when 'P' goes out of scope; release it with 'delete' first
// CHECK-MESSAGES: :[[@LINE-4]]:14: note: memory allocated here by 'new'

void leaks_looks_at_self() { new LooksAtSelf; }
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: memory allocated by 'new' is leaked: the result is never stored or released
// CHECK-MESSAGES: :[[@LINE-2]]:30: note: memory allocated here by 'new'
