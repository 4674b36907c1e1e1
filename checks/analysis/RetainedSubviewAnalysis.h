//===--- RetainedSubviewAnalysis.h - small pieces of large buffers -*- C++
//-*-===//
//
// Finds small pieces of large buffers that are stored where they live long
// and keep the whole buffer (or its capacity) allocated.
//
// Terms:
//  - A *store* moves a value into a destination: '=', a container insertion
//    (push_back, emplace, insert, try_emplace, ...), swap, the initializer of
//    a static variable, a constructor's member initializer, or a 'return'.
//  - A destination is *long-lived* when the lifetime model (Lifetime.h, see
//    docs/architecture.md) says it lives for the whole process: static and
//    thread storage, what leaked singletons point to, members of
//    process-lifetime objects, elements and slots of those, locals stored
//    there, results that callers (at any depth) store there, parameters that
//    callers bind to it, accessors that return it.
//  - The stored value is *decomposed* into leaves: the captures of a lambda,
//    the arguments of a record construction or std::make_pair/make_shared,
//    the elements of an initializer list, the fields assigned to a local
//    record variable. Leaves of one store are *siblings*.
//  - A *piece* is a leaf that keeps a buffer alive or points into it:
//     1. an aliasing std::shared_ptr(owner, ptr) whose ptr points into owner;
//     2. a view (string_view, span, pointer, iterator) that designates a
//        proper part of a buffer (an offset, substr/subspan, an explicit
//        length), when the buffer's owner is kept alive too: a sibling leaf,
//        another long-lived store of the owner in the function, an owner with
//        static storage, or a member next to the view;
//     3. a std::vector/std::string local moved (or swapped, or returned) into
//        storage after it grew large and was then shrunk, with no
//        shrink_to_fit, swap or reassignment after the shrink.
//  - Large: BufferSizeEstimator's peak is >= the threshold, or unbounded.
//
// Form 3 is ordered by paths (PathOrder.h), not by source position: a shrink
// counts when a path from a large peak reaches it and a path from it reaches
// the store without a reset (shrink_to_fit, swap, reassignment, another move
// of the local, large growth) in between; a reset on one branch only leaves
// the other branch's path.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_RETAINEDSUBVIEWANALYSIS_H
#define LEAKHOUND_CHECKS_ANALYSIS_RETAINEDSUBVIEWANALYSIS_H

#include "BufferSize.h"
#include "Lifetime.h"
#include "PathOrder.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>
#include <vector>

namespace clang {
class CXXRecordDecl;
class ParmVarDecl;
class VarDecl;
} // namespace clang

namespace leakhound {

struct RetentionFinding {
  enum FormTy { Alias, View, Capacity };
  FormTy Form = View;
  clang::SourceLocation Loc; ///< where the small piece is stored
  clang::SourceRange Range;
  std::string Piece;  ///< name of the piece ("header")
  std::string Buffer; ///< name of the large buffer
  std::string Dest;   ///< "global 'g_index'"
  SizeEstimate Size;
  clang::SourceLocation StoreLoc;  ///< the long-lived store, when elsewhere
  clang::SourceLocation OwnerLoc;  ///< View: where the owner is kept
  clang::SourceLocation ShrinkLoc; ///< Capacity: where it was shrunk
  /// A mechanical fix: replace FixRange with FixText (or insert when empty).
  clang::SourceRange FixRange;
  clang::SourceLocation FixInsertLoc;
  std::string FixText;
  std::string FixInsertAfter; ///< inserted after FixRange's end (wrapping)
};

inline constexpr llvm::StringLiteral RetainedSubviewCheckName =
    "leak-retained-subview";

/// Stands for the storage's words in the message of a pending finding.
inline constexpr llvm::StringLiteral StoragePlaceholder = "\x1fstorage\x1f";

/// A finding whose storage another TU decides: Cond ("stores_result",
/// "binds_param" or "stores_param") of the lifetime facts must hold Key (a
/// function's USR, or "<usr>#<index>") in the merged facts.
struct PendingRetention {
  std::string Cond, Key;
  RetentionFinding F;
};

/// The words of a finding, as both front-ends print them. The notes come in
/// order; the last one (the fix hint) is left out when \p WithFixHint is
/// false (the finding carries a fix-it instead).
std::string retentionMessage(const RetentionFinding &R);
std::vector<std::pair<clang::SourceLocation, std::string>>
retentionNotes(const RetentionFinding &R, bool WithFixHint);

/// CrossTUHandler::Resolve for leak-retained-subview: the pending findings
/// whose condition the merged lifetime facts satisfy. The section is
///   {"lifetime": <Lifetime facts>,
///    "pending": [{"if": <cond>, "key": <key>, "finding": <FactFinding>}]}.
std::vector<FactFinding> resolveRetainedSubviews(const Json &Merged);

class RetainedSubviewAnalysis {
public:
  RetainedSubviewAnalysis(clang::ASTContext &Ctx, uint64_t Threshold);
  ~RetainedSubviewAnalysis();

  /// A function that contains a candidate piece.
  void addFunction(const clang::FunctionDecl *F) { Functions.insert(F); }

  std::vector<RetentionFinding> run();

  /// Merged facts (the check's merged section), for stores that callers in
  /// other TUs decide.
  void useFacts(const Json &MergedSection);
  /// This TU's facts section (after run()).
  Json facts();

  struct Store;
  struct Leaf;
  struct Dest;

private:
  const std::vector<Store> &storesOf(const clang::FunctionDecl *F);
  std::optional<Dest> longLived(const Store &S, const clang::FunctionDecl *F,
                                unsigned Depth);
  void decompose(const clang::Expr *E, const clang::FunctionDecl *F,
                 llvm::StringRef Name, unsigned Depth, std::vector<Leaf> &Out);
  void analyzeLeaf(const Leaf &L, const std::vector<Leaf> &Siblings,
                   const Store &S, const clang::FunctionDecl *F, const Dest &D,
                   std::vector<RetentionFinding> &Out);
  std::string name(BufferRef B) const;
  PathOrder &pathOrder(const clang::FunctionDecl *F);
  void deferToMerge(const Store &S, const clang::FunctionDecl *F,
                    const std::vector<Leaf> &Leaves);

  clang::ASTContext &Ctx;
  uint64_t Threshold;
  BufferSizeEstimator Sizes;
  llvm::SetVector<const clang::FunctionDecl *> Functions;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<std::vector<Store>>>
      StoreCache;
  Lifetime LT;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<PathOrder>>
      Paths;
  Json MergedLifetime;
  std::vector<PendingRetention> Pending;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_RETAINEDSUBVIEWANALYSIS_H
