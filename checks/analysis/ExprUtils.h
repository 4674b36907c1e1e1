//===--- ExprUtils.h - small expression helpers shared by the analyses -*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_EXPRUTILS_H
#define LEAKHOUND_CHECKS_ANALYSIS_EXPRUTILS_H

#include "clang/AST/ExprCXX.h"

namespace leakhound {

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

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_EXPRUTILS_H
