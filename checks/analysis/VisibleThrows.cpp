//===--- VisibleThrows.cpp - which calls may visibly throw ----------------===//
//
// See VisibleThrows.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "VisibleThrows.h"
#include "SystemHeaders.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace leakhound {

/// C++ library functions that throw on bad input by contract.
static bool libraryThrows(const FunctionDecl *F) {
  const auto *MD = dyn_cast<CXXMethodDecl>(F);
  if (!F->isInStdNamespace() &&
      !(MD && MD->getParent() && MD->getParent()->isInStdNamespace()))
    return false;
  if (!F->getDeclName().isIdentifier())
    return false;
  return llvm::is_contained({"at", "stoi", "stol", "stoll", "stoul", "stoull",
                             "stof", "stod", "stold", "value"},
                            F->getName());
}

/// Calls a body makes outside its own `try` blocks, and whether it throws
/// there; lambdas' bodies run elsewhere.
static void throwingPoints(const Stmt *S, bool &Throws,
                           llvm::SmallVectorImpl<const FunctionDecl *> &Calls) {
  if (!S || Throws)
    return;
  if (isa<LambdaExpr>(S))
    return;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      throwingPoints(Try->getHandler(I), Throws, Calls);
    return;
  }
  if (isa<CXXThrowExpr>(S)) {
    Throws = true;
    return;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    if (const FunctionDecl *F = CE->getDirectCallee())
      Calls.push_back(F);
  } else if (const auto *C = dyn_cast<CXXConstructExpr>(S)) {
    Calls.push_back(C->getConstructor());
  }
  for (const Stmt *C : S->children())
    throwingPoints(C, Throws, Calls);
}

bool VisibleThrows::mayThrow(const FunctionDecl *F) {
  if (!F)
    return false;
  F = F->getCanonicalDecl();
  if (auto It = Memo.find(F); It != Memo.end())
    return It->second;
  Memo[F] = false; // A cycle does not throw.
  bool T = false;
  const auto *FPT = F->getType()->getAs<FunctionProtoType>();
  SourceLocation L = F->getLocation();
  if ((FPT && FPT->isNothrow()) || F->isExternC() || F->isInExternCContext() ||
      isa<CXXDestructorDecl>(F)) {
    T = false;
  } else if (inSystemHeader(SM, L)) {
    T = libraryThrows(F);
  } else if (const FunctionDecl *Def = F->getDefinition();
             Def && Def->getBody()) {
    llvm::SmallVector<const FunctionDecl *, 8> Calls;
    throwingPoints(Def->getBody(), T, Calls);
    if (const auto *CD = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *I : CD->inits())
        throwingPoints(I->getInit(), T, Calls);
    for (const FunctionDecl *C : Calls) {
      if (T)
        break;
      T = mayThrow(C);
    }
  }
  return Memo[F] = T;
}

} // namespace leakhound
