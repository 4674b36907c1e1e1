//===--- OwnershipFacts.h - ownership summaries and their cross-TU form -*- C++ -*-===//
//
// Terms.
//  * An *ownership summary* says what a function does with memory, seen from
//    a caller: whether it returns fresh memory (an allocator or a wrapper of
//    one), may return null, and for each pointer parameter (the implicit
//    object of a method comes last) what happens to the pointee itself
//    (*self*) and to the memory reachable from it (*deep*).
//  * A *fate* is what a call does with a pointer argument: Borrow (reads it;
//    the caller still owns it), Takes (releases it or stores it somewhere
//    that outlives the call: the caller no longer owns it), or Unknown (no
//    summary exists anywhere; the check's unknown-call rule decides).
//  * A *dependency* ("dep") is a symbolic fate: "whatever the function with
//    USR u does with its parameter i (self or deep)". A summary computed in
//    one translation unit that calls a function defined elsewhere keeps such
//    deps; the merge resolves them over the whole program.
//  * A *conditional finding* is a leak that holds unless one of its deps
//    takes the memory, and (for memory from a function defined elsewhere)
//    only if that function really returns fresh memory.
//
// Section layout in the facts file (all maps keyed and sorted by USR):
//   {"functions": {"<usr>": {"name", "params": [{"self": {"takes", "deps"},
//                  "deep": {...}}], "ret": {"fresh", "other", "null",
//                  "deps", "unless"}, "dealloc", "out": [...],
//                  "outvals": [...]}},
//    "conditional": [{"finding": <FactFinding>, "fresh": [usr...],
//                     "unless": [dep...], "strict": bool}],
//    "owners": {"<usr of a field or global>": {"fresh", "lost"}},
//    "constants": {"<usr of a global or function>": {"values": [int...],
//                  "touched": bool}}}
// An *owner* (OwnershipFields.cpp) is a pointer field or global: "fresh"
// if some TU stores a fresh resource into it, "lost" if some TU releases
// it or hands it out. The deps "ownerfresh:<usr>" (a fresh-dep) and
// "ownerlost:<usr>" (an unless-dep) read them.
// The layout merges with mergeJsonUnion (booleans or-ed, arrays unioned),
// except that two summaries of one USR (a function defined in several TUs)
// are joined (OwnershipSummary::join), so merging is commutative and
// associative and parameters keep their slots.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPFACTS_H
#define LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPFACTS_H

#include "Facts.h"
#include "OutValues.h"
#include "llvm/ADT/StringMap.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leakhound {

enum class Fate { Borrow, Takes, Unknown };

/// The fate of one parameter part: definite when Takes, else the deps.
struct EffectDeps {
  bool Takes = false;
  std::set<std::string> Deps;

  void join(const EffectDeps &O);
  Json toJson() const;
  static EffectDeps fromJson(const Json &J);
};

struct ParamEffect {
  EffectDeps Self, Deep;
};

/// An out-parameter slot that receives fresh memory: `*param` (Field
/// empty) or `param->Field`, on every return (Always) or only on returns
/// whose constant value is in FreshOn (OwnershipOutParams.cpp).
struct OutSlot {
  unsigned Param = 0;
  std::string Field;
  /// `param[Index]` rather than `*param` (a wrapper of `pipe` hands out
  /// the two elements of its array apart), or -1.
  int Index = -1;
  bool Always = false;
  std::set<int64_t> FreshOn;
  /// Not Always and FreshOn empty: fresh on every value but these (a
  /// `return 0` that leaves it empty, a non-constant return that fills it).
  std::set<int64_t> EmptyOn;
  std::string Dealloc;
};

struct OwnershipSummary {
  std::string Name;
  std::vector<ParamEffect> Params;
  bool RetFresh = false;  ///< Some path returns fresh memory.
  bool RetOther = false;  ///< Some path returns memory that is not fresh.
  bool RetNull = false;   ///< Some path returns null.
  std::set<std::string> RetDeps; ///< Returns what these functions return.
  /// The fresh result was first handed to functions of other TUs: it is
  /// the caller's unless one of these deps takes it (with RetFresh).
  std::set<std::string> RetUnless;
  std::string Dealloc;    ///< How the returned memory is released, if known.
  /// The result is the pointee of one of these parameters (`this` last) on
  /// every path that returns a pointer (or null): a caller sees its own
  /// argument again. Set only when no other kind of return is possible;
  /// not exported (facts say such parameters are taken, see fold).
  std::set<unsigned> RetParams;

