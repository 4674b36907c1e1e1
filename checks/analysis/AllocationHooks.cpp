//===--- AllocationHooks.cpp - global function pointers that allocate -----===//
//
// See AllocationHooks.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "AllocationHooks.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace leakhound {

bool isHookVariable(const VarDecl *V) {
  if (!V || !V->hasGlobalStorage() || V->isStaticLocal())
    return false;
  const auto *PT = V->getType()->getAs<PointerType>();
  if (!PT)
    return false;
  const auto *FT = PT->getPointeeType()->getAs<FunctionProtoType>();
  if (!FT)
    return false;
  if (FT->getReturnType()->isPointerType())
    return true;
  for (QualType P : FT->getParamTypes())
    if (P->isPointerType())
      return true;
  return false;
}

} // namespace leakhound
