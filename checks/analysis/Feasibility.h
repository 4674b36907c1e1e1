//===--- Feasibility.h - is a leak's witness path one the program can take ===//
//
// The witness-path search and its feasibility check for leak findings; the
// design comment with the terms and the bounds is at the top of
// Feasibility.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_FEASIBILITY_H
#define LEAKHOUND_CHECKS_ANALYSIS_FEASIBILITY_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CFG;
class CFGBlock;
class Expr;
class FunctionDecl;
class NamedDecl;
class Stmt;
} // namespace clang

namespace leakhound {

struct OutFlag;

/// A candidate leak, as the reporter hands it over: where the memory is
/// allocated, where the function loses it, and the dataflow's view of where
/// it may still be owned.
struct WitnessQuery {
  /// The allocating expression; an element of some block of the CFG.
  const clang::Stmt *Site = nullptr;
  /// The block in which the last reference is lost ...
  unsigned LossBlock = 0;
  /// ... after its first LossElement elements have run (the block's size
  /// for a loss at the block's end: the function returns).
  unsigned LossElement = 0;
  /// Where the loss is reported (the overwriting assignment for a lost
  /// value that is overwritten); may be invalid.
  clang::SourceLocation LossLoc;
  /// Whether the memory may still be owned leaving block B by its K-th
  /// successor edge (from the dataflow's fixpoint). Consulted only after
  /// the allocation; a witness follows only such edges.
  llvm::function_ref<bool(const clang::CFGBlock *B, unsigned K)> Owned;
  /// Whether the resource may stop being owned in block B: some state
  /// that owns it entering B releases or hands it off there (from the
  /// dataflow). May be empty.
  llvm::function_ref<bool(const clang::CFGBlock *B)> EndsIn;
  /// Whether the resource may still be owned entering the last block of a
  /// path (block ids from the allocation's block), the dataflow replayed
  /// along that path alone: the per-edge Owned joins paths. May be empty.
  llvm::function_ref<bool(llvm::ArrayRef<unsigned> Path)> OwnedAlong;
  /// Whether an expression other than Site returns a fresh heap block (it
  /// is then distinct from every live block and every variable's address).
  /// May be empty.
  llvm::function_ref<bool(const clang::Expr *E)> IsAllocation;
  /// What a call leaves in the integers its arguments point to, by its
  /// result (the callee's summary, OutValues.h); null if nothing is known.
  /// May be empty.
  llvm::function_ref<const std::vector<OutFlag> *(const clang::CallExpr *CE)>
      OutValues;
  /// The value the whole program gives a global it never changes, or a
  /// function of another file that returns one constant (the merged
  /// facts, Constants.h); none: unknown. May be empty.
  llvm::function_ref<std::optional<llvm::APSInt>(const clang::NamedDecl *D)>
      ProgramConstant;
  /// Solver calls left for the whole translation unit, shared by every
  /// query (decremented); none left: the answer is Unknown. May be null.
  unsigned *Budget = nullptr;
};

/// What the search found.
struct WitnessResult {
  enum Kind {
    /// A path the solver proved feasible: Path holds it.
    Feasible,
    /// Every path tried was proved infeasible (see the bounds): the
    /// candidate should not be reported.
    Infeasible,
    /// Neither: the budget ran out with an undecided path, the solver gave
    /// no answer, or no path was found. Report it, with the dataflow's
    /// own witness.
    Unknown,
    /// No solver in this build: nothing was checked.
    Unchecked,
  } Verdict = Unknown;
  /// Block ids from the allocation's block to the loss block (Feasible).
  std::vector<unsigned> Path;
  unsigned PathsTried = 0;    ///< Prefixes refuted plus complete paths.
  unsigned SolverChecks = 0;  ///< Calls to the solver.
  bool BudgetExhausted = false;
};

/// The solver the witness searches of one translation unit share, made on
/// first use: creating a Z3 context costs as much as twenty checks, and
/// most functions with a candidate have only one or two. Every check runs in
/// its own solver scope, so searches of different functions never see each
/// other's constraints.
class WitnessSolver {
public:
  WitnessSolver();
  ~WitnessSolver();
  class Impl;
  std::unique_ptr<Impl> P;
};

/// Searches a function's CFG for a feasible witness path of a candidate
/// leak. One per function; reuse it for every candidate in that function.
class WitnessSearch {
public:
  /// \p Shared: the translation unit's solver; null, a solver of its own.
  WitnessSearch(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                const clang::CFG &Cfg, WitnessSolver *Shared = nullptr);
  ~WitnessSearch();

  WitnessResult find(const WitnessQuery &Q);

  /// Whether this build can check paths (LLVM built with Z3).
  static bool solverAvailable();

  class Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_FEASIBILITY_H
