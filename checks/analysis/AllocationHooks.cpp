//===--- AllocationHooks.cpp - global function pointers that allocate -----===//
//
// See AllocationHooks.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "AllocationHooks.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

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

/// The function \p E names, through parentheses, casts and `&`.
static const FunctionDecl *namedFunction(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    if (const auto *F = dyn_cast<FunctionDecl>(DR->getDecl()))
      return F->getCanonicalDecl();
  return nullptr;
}

static void addTarget(HookTargets &T, const FunctionDecl *F) {
  if (F && !llvm::is_contained(T.Functions, F))
    T.Functions.push_back(F);
}

llvm::MapVector<const VarDecl *, HookTargets>
findHookTargets(ASTContext &Ctx, llvm::ArrayRef<const FunctionDecl *> Bodies) {
  llvm::MapVector<const VarDecl *, HookTargets> Out;
  const SourceManager &SM = Ctx.getSourceManager();
  // Initialisers: the variables of the TU's own declarations (a C program's
  // globals sit at the top level; C++ ones may sit in namespaces).
  llvm::SmallVector<const DeclContext *, 8> Contexts{
      Ctx.getTranslationUnitDecl()};
  while (!Contexts.empty()) {
    const DeclContext *DC = Contexts.pop_back_val();
    for (const Decl *D : DC->decls()) {
      if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
        Contexts.push_back(NS);
        continue;
      }
      if (const auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
        Contexts.push_back(LS);
        continue;
      }
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V || !V->getInit() || !isHookVariable(V))
        continue;
      SourceLocation L = SM.getExpansionLoc(V->getLocation());
      if (L.isValid() && SM.isInSystemHeader(L))
        continue;
      if (const FunctionDecl *F = namedFunction(V->getInit()))
        addTarget(Out[V->getCanonicalDecl()], F);
    }
  }
  // Assignments in the TU's functions.
  struct Scan : RecursiveASTVisitor<Scan> {
    llvm::MapVector<const VarDecl *, HookTargets> &Out;
    explicit Scan(llvm::MapVector<const VarDecl *, HookTargets> &Out)
        : Out(Out) {}
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() != BO_Assign)
        return true;
      const auto *DR = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParens());
      const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
      if (!isHookVariable(V))
        return true;
      HookTargets &T = Out[V->getCanonicalDecl()];
      addTarget(T, namedFunction(B->getRHS()));
      return true;
    }
  } S(Out);
  for (const FunctionDecl *F : Bodies)
    if (F->getBody())
      S.TraverseStmt(F->getBody());
  return Out;
}

} // namespace leakhound
