//===--- ThreadLifecycle.cpp - can a started thread wait forever? ---------===//
//
// Design (terms are defined in ThreadLifecycle.h and ThreadLifecycleModel.h;
// ThreadLifecycleImpl.h lists the file of each step).
//
// 1. TU index (ThreadLifecycleIndex.cpp): one walk of the TU finds the
//    thread starts, the wrappers, and for every object and function the
//    writes, wakes, joins, detaches, calls and references.
//
// 2. Function summaries and the body walk (ThreadLifecycleWalk.cpp): from
//    the thread's entry, calls are followed up to MaxDepth; the functions
//    visited are the thread's *body*, the waits met its candidates.
//
// 3. Fate of a wait (ThreadLifecycleFate.cpp): the first wait that can block
//    forever is reported. Loops must exit (ThreadLifecycleLoops.cpp); a
//    condition-variable wait needs a stop flag its predicate reads, set and
//    followed by a wake outside the body (ThreadLifecycleFlags.cpp); the way
//    out counts only if code that runs takes it (ThreadLifecycleReach.cpp,
//    across TUs through the call facts, ThreadLifecycleFacts.cpp); latches
//    count every arrival (ThreadLifecycleCounting.cpp); futures need their
//    promise set on every path (ThreadLifecyclePromises.cpp). A deliberate
//    background thread owned by process-lifetime storage is silent
//    (ThreadLifecycleOwner.cpp).
//
// 4. Lifecycle (ThreadLifecycleReport.cpp): detached, joined (where), a
//    std::jthread destroyed, a std::async future destroyed, a pool's task,
//    or never joined. A thread whose waits are all fine thanks to a stop flag
//    is still reported when a destructor (or a std::jthread's destruction)
//    joins it without first writing that flag (this file, compute()): the
//    destructor hangs if nobody stopped it before.
//
//===----------------------------------------------------------------------===//

#include "CallTargets.h"
#include "ThreadLifecycleImpl.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

bool isThreadStart(const Expr *E, const ThreadLifecycleOptions &Opts) {
  return startInfo(E, Opts).has_value();
}

using Impl = ThreadLifecycleAnalysis::Impl;

std::optional<ThreadFinding> Impl::analyzeStart(const Expr *Start) {
  auto Found = Results.find(Start);
  if (Found != Results.end())
    return Found->second;
  if (!InProgress.insert(Start).second)
    return std::nullopt;
  // A joined thread's assumptions are the joiner's as well.
  llvm::SmallVector<std::pair<Fn, Key>, 4> Outer;
  std::swap(Outer, Assumed);
  CurWayOut.reset();
  std::optional<ThreadFinding> R = compute(Start);
  Outer.append(Assumed.begin(), Assumed.end());
  std::swap(Outer, Assumed);
  InProgress.erase(Start);
  Results[Start] = R;
  return R;
}

