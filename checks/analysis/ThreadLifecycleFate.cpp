//===--- ThreadLifecycleFate.cpp - the fate of one wait
//---------------------===//
//
// The first wait of a thread's body that can block forever is reported.
//  - Any loop around it (along the call chain) that never exits: the thread
//    can never finish.
//  - A timed wait is otherwise fine; so is a wait that takes a
//    std::stop_token or sits in a loop that checks one.
//  - A condition-variable wait needs a stop flag (ThreadLifecycleFlags.cpp).
//  - A loop that exits on a local value (a poison pill received through the
//    wait) ends when a live wake of the same object exists.
//  - A semaphore acquire in a loop needs a stop flag through the loop guards;
//    a single acquire, a latch or barrier wait needs a live wake from outside
//    the body (ThreadLifecycleCounting.cpp for latches counted per element).
//  - The code meant to arrive (count down, arrive, release) must do so on
//    every path: an early return or an exception that skips an arrival
//    leaves the wait short (ThreadLifecycleArrivals.cpp).
//  - future.get/wait: the promise behind the future must be set on every
//    path, exception paths included (ThreadLifecyclePromises.cpp).
//  - pthread_join/thread::join inside the thread: the joined thread's fate.
//  - A configured blocking function always can block forever.
// A thread started repeatedly whose wait is ended only by single-waiter
// wakes (notify_one, release(1)) leaves all but one of its copies blocked.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

bool Impl::isLocalStorage(Key K) {
  const auto *VD = dyn_cast_or_null<VarDecl>(K);
  return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD);
}

bool Impl::opaque(Key K) {
  if (!K)
    return true;
  if (const auto *P = dyn_cast<ParmVarDecl>(K))
    return P->getType()->isReferenceType() || P->getType()->isPointerType();
  return false;
}

