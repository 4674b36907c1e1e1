//===--- ThreadLifecycleFlags.cpp - predicates and wakes
//--------------------===//
//
// A condition-variable wait (or a semaphore acquired in a loop) ends only
// through a *stop flag*: a flag its predicate, or the loop around it, reads,
// that code outside the body writes in a function that runs, followed there
// by a wake of the same object. A write by another waiter with no wake after
// it is a reset, not a signal. In a loop, the flag the loop exits on must be
// set from outside as well.
//
// flagFate() grades each flag: never written outside the thread, written
// with no wake after it, written only by code that never runs, woken for one
// waiter only while the thread is started repeatedly, or fine. flagCancel()
// turns the best grade into the reason of the message.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

bool Impl::waitsOn(Fn F, Key Obj) {
  const FunctionDecl *Def = definitionOf(F, SM);
  if (!Def)
    return false;
  for (const WaitSite &W : summary(Def).Waits)
    if (W.Spec.Object && objectKey(W.Spec.Object) == Obj)
      return true;
  return false;
}

Impl::FlagResult Impl::flagFate(Key Flag, Key Obj, Body &B, bool Repeated,
                                Key Instance) {
  FlagResult R;
  R.Flag = Flag;
  TUIndex &Idx = index();
  auto It = Idx.Writes.find(Flag);
  if (It == Idx.Writes.end())
    return R;
  auto Better = [&](FlagState S, const Site &W) {
    if (static_cast<int>(S) > static_cast<int>(R.State)) {
      R.State = S;
      R.Write = W.S;
      R.Setter = W.In;
    }
  };
  for (const Site &W : It->second) {
    if (!W.In || B.Fns.count(W.In))
      continue; // Initialisation, or the thread itself.
    const Stmt *Wake = wakeIn(W.In, Obj, W.S, 0);
    Fn Where = W.In;
    if (!Wake) {
      // The writer may be a helper: its caller wakes after calling it.
      auto Callers = Idx.CallsTo.find(W.In);
      if (Callers != Idx.CallsTo.end())
        for (const Site &C : Callers->second)
          if (C.In && !B.Fns.count(C.In))
            if ((Wake = wakeIn(C.In, Obj, C.S, 0))) {
              Where = C.In;
              break;
            }
    }
    if (!Wake) {
      // A waiter resetting the flag it consumed is not a signaller.
      if (!waitsOn(W.In, Obj))
        Better(FlagState::NoWake, W);
      continue;
    }
    // liveOn already asks whether the setter's callers run.
    bool WhereRuns = Where == W.In || live(Where, B);
    if (!WhereRuns || !liveOn(W.In, B, Instance)) {
      Better(FlagState::Dead, W);
      if (R.Write == W.S)
        R.NotRun = WhereRuns ? W.In : Where;
      continue;
    }
    bool Broadcast = true;
    if (Repeated) {
      auto Wk = Idx.Wakes.find(Obj);
      if (Wk != Idx.Wakes.end()) {
        Broadcast = false;
        for (const Site &S : Wk->second)
          if (S.Broadcast || S.InLoop)
            Broadcast = true;
      }
    }
    Better(Broadcast ? FlagState::Ok : FlagState::SingleWake, W);
  }
  return R;
}

bool Impl::keysOf(llvm::ArrayRef<Read> Reads, const Candidate &C, const Body &B,
                  llvm::SmallVectorImpl<Key> &Out, Key &Copied) {
  for (const Read &R : Reads) {
    Key K = resolve(R.K, C.Bind);
    if (!K)
      continue;
    if (B.ByCopy.count(K)) {
      Copied = K;
      continue;
    }
    if (opaque(K) || isStopTokenType(K->getType()))
      return false;
    if (!llvm::is_contained(Out, K))
      Out.push_back(K);
  }
  return true;
}