  /// Says RetParams the way facts do: each such parameter is taken and the
  /// result is other memory. For another TU, or when the function returns
  /// something else too.
  void foldRetParams();
  std::vector<OutSlot> Outs; ///< Out-parameter slots given fresh memory.
  /// Integers left in out-parameters, by return value (OutValues.h): for
  /// path feasibility only.
  std::vector<OutFlag> OutValues;

  /// The summary of a function with this and \p O as its definitions
  /// (one per TU): a part is taken, and a kind of return value possible,
  /// if either says so; the deallocator is kept only if both name it.
  void join(const OwnershipSummary &O);

  Json toJson() const;
  static OwnershipSummary fromJson(const Json &J);
};

/// The strings of the array \p Key of the object \p J (none if absent).
std::set<std::string> stringSet(const Json &J, const char *Key);

/// "usr|i|s" or "usr|i|d". Prefixed "lend:", the dep borrows where no TU
/// has a summary of the function (a pointer-to-const parameter).
std::string depKey(llvm::StringRef Usr, unsigned Param, bool Deep);

/// A fresh-dep on an out slot: "out:<i>:<field>:<usr>" holds (returnsFresh
/// is Takes) if the function hands out fresh memory through the slot.
std::string outFreshKey(llvm::StringRef Usr, unsigned Param,
                        llvm::StringRef Field);
/// An unless-dep on an out slot along a branch of the call's result
/// `result <op> k`: "outnot:<i>:<field>:<op>:<k>:<usr>" takes (fateOf is
/// Takes) if no return value the slot is fresh on satisfies it.
std::string outNotKey(llvm::StringRef Usr, unsigned Param,
                      llvm::StringRef Field, llvm::StringRef Op, int64_t K);

/// Resolves deps and fresh-returns over a merged section (a least fixpoint:
/// a cycle of deps that nothing breaks borrows, and is not fresh).
class MergedOwnership {
public:
  explicit MergedOwnership(const Json *Section);
  bool empty() const { return Functions.empty(); }
  bool has(llvm::StringRef Usr) const { return Functions.count(Usr); }
  Fate fateOf(llvm::StringRef Dep);
  /// Takes = returns fresh memory; Borrow = does not; Unknown = no summary.
  Fate returnsFresh(llvm::StringRef Usr);
  const OwnershipSummary *summary(llvm::StringRef Usr) const;
  /// What the merged facts say of an owner (OwnershipFields.cpp), or null
  /// when no TU recorded it.
  struct OwnerFact {
    bool Fresh = false, Lost = false;
  };
  const OwnerFact *owner(llvm::StringRef Usr) const {
    auto It = Owners.find(Usr);
    return It == Owners.end() ? nullptr : &It->second;
  }
  bool hasOwners() const { return !Owners.empty(); }
  /// The value of the global or function result \p Usr in the whole
  /// program: one value recorded, and no TU touches it (Constants.h).
  std::optional<int64_t> constant(llvm::StringRef Usr) const {
    auto It = Constants.find(Usr);
    if (It == Constants.end())
      return std::nullopt;
    return It->second;
  }

private:
  llvm::StringMap<OwnerFact> Owners;
  llvm::StringMap<OwnershipSummary> Functions;
  llvm::StringMap<int64_t> Constants;
  std::map<std::string, Fate> DepMemo, FreshMemo;
  std::set<std::string> Visiting;
  unsigned CycleHits = 0;
};

/// Whether the conditional finding \p Conditional is a leak given the merged
/// summaries (its "strict" flag decides deps that have no summary).
bool conditionalHolds(MergedOwnership &M, const Json &Conditional);

/// The CrossTUHandler::Merge of leak-unfreed-allocation: the default union,
/// except that two summaries of one function are joined.
void mergeUnfreedAllocation(Json &Into, const Json &From);

/// The CrossTUHandler::Resolve of leak-unfreed-allocation.
std::vector<FactFinding> resolveUnfreedAllocation(const Json &Merged);
/// The CrossTUHandler::Resolve of leak-unreleased-handle (the same engine,
/// its own section; its Merge is mergeUnfreedAllocation).
std::vector<FactFinding> resolveUnreleasedHandle(const Json &Merged);
/// The conditional findings of the ownership section of check \p Check.
std::vector<FactFinding> resolveOwnershipSection(const Json &Merged,
                                                 llvm::StringRef Check);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPFACTS_H
