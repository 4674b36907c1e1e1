//===--- ExprUtils.h - small expression helpers shared by the analyses -*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_EXPRUTILS_H
#define LEAKHOUND_CHECKS_ANALYSIS_EXPRUTILS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include <optional>

namespace leakhound {

/// The integer value of \p E if it is a constant.
inline std::optional<int64_t> intConstant(const clang::Expr *E,
                                          const clang::ASTContext &Ctx) {
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  clang::Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

/// \p E without parentheses, implicit casts and the wrappers clang puts
/// around temporaries (cleanups, materialisation, binding), at any depth.
inline const clang::Expr *ignoreTemporaries(const clang::Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = llvm::dyn_cast<clang::ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *M = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else
      return E;
  }
  return E;
}

/// Whether error recovery left traces in \p S, so that nothing found there
/// can be trusted: an expression that contains errors, or a declaration
/// (a local, a lambda's call operator) marked invalid when recovery dropped
/// a statement and flagged only the declaration. Every statement is visited
/// (a lambda may sit deep inside an expression); types are not.
inline bool hasRecoveryErrors(const clang::Stmt *S) {
  if (!S)
    return false;
  if (const auto *E = llvm::dyn_cast<clang::Expr>(S); E && E->containsErrors())
    return true;
  if (const auto *LE = llvm::dyn_cast<clang::LambdaExpr>(S))
    if (LE->getCallOperator()->isInvalidDecl())
      return true;
  if (const auto *DS = llvm::dyn_cast<clang::DeclStmt>(S))
    for (const clang::Decl *D : DS->decls())
      if (D->isInvalidDecl())
        return true;
  for (const clang::Stmt *Child : S->children())
    if (hasRecoveryErrors(Child))
      return true;
  return false;
}

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_EXPRUTILS_H
