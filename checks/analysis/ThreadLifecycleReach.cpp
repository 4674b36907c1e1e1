//===--- ThreadLifecycleReach.cpp - does a way out run?
//---------------------===//
//
// A way out (a stop or close method, a wake) counts only if code that runs
// calls it. A function *runs* if it is the one that starts the thread, a
// *root* (a constructor, destructor, main, virtual function, lambda,
// external free function, or code outside any function), referenced as a
// value outside the body, or called from outside the body by a function that
// itself runs, followed to depth 3 (deeper counts as running). A member
// function that sets the flag of one object (a queue's close) must run on
// that object, the instance the thread waits on.
//
// A method nothing in this TU calls may be called by another TU: it is
// recorded in Impl::Assumed, the finding becomes conditional and the merge
// of the call facts (callFacts here, ThreadLifecycleFacts.cpp) decides.
//
// eventIn() finds a write or wake of an object in a function, or in a
// function it calls (depth 2), between two statements: the order in which
// the shutdown path sets a flag and wakes a waiter.
//
//===----------------------------------------------------------------------===//

#include "SystemHeaders.h"
#include "ThreadLifecycleImpl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

bool Impl::root(Fn F) {
  if (!F)
    return true;
  if (isa<CXXConstructorDecl, CXXDestructorDecl>(F) || F->isMain())
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
    return MD->isVirtual() || MD->getParent()->isLambda();
  return F->isExternallyVisible();
}

bool Impl::calledElsewhere(Fn F) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
  return MD && !MD->isStatic() && MD->isExternallyVisible();
}

bool Impl::live(Fn F, Body &B, unsigned Depth) {
  if (!F || F == B.Starter || root(F))
    return true;
  if (Depth >= 3 || !Visiting.insert(F).second)
    return Depth >= 3;
  bool Live = liveCaller(F, B, Depth);
  Visiting.erase(F);
  if (!Live && calledElsewhere(F))
    Assumed.push_back({F, nullptr});
  return Live;
}

bool Impl::liveCaller(Fn F, Body &B, unsigned Depth) {
  TUIndex &Idx = index();
  auto Refs = Idx.RefsTo.find(F);
  if (Refs != Idx.RefsTo.end())
    for (const Site &S : Refs->second)
      if (S.In != F && (!S.In || !B.Fns.count(S.In)))
        return true; // Its address is taken: a callback.
  auto Calls = Idx.CallsTo.find(F);
  if (Calls != Idx.CallsTo.end())
    for (const Site &S : Calls->second)
      if (S.In != F && (!S.In || !B.Fns.count(S.In)) &&
          live(S.In, B, Depth + 1))
        return true;
  return false;
}

bool Impl::liveOn(Fn F, Body &B, Key Instance) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
  if (!Instance || opaque(Instance) || !MD || MD->isStatic() ||
      isa<CXXConstructorDecl, CXXDestructorDecl>(MD) ||
      MD->getParent()->isLambda())
    return live(F, B);
  if (MD->isVirtual())
    return true;
  TUIndex &Idx = index();
  auto It = Idx.CallsTo.find(F);
  if (It != Idx.CallsTo.end())
    for (const Site &S : It->second) {
      if (S.In == F || (S.In && B.Fns.count(S.In)))
        continue;
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S.S);
      const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
      if (!MC || !Obj || isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) {
        if (live(S.In, B))
          return true;
        continue;
      }
      Key K = objectKey(Obj);
      if ((!K || opaque(K) || K == Instance) && live(S.In, B))
        return true;
    }
  if (calledElsewhere(F))
    Assumed.push_back({F, Instance});
  return false;
}

std::string Impl::whyNotRun(Fn F, Key Flag, Key Instance, Body &B,
                            std::vector<ThreadNote> &Notes) {
  TUIndex &Idx = index();
  const Site *InThread = nullptr, *OtherObject = nullptr, *DeadCaller = nullptr;
  auto It = Idx.CallsTo.find(F);
  if (It != Idx.CallsTo.end())
    for (const Site &S : It->second) {
      if (S.In == F)
        continue;
      if (S.In && B.Fns.count(S.In)) {
        InThread = InThread ? InThread : &S;
        continue;
      }
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S.S);
      const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
      if (Instance && Obj && !isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) {
        Key K = objectKey(Obj);
        if (K && !opaque(K) && K != Instance) {
          OtherObject = OtherObject ? OtherObject : &S;
          continue;
        }
      }
      DeadCaller = DeadCaller ? DeadCaller : &S;
    }
  WayOut W;
  W.Fn = usr(F);
  W.Name = nameOf(F);
  W.Flag = shortName(Flag);
  W.On = Instance ? usr(Instance) : "";
  W.OnName = Instance ? shortName(Instance) : "";
  std::string Name = "'" + W.Name + "'";
  if (DeadCaller)
    Notes.push_back({locOf(DeadCaller->S),
                     Name + " is called here, in '" + nameOf(DeadCaller->In) +
                         "', which nothing in the analysed code runs"});
  else if (OtherObject)
    Notes.push_back(
        {locOf(OtherObject->S), Name + " is called here, on another object"});
  else if (InThread)
    Notes.push_back(
        {locOf(InThread->S), Name + " is called here, by the thread itself"});
  W.Clause = wayOutClause(W, DeadCaller != nullptr, OtherObject != nullptr,
                          InThread != nullptr);
  CurWayOut = W;
  return W.Clause;
}