std::optional<ThreadFinding> Impl::compute(const Expr *Start) {
  auto Info = startInfo(Start, Opts);
  if (!Info)
    return std::nullopt;
  auto Entry = resolveCallable(Info->Callable);
  if (!Entry)
    return std::nullopt;
  Fn Def = definitionOf(Entry->Fn, SM);
  if (!Def)
    return std::nullopt;
  StartView SV = view(Start, *Info);

  Body B;
  B.Starter = SV.Ctx.In;
  B.Start = Start;
  if (Entry->Lambda)
    for (const LambdaCapture &Cap : Entry->Lambda->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByCopy)
        if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
          if (VD->getType()->isScalarType())
            B.ByCopy.insert(normalizeKey(VD));
  unsigned Skip = Entry->MemberPointer ? 1 : 0;
  bool TakesToken = false;
  if (Info->Kind == StartKind::JThread && Def->getNumParams() > 0 &&
      isStopTokenType(Def->getParamDecl(0)->getType())) {
    TakesToken = true; // jthread passes its token first.
    Skip = 0;
  }
  llvm::SmallVector<const Expr *, 4> Args;
  if (TakesToken)
    Args.push_back(nullptr);
  Args.append(Info->Args.begin(), Info->Args.end());
  Binding Bind = bindArgs(Def, Args, Skip, Binding(), B);
  llvm::SmallVector<const CallExpr *, 4> Chain;
  llvm::SmallVector<const Stmt *, 4> Outer;
  walk(Def, 0, Bind, nullptr, Chain, Outer, B);
  if (B.Broken)
    return std::nullopt; // Error recovery: invent nothing.

  std::vector<Fate> FlagFates;
  for (const Candidate &C : B.Waits) {
    Fate F = fate(C, B, SV);
    if (F.Blocks) {
      if (!Opts.ReportProcessLifetimeThreads && deliberate(SV))
        return std::nullopt;
      std::optional<ThreadFinding> R = finish(report(SV, C, F, TakesToken), B);
      if (R && !Opts.ReportProcessLifetimeThreads)
        if (auto O = ownerByMerge(SV)) {
          R->OwnerIf = O->first;
          R->OwnerKey = O->second;
        }
      return R;
    }
    if (F.ViaFlag)
      FlagFates.push_back(F);
  }
  // Blocking I/O ends when the descriptor is woken: whoever joins must wake
  // it first (ThreadLifecycleIo.cpp).
  if (!SV.DetachSite)
    for (const Candidate &C : B.Waits)
      if (std::optional<ThreadFinding> R = ioJoin(SV, C, B))
        return finish(std::move(R), B);
  // Waits end on a stop flag: whoever joins must set it first.
  if (SV.DetachSite || FlagFates.empty())
    return std::nullopt;
  for (const Site &J : SV.JoinSites) {
    if (!isa_and_nonnull<CXXDestructorDecl>(J.In))
      continue;
    if (!stoppedBefore(J.In, J.S, FlagFates))
      return finish(reportJoin(SV, B, FlagFates.front(), J.In, J.S, TakesToken),
                    B);
  }
  if (Info->Kind == StartKind::JThread && SV.JoinSites.empty()) {
    // Destroyed, then joined: in the owner's destructor for a field, at
    // the end of the function for a local.
    if (SV.Ctx.Handle == HandleKind::Field) {
      const auto *FD = dyn_cast<FieldDecl>(SV.Ctx.HandleKey);
      const CXXRecordDecl *RD =
          FD ? dyn_cast<CXXRecordDecl>(FD->getParent()) : nullptr;
      const CXXDestructorDecl *Dtor = RD ? RD->getDestructor() : nullptr;
      Fn DtorFn = Dtor && Dtor->isUserProvided() ? normalizeFn(Dtor) : nullptr;
      if (!DtorFn || !stoppedBefore(DtorFn, nullptr, FlagFates))
        return finish(
            reportJoin(SV, B, FlagFates.front(), DtorFn, nullptr, TakesToken),
            B);
    }
  }
  return std::nullopt;
}

std::optional<ThreadFinding> Impl::finish(std::optional<ThreadFinding> R,
                                          const Body &B) {
  if (!R || Assumed.empty())
    return R;
  if (CurWayOut && R->Message.find(CurWayOut->Clause) != std::string::npos)
    R->Why = CurWayOut;
  for (auto &[F, K] : Assumed) {
    std::pair<std::string, std::string> U{usr(F), K ? usr(K) : ""};
    if (!U.first.empty() && !llvm::is_contained(R->Unless, U))
      R->Unless.push_back(std::move(U));
  }
  for (Fn F : B.Fns)
    if (!usr(F).empty())
      R->Body.push_back(usr(F));
  llvm::sort(R->Body);
  return R;
}

Impl::Impl(ASTContext &Ctx, const ThreadLifecycleOptions &Opts)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts) {}
Impl::~Impl() = default;

ThreadLifecycleAnalysis::ThreadLifecycleAnalysis(
    ASTContext &Ctx, const ThreadLifecycleOptions &Opts)
    : P(std::make_unique<Impl>(Ctx, Opts)) {}

ThreadLifecycleAnalysis::~ThreadLifecycleAnalysis() = default;

std::vector<const Expr *> ThreadLifecycleAnalysis::starts() {
  return P->starts();
}

Json ThreadLifecycleAnalysis::callFacts() { return P->callFacts(); }

Json ThreadLifecycleAnalysis::lifetimeFacts() {
  if (!P->LT)
    P->LT = std::make_unique<Lifetime>(P->Ctx);
  return P->LT->facts([](const CXXRecordDecl *) { return false; });
}

std::optional<ThreadFinding>
ThreadLifecycleAnalysis::analyze(const Expr *Start) {
  return P->analyzeStart(Start);
}

} // namespace leakhound
