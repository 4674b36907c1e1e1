//===--- ThreadLifecycleReport.cpp - lifecycle, messages, notes and fixes
//---===//
//
// Lifecycle: what happens to the thread's handle (detached, joined where, a
// std::jthread destroyed, a std::async future destroyed, a pool's task, or
// never joined) is the second half of every message. The notes follow the
// order of ThreadFinding::Notes: calls from the entry to the wait, the wait,
// the detach/join, further explanation, the fix. Text helpers quote source
// text, names and locations.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

std::string Impl::text(const Expr *E) const {
  if (!E)
    return "";
  CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
  R = SM.getExpansionRange(R);
  StringRef T = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  std::string Out;
  for (char C : T) {
    if (C == '\n' || C == '\t' || C == ' ') {
      if (!Out.empty() && Out.back() != ' ')
        Out += ' ';
      continue;
    }
    Out += C;
  }
  if (Out.size() > 60)
    Out = Out.substr(0, 57) + "...";
  return Out;
}

std::string Impl::calleeText(const CallExpr *CE) const {
  // A call of a function object (a std::function) goes by the object.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
      OC && OC->getOperator() == OO_Call && OC->getNumArgs() >= 1)
    if (std::string T = text(OC->getArg(0)); !T.empty())
      return T;
  const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
  std::string T = text(Callee);
  if (T.empty() && CE->getDirectCallee())
    T = CE->getDirectCallee()->getNameAsString();
  return T;
}

std::string Impl::nameOf(const Decl *D) {
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
    return ND->getQualifiedNameAsString();
  return "?";
}

std::string Impl::shortName(const Decl *D) {
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
    return ND->getNameAsString();
  return "?";
}

SourceLocation Impl::locOf(const Stmt *S) {
  if (const auto *E = dyn_cast<Expr>(S))
    return E->getExprLoc();
  return S->getBeginLoc();
}

bool Impl::before(const Stmt *A, const Stmt *B) const {
  return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
}

Impl::StartView Impl::view(const Expr *Start, const StartInfo &Info) {
  TUIndex &Idx = index();
  StartView SV{Start, Info, {}, false, {}, nullptr, false};
  auto It = Idx.Starts.find(Start);
  if (It != Idx.Starts.end())
    SV.Ctx = It->second;
  SV.Repeated = SV.Ctx.InLoop;
  if (SV.Ctx.In) {
    if (Idx.Handlers.count(SV.Ctx.In))
      SV.Repeated = true;
    auto Callers = Idx.CallsTo.find(SV.Ctx.In);
    if (Callers != Idx.CallsTo.end())
      for (const Site &S : Callers->second)
        if (S.InLoop)
          SV.Repeated = true;
  }
  SV.DetachSite = SV.Ctx.InlineDetach;
  if (Key H = SV.Ctx.HandleKey) {
    auto J = Idx.Joins.find(H);
    if (J != Idx.Joins.end())
      SV.JoinSites = J->second;
    auto D = Idx.Detaches.find(H);
    if (!SV.DetachSite && D != Idx.Detaches.end() && !D->second.empty())
      SV.DetachSite = D->second.front().S;
  }
  if (Info.Kind == StartKind::PThread) {
    const auto *CE = cast<CallExpr>(Start);
    if (Key A = objectKey(CE->getArg(1)))
      SV.DetachedByAttr = Idx.DetachedAttrs.count(A);
  }
  // A wrapper's thread lives as the start inside the wrapper lets it
  // (detached there, joined by its owner's destructor, ...).
  if (Info.Kind == StartKind::Wrapper && Info.Inner && Info.Inner != Start &&
      ViewDepth < 4)
    if (std::optional<StartInfo> II = startInfo(Info.Inner, Opts)) {
      ++ViewDepth;
      StartView IV = view(Info.Inner, *II);
      --ViewDepth;
      if (!SV.DetachSite)
        SV.DetachSite = IV.DetachSite;
      if (SV.JoinSites.empty())
        SV.JoinSites = IV.JoinSites;
      SV.DetachedByAttr |= IV.DetachedByAttr;
    }
  return SV;
}

