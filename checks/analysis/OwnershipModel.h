//===--- OwnershipModel.h - the ownership engine's memory model -*- C++ -*-===//
//
// The abstract memory the ownership dataflow (OwnershipEngine.h) computes
// over, and the vocabulary of what a call does to it. Private to the engine
// files (Ownership*.cpp); checks include Ownership.h only.
//
// Terms.
//  * An *object* is an abstract block of memory: one per allocation site and
//    generation (generation 1 holds the blocks an earlier loop iteration
//    allocated at the same site), one *param object* per pointer parameter
//    (the pointee the caller passed, incl. `this`) and one *deep object* per
//    parameter (everything reachable from it). Objects from a call to a
//    function defined in another TU that may return fresh memory are
//    *cond-fresh*: their leaks are conditional. Objects are numbered; 0 is
//    the null target (ObjInfo describes each, FunctionAnalysis owns them).
//  * A *location* holds pointers: a local variable, a field or the (smashed,
//    *weak*) elements of a local struct or array, or a field/elements of a
//    tracked heap object. Globals, fields of memory we do not own, and union
//    members are not locations: storing a pointer there is an *escape*.
//    For the handle family, an element of a local array of descriptors at
//    a constant index (`fds[1]`) is a location of its own under the
//    smashed elements, updated strongly (`pipe` fills both ends). A
//    descriptor (an `int`) is held like a pointer: its targets are the
//    descriptors it may be, null standing for "none" (a negative value).
//    LocInfo describes each; an LValue is the locations an expression may
//    designate (Untracked: somewhere that is not a location).
//  * A *target* is what a pointer may point to: an object, null, or the
//    address of a location (`&local`, AddrBit set). A TargetSet is sorted.
//  * An object's *state* (ObjState) is a set of bits, one per path class
//    that reaches the program point: Null (not allocated on that path, or
//    the allocation failed), Owned, Released, Escaped, Borrowed (param
//    objects), Cond (handed to a function defined elsewhere: released
//    unless the facts prove otherwise; the deps say which).
//  * A *state* (State) maps locations to target sets and objects to states,
//    holds the values of pending calls, and known facts (IntFact) about
//    integer variables used in several conditions. Joining two states
//    unions the target sets and the state bits; an object absent on one
//    side is Null on those paths.
//  * A *part effect* is what a call does to one part of an argument: the
//    pointee itself (*self*) or what is reachable from it (*deep*): Borrow,
//    Release, Escape or Cond (with deps). A *call model* gives the part
//    effects of every argument and `this`, and whether the result is fresh
//    memory (RetFresh) or may be (RetCondFresh: defined in another TU).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPMODEL_H
#define LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPMODEL_H

#include "FlatMap.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace clang {
class FieldDecl;
class Stmt;
class VarDecl;
class Expr;
} // namespace clang