Impl::Fate Impl::fate(const Candidate &C, Body &B, const StartView &SV) {
  Fate F;
  const WaitSite &W = *C.Wait;
  // Blocking I/O ends when the other end acts; only a joiner that wakes it
  // too late is known to hang (ioJoin).
  if (W.Spec.Kind == WaitKind::Io)
    return F;
  llvm::SmallVector<const Stmt *, 6> AllLoops(C.OuterLoops.begin(),
                                              C.OuterLoops.end());
  AllLoops.append(W.Loops.begin(), W.Loops.end());
  for (const Stmt *L : AllLoops)
    if (!loop(L).Exits) {
      F.Blocks = true;
      F.Reason = "the loop around it never exits";
      F.FixKind = Fix::Loop;
      F.Extra.push_back({L->getBeginLoc(), "this loop never exits"});
      return F;
    }
  if (W.Spec.Timed || W.Spec.TokenInWait)
    return F;
  // A stop token checked by the predicate or any loop guard.
  llvm::SmallVector<Read, 8> Pred, Guards, LocalGuards;
  if (W.Spec.Predicate)
    reads(W.Spec.Predicate, Pred, 0);
  for (const Stmt *L : AllLoops)
    Guards.append(loop(L).Guards.begin(), loop(L).Guards.end());
  for (const Stmt *L : W.Loops)
    LocalGuards.append(loop(L).Guards.begin(), loop(L).Guards.end());
  for (const auto *Set : {&Pred, &Guards})
    for (const Read &R : *Set)
      if (R.K && isStopTokenType(R.K->getType()))
        return F;

  Key Obj = nullptr;
  if (W.Spec.Object) {
    Obj = resolve(objectKey(W.Spec.Object), C.Bind);
    if (opaque(Obj))
      return F; // Cannot name the sync object: no claim.
  }
  bool QueueLike =
      !C.Chain.empty() && isa<FieldDecl>(Obj) && isa<CXXMethodDecl>(C.In);
  TUIndex &Idx = index();
  const Site *DeadWake = nullptr;
  auto liveWakeOutside = [&](Key O) -> bool {
    auto It = Idx.Wakes.find(O);
    if (It == Idx.Wakes.end())
      return false;
    for (const Site &S : It->second) {
      if (!S.In || (!B.Fns.count(S.In) && liveOn(S.In, B, C.Instance)))
        return true;
      if (!B.Fns.count(S.In) && !DeadWake)
        DeadWake = &S;
    }
    return false;
  };
  // A wake outside the thread that is in code that never runs: the reason
  // names it instead of claiming that nothing wakes the object.
  auto deadWakeReason = [&](llvm::StringRef Verb) {
    std::string R = "'" + shortName(Obj) + "' is " + Verb.str() + " only in '" +
                    nameOf(DeadWake->In) +
                    "', which nothing in the analysed code runs";
    F.Extra.push_back(
        {locOf(DeadWake->S), "'" + shortName(Obj) + "' is " + Verb.str() +
                                 " here, in code that never runs"});
    return R;
  };
  // A latch or barrier that waits for more arrivals than the code makes.
  auto shortCount = [&](Fate &F, Key O) {
    std::optional<uint64_t> Want = expectedArrivals(O);
    std::optional<uint64_t> Got = Want ? countedArrivals(O) : std::nullopt;
    if (!Got || *Got >= *Want)
      return;
    F.Blocks = true;
    F.Reason = "'" + shortName(O) + "' waits for " + std::to_string(*Want) +
               " arrivals, but the analysed code makes " +
               std::to_string(*Got);
    F.FixKind = Fix::Count;
    F.ObjName = shortName(O);
    auto Init = Idx.CInits.find(O);
    F.Extra.push_back(
        {Init != Idx.CInits.end() ? Init->second->getBeginLoc()
                                  : O->getLocation(),
         "'" + shortName(O) + "' is sized for " + std::to_string(*Want) +
             " arrivals here"});
  };
  bool Repeated = !AllLoops.empty();
  if (W.Spec.Kind == WaitKind::CondVar || W.Spec.Kind == WaitKind::PCond ||
      W.Spec.Kind == WaitKind::Semaphore || W.Spec.Kind == WaitKind::PSem)
    for (const Stmt *L : AllLoops)
      if (loop(L).ExitsOnLocal && liveWakeOutside(Obj))
        return F; // A message from outside can end the loop.
  switch (W.Spec.Kind) {
  case WaitKind::CondVar:
  case WaitKind::PCond: {
    // A wait with a predicate returns only when the predicate holds: the
    // stop flag must be read there. Without one, the loop around it reads
    // it after each wake.
    llvm::SmallVector<Read, 8> Flags(Pred.begin(), Pred.end());
    if (!W.Spec.Predicate)
      Flags.append(LocalGuards.begin(), LocalGuards.end());
    Fate G = flagCancel(C, Obj, Flags, Guards, B, SV,
                        W.Spec.Predicate != nullptr, QueueLike);
    if (G.Blocks && W.Spec.Predicate && !LocalGuards.empty()) {
      if (std::optional<Fate> U =
              unreadStopFlag(C, Obj, LocalGuards, B, SV, QueueLike))
        G = std::move(*U);
      else {
        // As before this rule: the loop's flags judged with the predicate's.
        Flags.append(LocalGuards.begin(), LocalGuards.end());
        G = flagCancel(C, Obj, Flags, Guards, B, SV, true, QueueLike);
      }
    }
    G.WaitObj = Obj;
    return G;
  }
  case WaitKind::Semaphore:
  case WaitKind::PSem: {
    if (Repeated) {
      Fate G = flagCancel(C, Obj, Guards, {}, B, SV, false, QueueLike);
      G.WaitObj = Obj;
      if (G.Blocks && G.Reason.find("observes no stop") != std::string::npos)
        G.Reason = "it is acquired in a loop that observes no stop request";
      if (G.Blocks)
        G.FixKind = G.FixKind == Fix::StopFlag ? Fix::Semaphore : G.FixKind;
      return G;
    }
    if (!liveWakeOutside(Obj)) {
      F.Blocks = true;
      F.Reason = DeadWake ? deadWakeReason("released")
                          : "nothing outside the thread releases '" +
                                shortName(Obj) + "'";
      F.FixKind = Fix::Semaphore;
    } else if (auto Skip = skippedArrivalSite(Obj, B, C.Instance, true)) {
      F.Blocks = true;
      skipReason(F, Obj, *Skip->first, Skip->second, "released",
                 "releasing '" + shortName(Obj) + "'");
      F.FixKind = Fix::Semaphore;
    } else if (SV.Repeated && SV.DetachSite && isa<FieldDecl, VarDecl>(Obj) &&
               !isLocalStorage(Obj)) {
      bool Broadcast = false;
      for (const Site &S : Idx.Wakes[Obj])
        if (S.Broadcast || S.InLoop)
          Broadcast = true;
      if (!Broadcast) {
        F.Blocks = true;
        F.Reason = "the thread is started repeatedly but '" + shortName(Obj) +
                   "' is released only once";
        F.FixKind = Fix::Semaphore;
      }
    }
    return F;
  }
  case WaitKind::Latch:
    // Threads started together may count the latch down for each other.
    if (!liveWakeOutside(Obj) && !SV.Repeated &&
        SV.Ctx.Handle != HandleKind::Container) {
      F.Blocks = true;
      F.Reason = DeadWake ? deadWakeReason("counted down")
                          : "nothing outside the thread counts '" +
                                shortName(Obj) + "' down";
      F.FixKind = Fix::Latch;
      return F;
    }
    if (const Stmt *Skip = skippedArrival(Obj)) {
      F.Blocks = true;
      F.Reason = "'" + shortName(Obj) +
                 "' expects one arrival per element "
                 "of '" +
                 shortName(sizedBy(Obj)) + "', but the loop over it skips some";
      F.FixKind = Fix::Latch;
      F.Extra.push_back(
          {Skip->getBeginLoc(), "this skips the 'count_down' of that element"});
    } else if (auto Skip = skippedArrivalSite(Obj, B, C.Instance, false)) {
      F.Blocks = true;
      skipReason(F, Obj, *Skip->first, Skip->second, "counted down",
                 "counting '" + shortName(Obj) + "' down");
      F.FixKind = Fix::Latch;
    } else {
      shortCount(F, Obj);
    }
    return F;
  case WaitKind::Barrier:
    if (!liveWakeOutside(Obj) && !SV.Repeated &&
        SV.Ctx.Handle != HandleKind::Container) {
      F.Blocks = true;
      F.Reason = DeadWake
                     ? deadWakeReason("arrived at")
                     : "no other thread arrives at '" + shortName(Obj) + "'";
      F.FixKind = Fix::Barrier;
    } else if (auto Skip = skippedArrivalSite(Obj, B, C.Instance, false)) {
      F.Blocks = true;
      skipReason(F, Obj, *Skip->first, Skip->second, "arrived at",
                 "arriving at '" + shortName(Obj) + "'");
      F.FixKind = Fix::Barrier;
    } else {
      shortCount(F, Obj);
    }
    return F;
  case WaitKind::Future: {
    bool Other = false;
    Key P = promiseOfKey(Obj, Other, 0, &B);
    if (!P || Other || opaque(P) || Idx.Escaped.count(P))
      return F;
    if (isLocalStorage(P)) {
      // The promise dies with its function (then get() throws), unless
      // that function joins the thread first.
      const auto *VD = cast<VarDecl>(P);
      Fn Owner = normalizeFn(
          dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod()));
      bool JoinedThere = false;
      for (const Site &J : SV.JoinSites)
        if (J.In == Owner)
          JoinedThere = true;
      if (SV.Info.Kind == StartKind::JThread && SV.Ctx.In == Owner &&
          !SV.DetachSite && SV.Ctx.Handle == HandleKind::Var)
        JoinedThere = true;
      if (!JoinedThere)
        return F;
    }
    auto It = Idx.Wakes.find(P);
    // The producer must run: a set only in code that never runs (a worker
    // never started, a handler never registered) leaves the future waiting.
    llvm::SmallVector<const Site *, 4> Sets;
    if (It != Idx.Wakes.end())
      for (const Site &S : It->second)
        if (!S.In || !B.Fns.count(S.In)) {
          if (!S.In || live(S.In, B))
            Sets.push_back(&S);
          else if (!DeadWake)
            DeadWake = &S;
        }
    bool Task = stdTypeName(P->getType()) == "packaged_task";
    std::string What = Task ? "the packaged_task '" + shortName(P) + "'"
                            : "the promise '" + shortName(P) + "'";
    std::string Set = Task ? "run" : "set";
    if (Sets.empty() && DeadWake) {
      F.Blocks = true;
      Obj = P;
      F.Reason = deadWakeReason(Set);
      F.FixKind = Task ? Fix::Task : Fix::Promise;
      return F;
    }
    if (Sets.empty()) {
      F.Blocks = true;
      F.Reason = What + " is never " + Set;
      F.FixKind = Task ? Fix::Task : Fix::Promise;
      return F;
    }
    for (const Site *S : Sets)
      if (!S->In || setOnEveryPath(S->In, P))
        return F;
    F.Blocks = true;
    F.Reason = What + " is " + Set + " only on some paths";
    F.FixKind = Task ? Fix::Task : Fix::Promise;
    F.Extra.push_back(
        {locOf(Sets.front()->S), "'" + shortName(P) + "' is " + Set +
                                     " here, but not on every path of '" +
                                     nameOf(Sets.front()->In) + "'"});
    if (std::optional<SkipPath> Path = skipPath(Sets.front()->In, P))
      if (Path->Thrower)
        F.Extra.push_back({locOf(Path->Thrower),
                           "'" + calleeText(Path->Thrower) +
                               "' can throw here, and then '" + shortName(P) +
                               "' is not " + Set});
    return F;
  }
  case WaitKind::Join: {
    auto It = Idx.StartOfHandle.find(Obj);
    if (It == Idx.StartOfHandle.end() || It->second == SV.Start)
      return F;
    if (auto Inner = analyzeStart(It->second)) {
      F.Blocks = true;
      F.Reason = "it joins a thread that can block forever";
      F.FixKind = Fix::Join;
      F.Extra.push_back({Inner->Loc, "the joined thread starts here"});
    }
    return F;
  }
  case WaitKind::Io:
    return F;
  case WaitKind::Custom:
    F.Blocks = true;
    F.Reason = "nothing in the program can interrupt the call";
    F.FixKind = Fix::Custom;
    return F;
  }
  return F;
}

} // namespace leakhound