const Stmt *Impl::eventIn(const EventMap &Events, Fn F, Key K,
                          const Stmt *After, const Stmt *Before,
                          unsigned Depth) {
  TUIndex &Idx = index();
  auto Inside = [&](const Stmt *S) {
    return (!After || before(After, S)) && (!Before || before(S, Before));
  };
  auto It = Events.find(F);
  if (It != Events.end())
    for (auto &[EK, S] : It->second)
      if (EK == K && Inside(S))
        return S;
  if (Depth >= 2)
    return nullptr;
  auto Ct = Idx.CallsIn.find(F);
  if (Ct != Idx.CallsIn.end())
    for (auto &[CE, Callee] : Ct->second)
      if (Inside(CE) && eventIn(Events, Callee, K, nullptr, nullptr, Depth + 1))
        return CE;
  return nullptr;
}

const Stmt *Impl::wakeIn(Fn F, Key Obj, const Stmt *After, unsigned Depth) {
  return eventIn(index().WakesIn, F, Obj, After, nullptr, Depth);
}

bool Impl::wakeBefore(Fn F, Key Obj, const Stmt *Before, unsigned Depth) {
  return eventIn(index().WakesIn, F, Obj, nullptr, Before, Depth);
}

bool Impl::writesBefore(Fn F, Key Flag, const Stmt *Before, unsigned Depth) {
  return eventIn(index().WritesIn, F, Flag, nullptr, Before, Depth);
}

const Site *Impl::writtenOutside(Key K, Body &B) {
  TUIndex &Idx = index();
  auto It = Idx.Writes.find(K);
  if (It == Idx.Writes.end())
    return nullptr;
  for (const Site &W : It->second) {
    if (!W.In || B.Fns.count(W.In))
      continue;
    if (W.In == B.Starter && B.Start && before(W.S, B.Start))
      continue;
    if (live(W.In, B))
      return &W;
  }
  return nullptr;
}

std::string Impl::usr(const Decl *D) {
  auto [It, New] = USRs.try_emplace(D);
  if (New && D) {
    llvm::SmallString<128> Buf;
    if (!clang::index::generateUSRForDecl(D, Buf))
      It->second = std::string(Buf);
  }
  return It->second;
}

Json Impl::callFacts() {
  Json Out = Json::object();
  if (!Ctx.getLangOpts().CPlusPlus)
    return Out;
  TUIndex &Idx = index();
  auto Record = [&](Fn F, const Site &S, bool Call) {
    if (S.In == F || !calledElsewhere(F) || root(F) ||
        inSystemHeader(SM, F))
      return;
    std::string Callee = usr(F);
    std::string From = S.In ? usr(S.In) : "";
    if (Callee.empty() || (S.In && From.empty()))
      return;
    std::string On;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S.S))
      if (const Expr *Obj = MC->getImplicitObjectArgument())
        if (!isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) {
          Key K = objectKey(Obj);
          const auto *VD = dyn_cast_or_null<VarDecl>(K);
          if (K && !opaque(K))
            On = isa<FieldDecl>(K) || (VD && VD->hasGlobalStorage() &&
                                       VD->isExternallyVisible())
                     ? usr(K)
                     : "-";
        }
    // A reference (the address taken) runs like a root.
    Out[Callee].push_back(Json::array({From, On, !Call || root(S.In)}));
  };
  for (const auto &[F, Sites] : Idx.CallsTo)
    for (const Site &S : Sites)
      Record(F, S, true);
  for (const auto &[F, Sites] : Idx.RefsTo)
    for (const Site &S : Sites)
      Record(F, S, false);
  for (auto &[K, V] : Out.items()) {
    std::sort(V.begin(), V.end());
    V.erase(std::unique(V.begin(), V.end()), V.end());
  }
  return Out;
}

bool Impl::stoppedBefore(Fn F, const Stmt *Before,
                         const std::vector<Fate> &Fates) {
  for (const Fate &Fa : Fates)
    if (writesBefore(F, Fa.ViaFlag, Before, 0) ||
        (Fa.WaitObj && wakeBefore(F, Fa.WaitObj, Before, 0)))
      return true;
  return false;
}

} // namespace leakhound
