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
//  - A destination is *long-lived* when it is a variable with static storage
//    duration (or something inside one), a data member of '*this' in a class
//    that has a static-lifetime instance in this TU (directly, through a
//    pointer, a smart pointer or a container), a local variable that is itself
//    stored into long-lived storage in the same function, a 'return' whose
//    result some caller in this TU stores into long-lived storage, or a
//    reference/pointer parameter some caller binds to long-lived storage
//    (callers are followed one level).
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
// Event order is source order inside one function, a flow-insensitive
// approximation that errs towards silence: any reset between the shrink and
// the store (even on one branch) suppresses the finding.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_RETAINEDSUBVIEWANALYSIS_H
#define LEAKHOUND_CHECKS_ANALYSIS_RETAINEDSUBVIEWANALYSIS_H

#include "BufferSize.h"
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

class RetainedSubviewAnalysis {
public:
  RetainedSubviewAnalysis(clang::ASTContext &Ctx, uint64_t Threshold);
  ~RetainedSubviewAnalysis();

  /// A function that contains a candidate piece.
  void addFunction(const clang::FunctionDecl *F) { Functions.insert(F); }
  /// A variable with static storage duration.
  void addStaticVar(const clang::VarDecl *VD);

  std::vector<RetentionFinding> run();

  struct Store;
  struct Leaf;
  struct Dest;

private:
  const std::vector<Store> &storesOf(const clang::FunctionDecl *F);
  std::optional<Dest> longLived(const Store &S, const clang::FunctionDecl *F,
                                unsigned Depth);
  std::optional<Dest> longLivedExpr(const clang::Expr *E,
                                    const clang::FunctionDecl *F,
                                    unsigned Depth);
  bool isLongLivedClass(const clang::CXXRecordDecl *RD);
  void decompose(const clang::Expr *E, const clang::FunctionDecl *F,
                 llvm::StringRef Name, unsigned Depth, std::vector<Leaf> &Out);
  void analyzeLeaf(const Leaf &L, const std::vector<Leaf> &Siblings,
                   const Store &S, const clang::FunctionDecl *F, const Dest &D,
                   std::vector<RetentionFinding> &Out);
  std::optional<Dest> callersStore(const clang::FunctionDecl *F);
  std::optional<Dest> callersArgument(const clang::FunctionDecl *F,
                                      const clang::ParmVarDecl *PV);
  void buildCalls();
  void addTypeInstances(clang::QualType T, unsigned Depth);
  std::string name(BufferRef B) const;

  clang::ASTContext &Ctx;
  uint64_t Threshold;
  BufferSizeEstimator Sizes;
  llvm::SetVector<const clang::FunctionDecl *> Functions;
  llvm::SmallPtrSet<const clang::CXXRecordDecl *, 16> StaticClasses;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<std::vector<Store>>>
      StoreCache;
  bool CallsBuilt = false;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::vector<std::pair<const clang::CallExpr *,
                                       const clang::FunctionDecl *>>>
      Calls;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_RETAINEDSUBVIEWANALYSIS_H
