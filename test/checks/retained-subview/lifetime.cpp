// RUN: %check_leak %s leak-retained-subview %t -- -std=c++17 -isystem %inputs/retained-subview
// Where a piece is kept: every kind of process-lifetime storage of the
// lifetime model (docs/architecture.md).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct Header { int id; char tag[16]; };
struct Blob { Header hdr; char body[1 << 20]; };

// ---- retaining ------------------------------------------------------------

// A static data member.
struct Cache {
  static std::shared_ptr<const Header> last;
};
std::shared_ptr<const Header> Cache::last;
void alias_in_static_data_member(std::shared_ptr<Blob> blob) {
  Cache::last = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in static member 'Cache::last' [leak-retained-subview]
}

// A member of a Meyers singleton, reached through its accessor.
class Registry {
public:
  static Registry &instance() {
    static Registry R;
    return R;
  }
  std::vector<std::shared_ptr<const Header>> headers;

private:
  Registry() = default;
};
void alias_in_meyers_singleton_member(std::shared_ptr<Blob> blob) {
  Registry::instance().headers.push_back(
      std::shared_ptr<const Header>(blob, &blob->hdr));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: aliasing shared_ptr 'headers' keeps the whole 1048596-byte buffer 'blob' alive in static 'R' [leak-retained-subview]
}

// A member of a leaked-new singleton, stored by its own method.
class Service {
public:
  static Service *get() {
    static Service *S = new Service;
    return S;
  }
  void remember(std::shared_ptr<Blob> blob) {
    last_ = std::shared_ptr<const Header>(blob, &blob->hdr);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: aliasing shared_ptr 'last_' keeps the whole 1048596-byte buffer 'blob' alive in member 'last_' of long-lived 'Service' [leak-retained-subview]
  }

private:
  std::shared_ptr<const Header> last_;
};
void use_service(std::shared_ptr<Blob> b) { Service::get()->remember(b); }

// A slot of a global ring.
struct Slot {
  std::shared_ptr<const Header> hdr;
  int seq;
};
Slot g_ring[16];
unsigned g_pos;
void alias_in_ring_slot(std::shared_ptr<Blob> blob) {
  g_ring[g_pos++ % 16].hdr = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: aliasing shared_ptr 'hdr' keeps the whole 1048596-byte buffer 'blob' alive in global 'g_ring' [leak-retained-subview]
}

// A helper template returns the piece; callers two levels up store it.
template <typename T>
std::shared_ptr<const Header> header_of(std::shared_ptr<T> blob) {
  return std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_index' by 'index_blob' [leak-retained-subview]
  // CHECK-MESSAGES: :[[@LINE+7]]:21: note: stored in global 'g_index' by 'index_blob' here
}
std::vector<std::shared_ptr<const Header>> g_index;
std::shared_ptr<const Header> pick_header(std::shared_ptr<Blob> blob) {
  return header_of(blob);
}
void index_blob(std::shared_ptr<Blob> blob) {
  g_index.push_back(pick_header(blob));
}

// An object whose ownership goes into a global registry.
struct Entry {
  std::shared_ptr<const Header> hdr;
};
std::vector<std::unique_ptr<Entry>> g_entries;
void alias_in_registered_object(std::shared_ptr<Blob> blob) {
  auto e = std::make_unique<Entry>();
  g_entries.push_back(std::move(e));
  g_entries.back()->hdr = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: aliasing shared_ptr 'hdr' keeps the whole 1048596-byte buffer 'blob' alive in global 'g_entries' [leak-retained-subview]
}

// A piece handed to a function that keeps its parameter.
std::vector<std::shared_ptr<const Header>> g_kept;
void keep(std::shared_ptr<const Header> h) { g_kept.push_back(std::move(h)); }
void hand_piece_to_keeper(std::shared_ptr<Blob> blob) {
  keep(std::shared_ptr<const Header>(blob, &blob->hdr));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: aliasing shared_ptr keeps the whole 1048596-byte buffer 'blob' alive in global 'g_kept' by 'keep' [leak-retained-subview]
}

// C-style ownership: a raw pointer member given only fresh allocations owns
// its pointee; a function that returns the holder to a caller that keeps it
// in a global makes the holder process-lifetime.
struct Cell { std::shared_ptr<const Header> latest; };
struct Engine { Cell *slot; int n; };
Engine *g_engine = new Engine;
void start_engine() { g_engine->slot = new Cell; }
void alias_in_owned_pointer_member(Engine *e, std::shared_ptr<Blob> blob) {
  e->slot->latest = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: aliasing shared_ptr 'latest' keeps the whole 1048596-byte buffer 'blob' alive in the object 'g_engine' points to (through 'e') [leak-retained-subview]
}
void feed_engine(std::shared_ptr<Blob> blob) {
  alias_in_owned_pointer_member(g_engine, blob);
}

Cell *make_cell(std::shared_ptr<Blob> blob) {
  Cell *s = new Cell;
  s->latest = std::shared_ptr<const Header>(blob, &blob->hdr);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: aliasing shared_ptr 'latest' keeps the whole 1048596-byte buffer 'blob' alive in global 'g_cell' by 'install_cell' (through 's') [leak-retained-subview]
  return s;
}
Cell *g_cell;
void install_cell(std::shared_ptr<Blob> blob) { g_cell = make_cell(blob); }

// ---- not retaining --------------------------------------------------------
// A raw pointer member that points at storage someone else owns.
struct View { Cell *borrowed; };
View g_view;
void alias_through_borrowed_pointer(Cell &local, std::shared_ptr<Blob> blob) {
  g_view.borrowed = &local;
  g_view.borrowed->latest = std::shared_ptr<const Header>(blob, &blob->hdr);
}

// A holder returned to a caller that only reads it.
Cell *make_cell2(std::shared_ptr<Blob> blob) {
  Cell *s = new Cell;
  s->latest = std::shared_ptr<const Header>(blob, &blob->hdr);
  return s;
}
int peek_cell(std::shared_ptr<Blob> blob) {
  Cell *s = make_cell2(blob);
  int id = s->latest->id;
  delete s;
  return id;
}

// A static pointer that points at a local holder for one call.
struct Holder {
  std::shared_ptr<const Header> hdr;
};
static Holder *g_current;
int static_pointer_to_local_holder(std::shared_ptr<Blob> blob) {
  Holder local;
  g_current = &local;
  g_current->hdr = std::shared_ptr<const Header>(blob, &blob->hdr);
  int id = g_current->hdr->id;
  g_current = nullptr;
  return id;
}

// A class that also lives on the stack is not process-lifetime.
class Session {
public:
  void remember(std::shared_ptr<Blob> blob) {
    last_ = std::shared_ptr<const Header>(blob, &blob->hdr);
  }

private:
  std::shared_ptr<const Header> last_;
};
static Session g_session;
void sessions_on_the_stack(std::shared_ptr<Blob> blob) {
  Session s;
  s.remember(blob);
  g_session.remember(blob);
}

// A function that only reads what it is handed.
int header_id(std::shared_ptr<const Header> h) { return h->id; }
int hand_piece_to_reader(std::shared_ptr<Blob> blob) {
  return header_id(std::shared_ptr<const Header>(blob, &blob->hdr));
}

// A helper whose result no caller keeps.
std::shared_ptr<const Header> peek_header(std::shared_ptr<Blob> blob) {
  return std::shared_ptr<const Header>(blob, &blob->hdr);
}
int read_id(std::shared_ptr<Blob> blob) { return peek_header(blob)->id; }
