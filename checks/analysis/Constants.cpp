//===--- Constants.cpp - values a translation unit never changes ---------===//
//
// See Constants.h. A variable is *touched* where an expression names it for
// anything but reading its value: an assignment or increment, `&`, a
// reference bound to it, an unevaluated operand (taken as a use, to stay
// simple). One walk of every body and initializer of the TU finds them.
//
//===----------------------------------------------------------------------===//

#include "Constants.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace leakhound {

static bool integral(QualType T) {
  return !T.isNull() && !T.isVolatileQualified() &&
         T->isIntegralOrEnumerationType();
}

static std::optional<llvm::APSInt> evaluate(const Expr *E,
                                            const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (!E || E->isValueDependent() ||
      !E->EvaluateAsInt(R, Ctx, Expr::SE_NoSideEffects))
    return std::nullopt;
  return R.Val.getInt();
}

std::optional<llvm::APSInt> TUConstants::valueOf(const VarDecl *V) {
  if (!V || !V->hasGlobalStorage() || !integral(V->getType()))
    return std::nullopt;
  V = V->getCanonicalDecl();
  if (V->getType().isConstQualified())
    return evaluate(V->getAnyInitializer(), Ctx);
  if (V->isExternallyVisible())
    return std::nullopt; // Another TU may write it.
  if (!Scanned)
    scan();
  if (Touched.contains(V))
    return std::nullopt;
  return initialValue(V);
}

std::optional<llvm::APSInt>
TUConstants::initialValue(const VarDecl *V) const {
  if (const Expr *Init = V->getAnyInitializer())
    return evaluate(Init, Ctx);
  if (V->hasExternalStorage())
    return std::nullopt;
  return llvm::APSInt(Ctx.getIntWidth(V->getType()),
                      V->getType()->isUnsignedIntegerOrEnumerationType());
}

std::optional<llvm::APSInt> TUConstants::returnedBy(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || !integral(Def->getReturnType()) ||
      Def->isWeak() || Def->isTemplated())
    return std::nullopt;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def); MD && MD->isVirtual())
    return std::nullopt;
  auto [It, New] = Returns.try_emplace(Def->getCanonicalDecl());
  if (!New)
    return It->second;
  std::optional<llvm::APSInt> Value;
  bool Any = false, One = true;
  llvm::SmallVector<const Stmt *, 64> Work{Def->getBody()};
  while (!Work.empty() && One) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr, BlockExpr>(S))
      continue; // Their returns are theirs.
    if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
      std::optional<llvm::APSInt> K = evaluate(RS->getRetValue(), Ctx);
      One = K && (!Any || llvm::APSInt::isSameValue(*K, *Value));
      Value = K;
      Any = true;
      continue;
    }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  if (Any && One)
    It->second = Value;
  return It->second;
}

void TUConstants::scan() {
  Scanned = true;
  scanDecls(Ctx.getTranslationUnitDecl());
}

void TUConstants::scanDecls(const DeclContext *DC) {
  for (const Decl *D : DC->decls()) {
    if (const auto *TD = dyn_cast<TemplateDecl>(D))
      D = TD->getTemplatedDecl();
    if (!D)
      continue;
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
        for (const CXXCtorInitializer *I : Ctor->inits())
          scanStmt(I->getInit());
      if (FD->doesThisDeclarationHaveABody())
        scanStmt(FD->getBody());
      for (const ParmVarDecl *P : FD->parameters())
        if (P->hasDefaultArg() && !P->hasUnparsedDefaultArg() &&
            !P->hasUninstantiatedDefaultArg())
          scanStmt(P->getDefaultArg());
      continue;
    }
    if (const auto *V = dyn_cast<VarDecl>(D))
      scanStmt(V->getInit());
    else if (const auto *F = dyn_cast<FieldDecl>(D))
      scanStmt(F->getInClassInitializer());
    if (const auto *Inner = dyn_cast<DeclContext>(D))
      if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl, RecordDecl>(D))
        scanDecls(Inner);
  }
}

void TUConstants::scanStmt(const Stmt *Root) {
  // Each node with whether its value is read (under an lvalue-to-rvalue
  // conversion, through parentheses).
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work{{Root, false}};
  while (!Work.empty()) {
    auto [S, Read] = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && !Read)
        Touched.insert(V->getCanonicalDecl());
      continue;
    }
    if (const auto *BE = dyn_cast<BlockExpr>(S)) {
      Work.push_back({BE->getBody(), false});
      continue;
    }
    bool ChildRead = false;
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(S))
      ChildRead = ICE->getCastKind() == CK_LValueToRValue;
    else if (isa<ParenExpr>(S))
      ChildRead = Read;
    for (const Stmt *C : S->children())
      Work.push_back({C, ChildRead});
  }
}

} // namespace leakhound
