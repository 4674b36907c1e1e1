//===--- ThreadLifecycleIo.cpp - blocking I/O as a wait
//--------------------===//
//
// A thread parked in read/recv/accept (or in poll/epoll_wait/select without
// a timeout) on a descriptor returns only when the descriptor is woken: the
// other end writes or closes, the socket is shut down, or a self-pipe or
// eventfd the thread also waits on is written. Nothing in the program can
// tell when a peer will act, so a thread parked there is not by itself a
// leak (a server's accept loop, a reader waiting for the end of its input).
//
// What is known to hang is the owner's shutdown that joins the thread first
// and wakes it only afterwards: `t.join(); close(fd);` (closing, shutting
// down or writing after the join cannot end a read the join waits for). The
// rule: a thread of the body can park in blocking I/O on a descriptor the
// TU does not pass to fcntl/ioctl (which may make it non-blocking), and a
// function that joins it calls something that can wake such a thread
// (isIoWake: close, shutdown, write, send, eventfd_write, pthread_kill, ...;
// directly or through a function it calls, to depth 2) after the join and
// nothing of the kind before it. When the thread reads one named descriptor,
// closing or shutting down another one after the join does not count.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

/// The calls in \p S, outside lambdas (which run later, elsewhere).
static void callsIn(const Stmt *S,
                    llvm::SmallVectorImpl<const CallExpr *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    Out.push_back(CE);
  for (const Stmt *Child : S->children())
    callsIn(Child, Out);
}

/// Does \p CE close or shut down a descriptor other than \p Fd?
static bool endsOtherDescriptor(const CallExpr *CE, Key Fd) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!Fd || !FD || !FD->getIdentifier() ||
      (FD->getName() != "close" && FD->getName() != "shutdown") ||
      CE->getNumArgs() < 1)
    return false;
  Key K = objectKey(CE->getArg(0));
  return K && K != Fd;
}

const CallExpr *Impl::ioWakeIn(Fn F, const Stmt *Join, bool AfterJoin, Key Fd,
                               unsigned Depth) {
  const FunctionDecl *Def = definitionOf(F, SM);
  if (!Def || !Def->getBody())
    return nullptr;
  llvm::SmallVector<const CallExpr *, 16> Calls;
  callsIn(Def->getBody(), Calls);
  for (const CallExpr *CE : Calls) {
    if (Join && (AfterJoin ? !before(Join, CE) : !before(CE, Join)))
      continue;
    if (isIoWake(CE) && !endsOtherDescriptor(CE, Fd))
      return CE;
    if (Depth < 2)
      if (Fn Callee = definitionOf(CE->getDirectCallee(), SM))
        if (Callee != normalizeFn(F) &&
            ioWakeIn(Callee, nullptr, false, Fd, Depth + 1))
          return CE;
  }
  return nullptr;
}

std::optional<ThreadFinding> Impl::ioJoin(const StartView &SV,
                                          const Candidate &C, Body &B) {
  const WaitSite &W = *C.Wait;
  if (W.Spec.Kind != WaitKind::Io || W.Spec.Timed)
    return std::nullopt;
  // The descriptor, when the wait names one (not a pollfd array).
  Key Fd = nullptr;
  if (W.Spec.Object && W.Spec.Object->getType()->isIntegerType()) {
    Fd = resolve(objectKey(W.Spec.Object), C.Bind);
    if (Fd && index().FdControlled.count(Fd))
      return std::nullopt; // Perhaps non-blocking.
    if (Fd && opaque(Fd))
      Fd = nullptr;
  }
  for (const Site &J : SV.JoinSites) {
    if (!J.In || B.Fns.count(J.In))
      continue;
    // After the join: what ends this descriptor (or any write); before it:
    // anything that might wake the thread.
    const CallExpr *Late = ioWakeIn(J.In, J.S, /*AfterJoin=*/true, Fd, 0);
    if (!Late || ioWakeIn(J.In, J.S, /*AfterJoin=*/false, nullptr, 0))
      continue;
    ThreadFinding Out;
    Out.Loc = SV.Start->getBeginLoc();
    Out.Range = SV.Start->getSourceRange();
    std::string Park = calleeText(W.Call);
    std::string On = Fd ? " on '" + shortName(Fd) + "'" : "";
    std::string Joiner = "'" + nameOf(J.In) + "'";
    std::string Wake = calleeText(Late);
    for (const CallExpr *Call : C.Chain)
      Out.Notes.push_back(
          {Call->getExprLoc(), "the " + startNoun(SV.Info) + " calls '" +
                                   calleeText(Call) + "' here"});
    Out.Notes.push_back(
        {W.Call->getExprLoc(),
         "the thread can be parked here until the descriptor is woken (data, "
         "the other end closing, 'shutdown')"});
    Out.Notes.push_back(
        {locOf(J.S), "joined here, before anything wakes the thread"});
    Out.Notes.push_back(
        {Late->getExprLoc(), "'" + Wake + "' comes only after the join"});
    Out.Notes.push_back(
        {Out.Loc, "fix: wake the thread before joining it in " + Joiner +
                      ": 'shutdown' the socket, or write to a self-pipe or "
                      "eventfd it also waits on; close the descriptor after "
                      "the join"});
    Out.Message = startNoun(SV.Info) +
                  " started here can block its joiner forever: it can be "
                  "parked in '" +
                  Park + "'" + On + ", and " + Joiner + " calls '" + Wake +
                  "' only after joining it";
    return Out;
  }
  return std::nullopt;
}

} // namespace leakhound