std::string Impl::lifecycle(const StartView &SV, std::vector<ThreadNote> &Notes,
                            bool EntryTakesToken) {
  const StartInfo &I = SV.Info;
  if (I.Kind == StartKind::Wrapper && I.Inner)
    Notes.push_back(
        {I.Inner->getBeginLoc(), "'" + I.Starter + "' starts the thread here"});
  if (SV.DetachSite) {
    Notes.push_back({locOf(SV.DetachSite), "the thread is detached here"});
    std::string S = "the thread is detached";
    if (SV.Repeated)
      S += ", and a new one is started each time this code runs";
    return S;
  }
  if (SV.DetachedByAttr)
    return "the thread is created detached";
  if (I.Kind == StartKind::Async) {
    if (SV.Ctx.Handle == HandleKind::Discarded)
      return "the discarded 'std::future' waits for it at the end of the "
             "statement";
    if (SV.Ctx.HandleKey)
      Notes.push_back({SV.Ctx.HandleKey->getLocation(),
                       "this 'std::future' waits for the task when '" +
                           shortName(SV.Ctx.HandleKey) + "' is destroyed"});
    return "the 'std::future' returned by 'std::async' waits for it when "
           "destroyed";
  }
  if (I.Kind == StartKind::Starter)
    return "the task holds a thread of '" + I.Starter + "' forever";
  if (!SV.JoinSites.empty()) {
    const Site &J = SV.JoinSites.front();
    std::string Where = nameOf(J.In);
    Notes.push_back({locOf(J.S), "the thread is joined here, in '" + Where +
                                     "', which then hangs"});
    return "'" + Where + "' joins it and hangs";
  }
  if (I.Kind == StartKind::JThread) {
    if (SV.Ctx.HandleKey && SV.Ctx.Handle != HandleKind::Container)
      Notes.push_back({SV.Ctx.HandleKey->getLocation(),
                       "the 'std::jthread' joins the thread when '" +
                           shortName(SV.Ctx.HandleKey) + "' is destroyed"});
    if (EntryTakesToken)
      return "the 'std::jthread' destructor requests a stop the thread "
             "never checks, then joins it";
    return "the thread takes no 'std::stop_token', so the 'std::jthread' "
           "destructor joins it and hangs";
  }
  return "the thread is never joined";
}

std::string Impl::fixText(Fix K, const Fate &F, const Candidate &C,
                          StartKind Kind) {
  switch (K) {
  case Fix::StopFlag:
    return std::string(Kind == StartKind::JThread
                           ? "take the 'std::stop_token' the 'std::jthread' "
                             "passes and wait with it"
                           : "start it as a 'std::jthread' and wait with "
                             "its 'std::stop_token'") +
           " ('std::condition_variable_any::wait(lock, token, pred)'), or "
           "let the predicate read a stop flag that is set before "
           "'notify_all'";
  case Fix::SetFlag:
    return "set '" + F.FlagName +
           "' on the shutdown path, then wake every "
           "waiter on '" +
           F.ObjName + "'";
  case Fix::ReadFlag:
    return "let the wait's predicate return once '" + F.FlagName +
           "' is set ('return " + F.FlagName + " || ...')";
  case Fix::NotifyAfter:
    return "wake '" + F.ObjName + "' right after setting '" + F.FlagName +
           "' ('notify_all' on a condition variable, 'release' on a "
           "semaphore)";
  case Fix::CallClose:
    return "call '" + nameOf(F.Setter) +
           "' on the shutdown path, before the thread is joined or "
           "abandoned";
  case Fix::AddClose: {
    const auto *MD = dyn_cast<CXXMethodDecl>(C.In);
    std::string Q = MD ? MD->getParent()->getNameAsString() : "the queue";
    return "give '" + Q +
           "' a close operation that sets a flag its wait predicate reads "
           "and calls 'notify_all', and call it on shutdown";
  }
  case Fix::NotifyAll:
    return "wake every waiter ('notify_all', or 'release' once per thread)";
  case Fix::Semaphore:
    return "release (post) the semaphore wherever the thread must go on; "
           "in a worker loop, check a stop flag after each acquire and "
           "release after setting it, or use a timed wait "
           "('try_acquire_for', 'sem_timedwait') in a loop that can exit";
  case Fix::Latch:
    return "count the latch down on every path, or wait with a timeout";
  case Fix::Barrier:
    if (isCFunction(C.Wait->Call->getDirectCallee(), "pthread_barrier_wait"))
      return "make every participant arrive on every path";
    return "make every participant arrive, or use 'arrive_and_drop' on "
           "exit paths";
  case Fix::Count:
    return "size '" + F.ObjName +
           "' by the arrivals the code makes, or make the missing "
           "participants arrive";
  case Fix::Promise:
    return "set the promise on every path ('set_exception' on error "
           "paths), or let it be destroyed so that the waiting 'get' throws";
  case Fix::Task:
    return "run the task on every path (call it, or hand it to a thread), "
           "or let it be destroyed so that the waiting 'get' throws";
  case Fix::Loop:
    return "let the loop exit on a stop flag or on "
           "'std::stop_token::stop_requested()'";
  case Fix::Custom:
    return "make the call interruptible: use a timeout, or close what it "
           "waits on during shutdown";
  case Fix::Join:
    return "stop the joined thread before joining it";
  }
  return "";
}