Impl::Fate Impl::flagCancel(const Candidate &C, Key Obj,
                            llvm::ArrayRef<Read> Wakes,
                            llvm::ArrayRef<Read> Exits, Body &B,
                            const StartView &SV, bool HasPredicate,
                            bool QueueLike) {
  Fate F;
  llvm::SmallVector<Key, 4> WakeKeys, ExitKeys;
  Key Copied = nullptr;
  if (!keysOf(Wakes, C, B, WakeKeys, Copied) ||
      !keysOf(Exits, C, B, ExitKeys, Copied))
    return F;
  FlagResult Best, BestExit;
  for (Key K : WakeKeys) {
    FlagResult FR =
        flagFate(K, Obj, B, SV.Repeated && SV.DetachSite, C.Instance);
    if (!Best.Flag || static_cast<int>(FR.State) > static_cast<int>(Best.State))
      Best = FR;
    if (llvm::is_contained(ExitKeys, K) &&
        (!BestExit.Flag ||
         static_cast<int>(FR.State) > static_cast<int>(BestExit.State)))
      BestExit = FR;
  }
  // When nothing wakes the wait, blame the flag the loop exits on: it is
  // the stop flag (the others are work counters).
  if (Best.State != FlagState::Ok && BestExit.Flag)
    Best = BestExit;
  std::string ObjName = shortName(Obj);
  F.Blocks = true;
  F.FixKind = QueueLike ? Fix::AddClose : Fix::StopFlag;
  switch (Best.State) {
  case FlagState::Ok: {
    // The wait can be woken; the loop around it must also be able to end.
    const Site *ExitSet = nullptr;
    for (Key K : ExitKeys)
      if ((ExitSet = writtenOutside(K, B)))
        break;
    if (ExitKeys.empty() || ExitSet ||
        llvm::is_contained(ExitKeys, Best.Flag)) {
      F.Blocks = false;
      F.ViaFlag = Best.Flag;
      F.Setter = Best.Setter;
      return F;
    }
    F.Reason = "the loop around it exits on '" + shortName(ExitKeys.front()) +
               "', which is never set outside the thread";
    return F;
  }
  case FlagState::NotWritten:
    if (Best.Flag) {
      F.Reason =
          "'" + shortName(Best.Flag) + "' is never set outside the thread";
      F.FixKind = QueueLike ? Fix::AddClose : Fix::SetFlag;
      F.FlagName = shortName(Best.Flag);
      F.ObjName = ObjName;
    } else if (Copied)
      F.Reason = "'" + shortName(Copied) +
                 "' is captured by copy, so the thread never sees it set";
    else if (HasPredicate)
      F.Reason = "its predicate observes no stop request";
    else
      F.Reason = "the wait has no predicate and observes no stop request";
    return F;
  case FlagState::NoWake:
    F.Reason = "'" + shortName(Best.Flag) + "' is set but '" + ObjName +
               "' is not woken after it";
    F.FixKind = Fix::NotifyAfter;
    F.FlagName = shortName(Best.Flag);
    F.ObjName = ObjName;
    F.Extra.push_back({locOf(Best.Write), "'" + shortName(Best.Flag) +
                                              "' is set here, with no wake "
                                              "after it"});
    return F;
  case FlagState::Dead: {
    Fn NotRun = Best.NotRun ? Best.NotRun : Best.Setter;
    Key On = NotRun == Best.Setter ? C.Instance : nullptr;
    F.Reason = whyNotRun(NotRun, Best.Flag, On, B, F.Extra);
    F.FixKind = Fix::CallClose;
    F.Setter = NotRun;
    F.Extra.insert(F.Extra.begin(),
                   {locOf(Best.Write), "'" + shortName(Best.Flag) +
                                           "' is set here, in '" +
                                           nameOf(Best.Setter) + "'"});
    return F;
  }
  case FlagState::SingleWake:
    F.Reason = "the thread is started repeatedly but '" + ObjName +
               "' wakes only one waiter";
    F.FixKind = Fix::NotifyAll;
    return F;
  }
  return F;
}

} // namespace leakhound
