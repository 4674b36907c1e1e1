//===--- OwnershipExceptions.cpp - memory lost when a call throws ---------===//
//
// In C++, a call that throws leaves the function at once: memory the
// function holds only in its local variables at that point is lost (see
// OwnershipModel.h for the engine's terms).
//
//  * A call *may throw* when its callee is not `noexcept`, has no C language
//    linkage, and visibly throws: its body here (or in a header) contains a
//    `throw` that no `try` of the same body surrounds, or calls, outside
//    such a `try`, a function that may throw (transitively, memoized; a
//    recursive cycle counts as not throwing). Of the C++ library, only
//    functions that throw on bad input by contract (`at`, `stoi` and its
//    siblings, `optional::value`) may throw; an allocation failing
//    (`bad_alloc`) is not a path this check follows. Functions with no body
//    here are taken not to throw: the check reports what it can show.
//  * At such a call, in the reporting pass, a block that is owned on every
//    path (fresh from an allocation, never released, escaped or handed
//    anywhere), held by a local variable, and not reachable from the
//    call's arguments (the call may be what adopts it: a smart pointer, a
//    container, a member) is reported as leaked if the call throws, with
//    the allocation as a note and a note on how to fix it (hold it in a
//    `std::unique_ptr` until ownership is handed on). One report per
//    allocation site.
//  * Not reported: a TU compiled without exceptions, a function that is
//    itself `noexcept` (an exception there ends the process), a call inside
//    a `try` block of the same function (its handler may release the
//    memory).
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

/// C++ library functions that throw on bad input by contract.
static bool libraryThrows(const FunctionDecl *F) {
  if (!F->isInStdNamespace() && !(isa<CXXMethodDecl>(F) &&
                                  cast<CXXMethodDecl>(F)->getParent() &&
                                  cast<CXXMethodDecl>(F)
                                      ->getParent()
                                      ->isInStdNamespace()))
    return false;
  if (!F->getDeclName().isIdentifier())
    return false;
  return llvm::is_contained(
      {"at", "stoi", "stol", "stoll", "stoul", "stoull", "stof", "stod",
       "stold", "value"},
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

bool OwnershipAnalysis::Impl::mayThrow(const FunctionDecl *F) {
  if (!F)
    return false;
  F = F->getCanonicalDecl();
  if (auto It = Throwing.find(F); It != Throwing.end())
    return It->second;
  Throwing[F] = false; // A cycle does not throw.
  bool T = false;
  const auto *FPT = F->getType()->getAs<FunctionProtoType>();
  if ((FPT && FPT->isNothrow()) || F->isExternC() || F->isInExternCContext() ||
      isa<CXXDestructorDecl>(F)) {
    T = false;
  } else if (inSystemHeader(F)) {
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
  return Throwing[F] = T;
}

void FunctionAnalysis::checkThrowingCall(State &S, const CallExpr *CE) {
  if (!Ctx.getLangOpts().CXXExceptions || !A.tracksMemory())
    return;
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || !A.mayThrow(Callee))
    return;
  if (const auto *FPT = FD->getType()->getAs<FunctionProtoType>();
      FPT && FPT->isNothrow())
    return;
  if (!InTry) {
    InTry.emplace();
    llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
    while (!Work.empty()) {
      const Stmt *St = Work.pop_back_val();
      if (!St)
        continue;
      if (const auto *Try = dyn_cast<CXXTryStmt>(St)) {
        llvm::SmallVector<const Stmt *, 32> Inner{Try->getTryBlock()};
        while (!Inner.empty()) {
          const Stmt *X = Inner.pop_back_val();
          if (!X)
            continue;
          if (isa<CallExpr>(X))
            InTry->insert(X);
          for (const Stmt *C : X->children())
            Inner.push_back(C);
        }
      }
      for (const Stmt *C : St->children())
        Work.push_back(C);
    }
  }
  if (InTry->contains(CE))
    return;
  // What the call is given: it may be what adopts the memory.
  TargetSet Passed;
  auto Add = [&](const Expr *E) {
    unionInto(Passed, valueOf(S, E));
    LValue LV = lvalueOf(S, E);
    if (!LV.Untracked)
      for (unsigned L : LV.Locs)
        locContents(S, L, Passed);
  };
  for (const Expr *Arg : CE->arguments())
    Add(Arg);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    Add(MC->getImplicitObjectArgument());
  for (size_t I = 0; I < Passed.size(); ++I)
    if (isObj(Passed[I]))
      contents(S, Passed[I], Passed);
  for (const auto &[O, St] : S.Objs) {
    if (Objs[O].Kind != ObjKind::Alloc || (St.Bits & ~BNull) != BOwned ||
        llvm::is_contained(Passed, O) || ThrowReported.count(Objs[O].Site))
      continue;
    // Held by a local variable of this function.
    std::string Name;
    for (const auto &[K, V] : S.Pts)
      if (Locs[K].RootVar && llvm::is_contained(V, O)) {
        Name = locName(K);
        break;
      }
    if (Name.empty())
      continue;
    ThrowReported.insert(Objs[O].Site);
    std::string Fn = Callee->getNameAsString();
    LeakReport R;
    R.Where = CE->getBeginLoc();
    R.Message = "memory pointed to by '" + Name + "' is leaked if '" + Fn +
                "' throws an exception";
    R.Notes.push_back({Objs[O].Site->getBeginLoc(),
                       "memory allocated here by '" + Objs[O].AllocName + "'"});
    R.Notes.push_back(
        {CE->getBeginLoc(),
         "hold the memory in a 'std::unique_ptr' until its owner takes it"});
    A.addReport(std::move(R));
  }
}

} // namespace leakhound
