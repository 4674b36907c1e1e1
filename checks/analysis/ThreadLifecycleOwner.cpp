//===--- ThreadLifecycleOwner.cpp - deliberate process-lifetime threads
//-----===//
//
// A thread *owned by process-lifetime storage* (Lifetime.h: a static
// std::thread, a member of a process-lifetime class, an element of such a
// container) and *started at most once* (in code that runs at most once,
// under a latch, or into a single std::thread handle that nothing joins:
// starting a second thread into a running handle terminates) is a deliberate
// background thread: it is not reported unless ReportProcessLifetimeThreads
// is set. A detached thread is owned by what it works for: `this` of a
// process-lifetime class, or process-lifetime storage handed to it.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

bool Impl::deliberate(const StartView &SV) {
  if (!SV.JoinSites.empty() ||
      (SV.Info.Kind != StartKind::Thread && SV.Info.Kind != StartKind::PThread))
    return false;
  if (!LT)
    LT = std::make_unique<Lifetime>(Ctx);
  if (ownedByWhatItWorksFor(SV)) {
    // A detached (or handle-less) thread is owned by the object it works
    // for: `this` of a process-lifetime class, or process-lifetime
    // storage handed to it.
    if (!worksForProcessStorage(SV))
      return false;
    return LT->statementRunsAtMostOnce(SV.Start, SV.Ctx.In);
  }
  if (!LT->ownerLivesForProcess(SV.Ctx.HandleKey))
    return false;
  if (LT->statementRunsAtMostOnce(SV.Start, SV.Ctx.In))
    return true;
  // Starting a thread into a running std::thread terminates the program,
  // so a single handle nothing joins holds one thread per owner.
  return !SV.Repeated && SV.Ctx.Handle != HandleKind::Container &&
         SV.Info.Kind == StartKind::Thread;
}

bool Impl::worksForProcessStorage(const StartView &SV) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(SV.Ctx.In);
  bool ThisLives =
      MD && !MD->isStatic() && LT->isProcessLifetimeClass(MD->getParent());
  if (auto Entry = resolveCallable(SV.Info.Callable))
    if (Entry->Lambda)
      for (const LambdaCapture &C : Entry->Lambda->captures())
        if (C.capturesThis() && ThisLives)
          return true;
  for (const Expr *A : SV.Info.Args) {
    const Expr *E = A ? A->IgnoreParenImpCasts() : nullptr;
    if (!E)
      continue;
    if (isa<CXXThisExpr>(E))
      return ThisLives;
    if (LT->storageOf(E, SV.Ctx.In, E->getType()->isPointerType()))
      return true;
  }
  return false;
}

bool Impl::ownedByWhatItWorksFor(const StartView &SV) const {
  if (SV.DetachSite)
    return true;
  switch (SV.Ctx.Handle) {
  case HandleKind::Field:
  case HandleKind::Container:
    return false;
  case HandleKind::Var:
    // A pthread_t local nothing joins does not own its thread (unlike a
    // std::thread, whose destructor would terminate the program).
    return SV.Info.Kind == StartKind::PThread && SV.JoinSites.empty() &&
           isLocalStorage(SV.Ctx.HandleKey);
  default:
    return true;
  }
}

/// The local variable an argument designates or points into (`e`,
/// `e->maint`, `&e->threads[i]`), or null.
static const VarDecl *rootLocal(const Expr *E) {
  for (unsigned N = 0; E && N < 16; ++N) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
      E = UO->getSubExpr();
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
      return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) ? VD
                                                                   : nullptr;
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// The local pointers \p S returns (`return e;`, `return (void *)e;`).
static void returnedLocals(const Stmt *S,
                           llvm::SmallPtrSetImpl<const VarDecl *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    if (const Expr *V = RS->getRetValue())
      if (const auto *DR = dyn_cast<DeclRefExpr>(V->IgnoreParenCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
          if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
              VD->getType()->isPointerType())
            Out.insert(VD);
    return;
  }
  for (const Stmt *Child : S->children())
    returnedLocals(Child, Out);
}

std::optional<std::pair<std::string, std::string>>
Impl::ownerByMerge(const StartView &SV) {
  if (!SV.JoinSites.empty() ||
      (SV.Info.Kind != StartKind::Thread && SV.Info.Kind != StartKind::PThread))
    return std::nullopt;
  if (!ownedByWhatItWorksFor(SV))
    return std::nullopt;
  Fn F = SV.Ctx.In;
  const FunctionDecl *Def = F ? definitionOf(F, SM) : nullptr;
  if (!Def || !Def->getBody())
    return std::nullopt;
  if (!LT)
    LT = std::make_unique<Lifetime>(Ctx);
  if (LT->decidedInTU(Def))
    return std::nullopt;
  llvm::SmallPtrSet<const VarDecl *, 2> Returned;
  returnedLocals(Def->getBody(), Returned);
  if (Returned.empty())
    return std::nullopt;
  bool Works = false;
  for (const Expr *A : SV.Info.Args)
    if (const VarDecl *R = rootLocal(A))
      Works |= Returned.count(R) != 0;
  if (auto Entry = resolveCallable(SV.Info.Callable))
    if (Entry->Lambda)
      for (const LambdaCapture &C : Entry->Lambda->captures())
        if (C.capturesVariable())
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            Works |= Returned.count(VD) != 0;
  if (!Works)
    return std::nullopt;
  std::string Key = usr(Def->getCanonicalDecl());
  if (Key.empty())
    return std::nullopt;
  return std::make_pair(std::string("stores_result"), Key);
}

} // namespace leakhound
