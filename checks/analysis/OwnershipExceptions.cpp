//===--- OwnershipExceptions.cpp - memory lost when a call throws ---------===//
//
// In C++, a call that throws leaves the function at once: memory the
// function holds only in its local variables at that point is lost (see
// OwnershipModel.h for the engine's terms).
//
//  * A call *may throw* when its callee visibly throws (VisibleThrows.h).
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

bool OwnershipAnalysis::Impl::mayThrow(const FunctionDecl *F) {
  if (!Throws)
    Throws.emplace(SM);
  return Throws->mayThrow(F);
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