std::string Impl::startNoun(const StartInfo &I) const {
  return I.Kind == StartKind::Async || I.Kind == StartKind::Starter ? "task"
                                                                    : "thread";
}

std::optional<ThreadFinding> Impl::report(const StartView &SV,
                                          const Candidate &C, const Fate &F,
                                          bool TakesToken) {
  ThreadFinding Out;
  Out.Loc = SV.Start->getBeginLoc();
  Out.Range = SV.Start->getSourceRange();
  const CallExpr *Named = C.Chain.empty() ? C.Wait->Call : C.Chain.front();
  std::string WaitName = calleeText(Named);
  for (const CallExpr *Call : C.Chain)
    Out.Notes.push_back({Call->getExprLoc(), "the " + startNoun(SV.Info) +
                                                 " calls '" + calleeText(Call) +
                                                 "' here"});
  Out.Notes.push_back(
      {C.Wait->Call->getExprLoc(),
       "it can block forever in '" + calleeText(C.Wait->Call) + "' here"});
  std::string Life = lifecycle(SV, Out.Notes, TakesToken);
  for (const ThreadNote &N : F.Extra)
    Out.Notes.push_back(N);
  Out.Notes.push_back(
      {Out.Loc, "fix: " + fixText(F.FixKind, F, C, SV.Info.Kind)});
  Out.Message = startNoun(SV.Info) + " started here can block forever in '" +
                WaitName + "': " + F.Reason + ", and " + Life;
  return Out;
}

std::optional<ThreadFinding> Impl::reportJoin(const StartView &SV,
                                              const Body &B, const Fate &F,
                                              Fn Joiner, const Stmt *Join,
                                              bool TakesToken) {
  ThreadFinding Out;
  Out.Loc = SV.Start->getBeginLoc();
  Out.Range = SV.Start->getSourceRange();
  std::string Flag = shortName(F.ViaFlag);
  std::string Who = Joiner ? "'" + nameOf(Joiner) + "'"
                           : std::string("the owner's destructor");
  for (const Candidate &C : B.Waits)
    if (!C.Wait->Spec.Timed) {
      Out.Notes.push_back(
          {C.Wait->Call->getExprLoc(),
           "the thread can be blocked here until '" + Flag + "' is set"});
      break;
    }
  if (Join)
    Out.Notes.push_back(
        {locOf(Join), "joined here, with no stop request before it"});
  else if (!Joiner && SV.Ctx.HandleKey)
    Out.Notes.push_back({SV.Ctx.HandleKey->getLocation(),
                         "the 'std::jthread' is joined when its owner is "
                         "destroyed; nothing sets '" +
                             Flag + "' before"});
  else if (Joiner)
    Out.Notes.push_back({Joiner->getLocation(),
                         "the 'std::jthread' is joined when this destructor "
                         "ends; nothing here sets '" +
                             Flag + "'"});
  Out.Notes.push_back({Out.Loc, "fix: set '" + Flag +
                                    "' and wake the thread before joining "
                                    "it in " +
                                    Who});
  std::string Reason =
      SV.Info.Kind == StartKind::JThread && !Join
          ? "its 'std::jthread' is joined when " +
                (Joiner ? "'" + nameOf(Joiner) + "' runs"
                        : std::string("its owner is destroyed")) +
                ", which sets no stop request first"
          : Who + " joins it without setting '" + Flag + "' first";
  Out.Message = startNoun(SV.Info) +
                " started here can block its joiner forever: " + Reason;
  (void)TakesToken;
  return Out;
}

} // namespace leakhound
