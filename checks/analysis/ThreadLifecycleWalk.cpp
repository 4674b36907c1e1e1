//===--- ThreadLifecycleWalk.cpp - function summaries and the body walk
//-----===//
//
// Function summary (memoized per function): the blocking waits and the calls
// to functions defined in the TU, each with the loops around it.
//
// Body walk: from the entry, calls are followed depth-first up to MaxDepth,
// binding parameters to the keys of the arguments (and the object a member
// function is called on: the *instance*). The visited functions are the
// thread's *body*: writes and wakes inside it do not count as coming from
// outside.
//
//===----------------------------------------------------------------------===//

#include "ExprUtils.h"
#include "ThreadLifecycleImpl.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

const Summary &Impl::summary(Fn Def) {
  auto &Slot = Summaries[Def];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<Summary>();
  Summary &S = *Slot;
  llvm::SmallVector<const Stmt *, 4> LoopStack;
  const Stmt *Body = Def->getBody();
  // Error-recovery nodes exist only where an error was reported.
  S.Broken = Def->isInvalidDecl() || (Ctx.getDiagnostics().hasErrorOccurred() &&
                                      hasRecoveryErrors(Body));
  if (Body && !S.Broken)
    scan(Body, S, LoopStack);
  return S;
}

void Impl::scan(const Stmt *S, Summary &Out,
                llvm::SmallVector<const Stmt *, 4> &LoopStack) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
    return;
  bool Loop = isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S);
  if (Loop)
    LoopStack.push_back(S);
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    if (auto W = waitSpec(CE, Opts)) {
      Out.Waits.push_back({CE, *W, {LoopStack.begin(), LoopStack.end()}});
    } else if (!startInfo(CE, Opts)) {
      llvm::SmallVector<Fn, 2> Indirect;
      indirectTargets(CE, Indirect);
      if (Indirect.empty())
        if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
          Indirect.push_back(Def);
      for (Fn Def : Indirect)
        Out.Calls.push_back({CE, Def, {LoopStack.begin(), LoopStack.end()}});
    }
  }
  for (const Stmt *Child : S->children())
    scan(Child, Out, LoopStack);
  if (Loop)
    LoopStack.pop_back();
}

Key Impl::resolve(Key K, const Binding &B) const {
  for (unsigned I = 0; K && I < 4; ++I) {
    auto It = B.find(K);
    if (It == B.end())
      break;
    K = It->second;
  }
  return K;
}

Impl::Binding Impl::bindArgs(Fn Callee, llvm::ArrayRef<const Expr *> Args,
                             unsigned Skip, const Binding &Outer,
                             Body &Out) const {
  Binding B;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    if (I + Skip >= Args.size())
      break;
    if (Args[I + Skip])
      Out.ParamArgs[normalizeKey(Callee->getParamDecl(I))] = Args[I + Skip];
    if (Key K = objectKey(Args[I + Skip]))
      B[normalizeKey(Callee->getParamDecl(I))] = resolve(K, Outer);
  }
  return B;
}

void Impl::walk(Fn Def, unsigned Depth, const Binding &Bind, Key Instance,
                llvm::SmallVector<const CallExpr *, 4> &Chain,
                llvm::SmallVector<const Stmt *, 4> &Outer, Body &Out) {
  if (!Out.Fns.insert(normalizeFn(Def)).second)
    return;
  const Summary &S = summary(Def);
  Out.Broken |= S.Broken;
  for (const WaitSite &W : S.Waits)
    Out.Waits.push_back({&W, Def, Chain, Outer, Bind, Instance});
  if (Depth >= Opts.MaxDepth)
    return;
  for (const CallSite &C : S.Calls) {
    llvm::SmallVector<const Expr *, 4> Args(C.Call->arguments());
    // The object of a member operator call (a functor, a std::function)
    // is not an argument of the function it runs.
    unsigned Skip = isa<CXXOperatorCallExpr>(C.Call) &&
                            isa_and_nonnull<CXXMethodDecl>(
                                C.Call->getDirectCallee())
                        ? 1
                        : 0;
    Binding B = bindArgs(C.Callee, Args, Skip, Bind, Out);
    Key Inst = Instance;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C.Call)) {
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (Obj && !isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()))
        Inst = resolve(objectKey(Obj), Bind);
    }
    Chain.push_back(C.Call);
    size_t OldOuter = Outer.size();
    Outer.append(C.Loops.begin(), C.Loops.end());
    walk(C.Callee, Depth + 1, B, Inst, Chain, Outer, Out);
    Outer.resize(OldOuter);
    Chain.pop_back();
  }
}

} // namespace leakhound
