//===--- Constants.h - values a translation unit never changes -*- C++ -*-===//
//
// Which integers read in a condition have one value on every path, for the
// path feasibility search (Feasibility.h):
//  * a variable with static storage whose value is its constant
//    initializer everywhere: a `const` one, or one only this TU can name
//    (internal linkage, or a static local) that the TU never writes, never
//    takes the address of and never binds to a reference. Without an
//    initializer it is zero, unless it is declared `extern`;
//  * a call of a function defined in this TU whose every `return` returns
//    the same integer constant (`static int enabled(void) { return 1; }`).
// A function that can be replaced at link time (weak) or a virtual one is
// not one of them. The TU is scanned once, on the first question about a
// variable that is not `const`. One instance per TU (perContext).
//
// Across TUs (the ownership facts' "constants", OwnershipFacts.h): each TU
// records the value of the externally visible integers it defines and of
// the functions it defines that return one constant, and which externally
// visible integers it touches; the merge gives the search (through
// WitnessQuery::ProgramConstant) the value of those that have exactly one
// and that no TU touches.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_CONSTANTS_H
#define LEAKHOUND_CHECKS_ANALYSIS_CONSTANTS_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace leakhound {

class TUConstants {
public:
  explicit TUConstants(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The value of \p V wherever it is read, if it has one.
  std::optional<llvm::APSInt> valueOf(const clang::VarDecl *V);

  /// The value \p V starts with: its constant initializer, or zero when
  /// this declaration of it has none and is not `extern`.
  std::optional<llvm::APSInt> initialValue(const clang::VarDecl *V) const;

  /// The one integer every return of \p FD returns, if there is one.
  std::optional<llvm::APSInt> returnedBy(const clang::FunctionDecl *FD);

  /// The variables this TU writes, takes the address of or binds to a
  /// reference (for the cross-TU facts: a global no TU touches keeps its
  /// initializer).
  const llvm::DenseSet<const clang::VarDecl *> &touched() {
    if (!Scanned)
      scan();
    return Touched;
  }

private:
  void scan();
  void scanDecls(const clang::DeclContext *DC);
  void scanStmt(const clang::Stmt *S);

  clang::ASTContext &Ctx;
  bool Scanned = false;
  /// Variables some expression uses other than by reading their value.
  llvm::DenseSet<const clang::VarDecl *> Touched;
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<llvm::APSInt>>
      Returns;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_CONSTANTS_H
