//===--- CallTargets.h - the functions an indirect call may reach -*- C++ -*-===//
//
// Which functions a call that does not name its callee may run: a call
// through a function pointer, or a virtual call. Shared by the checks that
// follow calls (leak-unfreed-allocation's ownership engine; later
// leak-blocked-thread); it knows nothing of what the targets do.
//
// Terms.
//  * A *slot* is a place a function pointer is kept: a variable (global,
//    static, local), a parameter, a field (of any object of its record:
//    every `struct ops` shares the slot `ops::free`), or the elements of an
//    array variable (`handlers[i](x)`). Slots are canonical declarations.
//  * The *stores* of a slot are the values the TU puts into it: variable
//    initialisers, assignments, initialiser lists (a static ops table
//    `{.free = my_free}`, nested structs, arrays), constructor member
//    initialisers, and, for a parameter, the arguments of the direct calls
//    of its function. A stored value is a *known function* (through casts,
//    `&`, and both arms of `?:`), null (ignored: calling it is undefined),
//    or anything else, which makes the slot *open*. A struct copy adds
//    nothing: it copies what the same field slot already holds. Taking a
//    slot's address (`&g_cb`, `&o->free`) opens it; so does a store of a
//    function pointer whose slot cannot be named (`*pp = f`), for every
//    slot of that function type.
//  * A slot is *decided here* when no other TU can store into it: a local
//    or static local variable, a variable with internal linkage or whose
//    every declaration is in the main file, a field of a record that has
//    internal linkage or is defined in the main file, a parameter of a
//    function decided here (internal linkage or every declaration in the
//    main file) whose address is never taken (only direct calls reach it).
//  * A *resolution* of a call is its targets and whether they are every
//    function it can run (Closed): a slot decided here and not open, with at
//    least one known function. Otherwise the call is unresolved here; a
//    slot visible to other TUs is named (Slot) so that a client can use
//    cross-TU facts keyed by the slot's USR (the TUs that store into it
//    publish what they store).
//  * A virtual call resolves to the final overriders, seen from each class
//    that can be the dynamic type (the static type of the object and every
//    class of the TU derived from it, abstract ones excepted), of the
//    method called. The set is closed when the static class is decided here
//    (internal linkage or defined in the main file: no other TU can derive
//    from it).
//
// Cost: nothing until the first query; then one walk over the bodies of the
// TU's functions and the initialisers of its variables (outside system
// headers), shared by every later query, and one walk over the TU's class
// definitions for the first virtual call.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_CALLTARGETS_H
#define LEAKHOUND_CHECKS_ANALYSIS_CALLTARGETS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CXXMethodDecl;
class CXXRecordDecl;
class FunctionDecl;
class Type;
class ValueDecl;
} // namespace clang

namespace leakhound {

/// What the TU stores into one slot.
struct SlotStores {
  /// Canonical declarations of the known functions, in source order.
  llvm::SmallVector<const clang::FunctionDecl *, 2> Functions;
  /// Something other than a known function or null is stored, or the
  /// slot's address is taken.
  bool Open = false;
};

struct CallResolution {
  /// The possible callees (canonical declarations), in a stable order.
  llvm::SmallVector<const clang::FunctionDecl *, 2> Targets;
  /// Targets are every function the call can run.
  bool Closed = false;
  /// The slot called through, when the call goes through one (null for a
  /// virtual call or a callee that is not a slot).
  const clang::ValueDecl *Slot = nullptr;
  /// A virtual call: the method named.
  const clang::CXXMethodDecl *Method = nullptr;
};

class CallTargets {
public:
  /// \p Bodies: the function definitions of the TU outside system headers.
  CallTargets(clang::ASTContext &Ctx,
              llvm::ArrayRef<const clang::FunctionDecl *> Bodies);

  /// The resolver of \p Ctx's TU for \p Bodies, made once and shared by
  /// every analysis that asks with the same bodies (the ownership engine's
  /// families: one walk of the TU instead of one each). It lives until the
  /// context is destroyed.
  static std::shared_ptr<CallTargets>
  sharedFor(clang::ASTContext &Ctx,
            llvm::ArrayRef<const clang::FunctionDecl *> Bodies);

  /// The slot \p CE calls through (`fp(x)`, `(*fp)(x)`, `o->free(p)`,
  /// `tab[i](x)`), or null.
  static const clang::ValueDecl *slotOf(const clang::CallExpr *CE);

  /// The targets of \p CE, a call without a direct callee or a virtual call
  /// that may dispatch; std::nullopt for any other call.
  std::optional<CallResolution> resolve(const clang::CallExpr *CE);

  /// What the TU stores into \p Slot (canonical), or null when nothing.
  const SlotStores *storesTo(const clang::ValueDecl *Slot);
  /// Every slot the TU stores into, in a stable order.
  const llvm::MapVector<const clang::ValueDecl *, SlotStores> &allStores();

  /// Whether no other TU can store into \p Slot.
  bool decidedHere(const clang::ValueDecl *Slot);

  /// The overriders of \p MD (final overriders seen from every
  /// non-abstract class of the TU that is, or derives from, \p Static), and
  /// whether they are all the program has.
  CallResolution overriders(const clang::CXXMethodDecl *MD,
                            const clang::CXXRecordDecl *Static);

  /// The class definitions of the TU outside system headers (with the
  /// instantiations of its class templates).
  llvm::ArrayRef<const clang::CXXRecordDecl *> classes() {
    scan();
    return Classes;
  }

private:
  void scan();
  void collectClasses();
  bool declaredOnlyInMainFile(const clang::ValueDecl *D) const;

  clang::ASTContext &Ctx;
  /// Owned: a shared resolver outlives the analysis that made it.
  std::vector<const clang::FunctionDecl *> Bodies;
  bool Scanned = false, ClassesCollected = false;
  llvm::MapVector<const clang::ValueDecl *, SlotStores> Stores;
  /// Function types (canonical) stored through an unnamed slot.
  llvm::DenseSet<const clang::Type *> OpenTypes;
  /// Functions referred to other than as the callee of a direct call.
  llvm::DenseSet<const clang::FunctionDecl *> AddressTaken;
  std::vector<const clang::CXXRecordDecl *> Classes;
  llvm::DenseMap<const clang::ValueDecl *, bool> Decided;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_CALLTARGETS_H
