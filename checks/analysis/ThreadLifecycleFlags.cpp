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
#include <tuple>

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
      if (!waitsOn(W.In, Obj)) {
        Better(FlagState::NoWake, W);
        if (R.Write == W.S) {
          R.EarlyWake = eventIn(Idx.WakesIn, W.In, Obj, nullptr, W.S, 0);
          std::tie(R.OtherWake, R.OtherObj) = otherWakeAfter(W.In, Obj, W.S);
        }
      }
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
  case FlagState::NoWake: {
    std::string Flag = "'" + shortName(Best.Flag) + "'";
    F.FixKind = Fix::NotifyAfter;
    F.FlagName = shortName(Best.Flag);
    F.ObjName = ObjName;
    if (Best.EarlyWake) {
      // The waiter wakes, finds the flag still clear and waits again.
      F.Reason = "'" + ObjName + "' is woken before " + Flag +
                 " is set, so the thread can miss the wake-up";
      F.Extra.push_back(
          {locOf(Best.EarlyWake),
           "'" + ObjName + "' is woken here, before " + Flag + " is set"});
      F.Extra.push_back(
          {locOf(Best.Write), Flag + " is set here, with no wake after it"});
      return F;
    }
    if (Best.OtherWake) {
      std::string Other = "'" + shortName(Best.OtherObj) + "'";
      F.Reason = Flag + " is set and " + Other +
                 " is woken, but the thread waits on '" + ObjName + "'";
      F.Extra.push_back({locOf(Best.Write), Flag + " is set here"});
      F.Extra.push_back({locOf(Best.OtherWake),
                         Other + " is woken here, not '" + ObjName + "'"});
      return F;
    }
    F.Reason = Flag + " is set but '" + ObjName + "' is not woken after it";
    F.Extra.push_back(
        {locOf(Best.Write), Flag + " is set here, with no wake after it"});
    return F;
  }
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

std::pair<const Stmt *, Key> Impl::otherWakeAfter(Fn F, Key Obj,
                                                  const Stmt *After) {
  TUIndex &Idx = index();
  auto It = Idx.WakesIn.find(F);
  if (It == Idx.WakesIn.end() || !Obj)
    return {nullptr, nullptr};
  QualType T = Obj->getType().getCanonicalType().getUnqualifiedType();
  for (auto &[K, S] : It->second)
    if (K && K != Obj && before(After, S) &&
        K->getType().getCanonicalType().getUnqualifiedType() == T)
      return {S, K};
  return {nullptr, nullptr};
}

void Impl::namedObjects(const Stmt *S, llvm::DenseSet<Key> &Out,
                        unsigned Depth) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    if (Depth < 3)
      namedObjects(LE->getBody(), Out, Depth + 1);
    return;
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(S)) {
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
      if (Key K = objectKey(DR))
        Out.insert(K);
      if (!isa<ParmVarDecl>(VD) && VD->getInit() && Depth < 3 &&
          isa<LambdaExpr>(strip(VD->getInit())))
        namedObjects(strip(VD->getInit()), Out, Depth + 1);
    }
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (!isa<CXXMethodDecl>(ME->getMemberDecl()))
      if (Key K = objectKey(ME))
        Out.insert(K);
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (Depth < 2)
      if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
        namedObjects(Def->getBody(), Out, Depth + 1);
  for (const Stmt *Child : S->children())
    namedObjects(Child, Out, Depth);
}

bool Impl::namesAny(const Stmt *S, const llvm::DenseSet<Key> &Keys,
                    unsigned Depth) {
  if (!S)
    return false;
  if (const auto *LE = dyn_cast<LambdaExpr>(S))
    return Depth < 3 && namesAny(LE->getBody(), Keys, Depth + 1);
  if (isa<DeclRefExpr, MemberExpr>(S))
    if (Key K = objectKey(cast<Expr>(S)))
      if (Keys.count(K))
        return true;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (Depth < 2)
      if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
        if (namesAny(Def->getBody(), Keys, Depth + 1))
          return true;
  for (const Stmt *Child : S->children())
    if (namesAny(Child, Keys, Depth))
      return true;
  return false;
}

std::optional<Impl::Fate> Impl::unreadStopFlag(const Candidate &C, Key Obj,
                                               llvm::ArrayRef<Read> Guards,
                                               Body &B, const StartView &SV,
                                               bool QueueLike) {
  const Expr *Pred = C.Wait->Spec.Predicate;
  llvm::SmallVector<Key, 4> Keys, PredKeys;
  llvm::SmallVector<Read, 4> PredReads;
  Key Copied = nullptr;
  reads(Pred, PredReads, 0);
  if (!keysOf(Guards, C, B, Keys, Copied) ||
      !keysOf(PredReads, C, B, PredKeys, Copied))
    return std::nullopt;
  llvm::DenseSet<Key> Named;
  namedObjects(Pred, Named, 0);
  for (Key K : llvm::SmallVector<Key, 8>(Named.begin(), Named.end()))
    if (Key R = resolve(K, C.Bind))
      Named.insert(R);
  for (Key K : Keys) {
    if (llvm::is_contained(PredKeys, K))
      continue;
    FlagResult FR =
        flagFate(K, Obj, B, SV.Repeated && SV.DetachSite, C.Instance);
    if (FR.State != FlagState::Ok || !FR.Setter)
      continue;
    // Shutdown may also make the predicate true (an item pushed, a counter
    // raised): then the wake is not lost.
    bool Touches = namesAny(FR.Setter->getBody(), Named, 0);
    auto Callers = index().CallsTo.find(FR.Setter);
    if (Callers != index().CallsTo.end())
      for (const Site &S : Callers->second)
        if (S.In && !B.Fns.count(S.In))
          Touches |= namesAny(S.In->getBody(), Named, 1);
    if (Touches)
      continue;
    Fate F;
    std::string Flag = "'" + shortName(K) + "'";
    F.Blocks = true;
    F.Reason = Flag + " is set and '" + shortName(Obj) +
               "' is woken, but the wait's predicate does not read " + Flag;
    F.FixKind = Fix::ReadFlag;
    F.FlagName = shortName(K);
    F.ObjName = shortName(Obj);
    F.Extra.push_back({locOf(FR.Write),
                       Flag + " is set here, in '" + nameOf(FR.Setter) + "'"});
    F.Extra.push_back(
        {Pred->getBeginLoc(), "this predicate does not read " + Flag});
    return F;
  }
  return std::nullopt;
}

} // namespace leakhound