namespace leakhound {
namespace ownership {

constexpr unsigned NullTarget = 0;
constexpr unsigned AddrBit = 0x80000000u;
inline bool isAddr(unsigned T) { return T & AddrBit; }
inline bool isObj(unsigned T) { return T != NullTarget && !isAddr(T); }

using TargetSet = llvm::SmallVector<unsigned, 2>;

inline void addTarget(TargetSet &S, unsigned T) {
  auto It = std::lower_bound(S.begin(), S.end(), T);
  if (It == S.end() || *It != T)
    S.insert(It, T);
}
inline bool unionInto(TargetSet &Into, const TargetSet &From) {
  bool Changed = false;
  for (unsigned T : From) {
    auto It = std::lower_bound(Into.begin(), Into.end(), T);
    if (It == Into.end() || *It != T) {
      Into.insert(It, T);
      Changed = true;
    }
  }
  return Changed;
}

enum StateBits : uint8_t {
  BNull = 1,
  BOwned = 2,
  BReleased = 4,
  BEscaped = 8,
  BBorrowed = 16,
  BCond = 32,
  /// Stored into an out-parameter slot of the caller (OwnershipOutParams.cpp):
  /// the caller owns it now; set alone, so any later effect replaces it.
  BOut = 64,
};

struct ObjState {
  uint8_t Bits = 0;
  TargetSet Deps; // Interned dep ids (sorted).
  bool operator==(const ObjState &O) const {
    return Bits == O.Bits && Deps == O.Deps;
  }
};

enum class ObjKind { Alloc, Param, Deep, CondFresh };

struct ObjInfo {
  ObjKind Kind = ObjKind::Alloc;
  const clang::Stmt *Site = nullptr;
  unsigned Param = 0;
  std::string AllocName, Dealloc, LastName;
  std::vector<std::string> FreshUsrs;
  bool InWeak = false; ///< Was stored into smashed array elements.
  int64_t RetOffset = 0; ///< See CallModel::RetOffset.
  clang::QualType RetType;
  /// The generations of the site's blocks are GenBase and GenBase + 1 (a
  /// site with several blocks: the fields an out-parameter fills).
  unsigned GenBase = 0;
};

struct LocInfo {
  const clang::VarDecl *Var = nullptr; // Root of a variable.
  unsigned Obj = 0;                    // Root of a heap object.
  unsigned Parent = ~0u;
  const clang::FieldDecl *Field = nullptr; // Null: elements.
  /// With Field null: one element (`fds[1]`) under the smashed elements,
  /// or -1 for the smashed elements themselves.
  int Index = -1;
  const clang::VarDecl *RootVar = nullptr;
  unsigned RootObj = 0;
};

struct LValue {
  llvm::SmallVector<unsigned, 2> Locs;
  bool Untracked = false;
};

struct IntFact {
  bool Eq;
  int64_t Value;
  bool operator==(const IntFact &O) const {
    return Eq == O.Eq && Value == O.Value;
  }
};

struct State {
  // No inline storage: states are moved between blocks far more often than
  // they are created, and a move is then a pointer swap.
  FlatMap<unsigned, TargetSet, 0> Pts;
  FlatMap<unsigned, ObjState, 0> Objs;
  FlatMap<const clang::Expr *, TargetSet, 0> Vals;
  FlatMap<const clang::VarDecl *, IntFact, 0> Facts;
};

enum class PartKind : uint8_t { Borrow, Release, Escape, Cond };
struct PartEffect {
  PartKind Kind = PartKind::Borrow;
  TargetSet Deps;
};
struct ArgEffect {
  PartEffect Self, Deep;
};
inline ArgEffect uniform(PartKind K) {
  ArgEffect A;
  A.Self.Kind = A.Deep.Kind = K;
  return A;
}

/// An out-parameter slot of a call (OwnershipOutParams.cpp): the callee
/// stores fresh memory into `*arg` (Field null) or `arg->Field`, on every
/// return (Always) or only on returns whose constant value is in FreshOn.
struct OutModel {
  unsigned Param = 0;
  const clang::FieldDecl *Field = nullptr;
  /// `arg[Index]` rather than `*arg` (the two ends `pipe` fills), or -1.
  int Index = -1;
  bool Always = false;
  std::vector<int64_t> FreshOn;
  /// FreshOn empty, not Always: fresh on every value but these.
  std::vector<int64_t> EmptyOn;
  std::string Dealloc;
  /// Set for a callee defined in another TU (RecordConditions): the slot
  /// may receive fresh memory; the merge decides (outFreshKey).
  std::string CondUsr;
};

/// What a call does, from the caller's side.
struct CallModel {
  enum RetKind { RetNone, RetFresh, RetCondFresh } Ret = RetNone;
  bool Realloc = false, MaybeNull = true;
  /// Realloc: null on failure with the old block still owned (`realloc`
  /// itself); false for a declared realloc-like function (ReallocFunctions).
  bool NullKeepsOld = true;
  std::string AllocName, Dealloc;
  std::vector<std::string> FreshUsrs;
  /// The result is the caller's unless one of these deps keeps it (a
  /// summary's RetUnless not decided here): it starts conditional.
  TargetSet RetUnless;
  std::vector<ArgEffect> Params;
  ArgEffect This, Rest;
  /// The result points this many bytes into the fresh block (an allocator
  /// that returns the payload after a header); 0 for the block's start.
  int64_t RetOffset = 0;
  /// The allocator's result type (to match it with a deallocator).
  clang::QualType RetType;
  /// The result is one of these arguments (by index; `this` comes after
  /// the parameters), or points into it: memcpy returns its destination.
  llvm::SmallVector<unsigned, 1> RetArgs;
  /// Out-parameter slots that receive fresh memory.
  std::vector<OutModel> Outs;
};

} // namespace ownership
} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPMODEL_H
