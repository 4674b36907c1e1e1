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
  bool Handle = SV.Ctx.Handle == HandleKind::Var ||
                SV.Ctx.Handle == HandleKind::Field ||
                SV.Ctx.Handle == HandleKind::Container;
  if (SV.DetachSite || !Handle) {
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

} // namespace leakhound
