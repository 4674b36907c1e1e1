//===--- ThreadLifecycleArrivals.cpp - every path must arrive -------------===//
//
// A one-shot wait (a latch, a barrier, a single semaphore acquire, a
// future) ends only when the code meant to arrive does so: counts the latch
// down, arrives at the barrier, releases the semaphore, sets the promise.
//
// Terms.
//  * An *arrival* at an object in function F: a call in F that wakes the
//    object (count_down, arrive, release, sem_post, pthread_barrier_wait,
//    set_value, running a packaged_task), or a call to a function that does
//    so (to depth 2).
//  * A *skipping path* of F for an object: a path of F's CFG from entry to
//    exit that makes no arrival at it. Besides the CFG's edges, a call whose
//    callee visibly throws (VisibleThrows.h) leaves by an exception: to the
//    handlers of the innermost `try` of F around it, or out of F when no
//    `try` surrounds it, unless F is `noexcept`, the TU has no exceptions,
//    or F is the entry of a thread (an exception leaving it ends the
//    process). A path through a call that does not return (abort, exit) is
//    no skipping path. The skipping path is explained by the first return,
//    `throw` or throwing call on it.
//  * An arrival is *meant to happen* on every run of F when no condition of
//    F guards it: it is not inside an `if`, `switch`, loop, `?:`, `&&`/`||`
//    or `catch` handler of F (a `try` block is no condition). A skipping
//    path of such an arrival that leaves by a return or an exception leaves
//    the waiter one arrival short: the wait never ends. A conditional
//    arrival is deliberate (the last of N workers counts down) and is not
//    judged here; a latch sized by a collection is judged per element
//    (ThreadLifecycleCounting.cpp). A return whose `if` tests only the
//    program's state (fields, globals, atomics, a thread handle: `if
//    (!running) return;`) is a stop function's idempotence, not a failure:
//    no thread waits then, and it is not counted as skipping.
//  * A promise must be set on every path of the function that sets it,
//    condition or not (ThreadLifecyclePromises.cpp): the skipping path,
//    exceptions included, decides.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

bool Impl::arrivesAt(const CallExpr *CE, Key K) {
  if (auto W = wakeSpec(CE))
    if (objectKey(W->Object) == K)
      return true;
  const FunctionDecl *Callee = CE->getDirectCallee();
  return Callee &&
         eventIn(index().WakesIn, normalizeFn(Callee), K, nullptr, nullptr, 1);
}

bool Impl::threadEntry(Fn F) {
  if (!EntryFns) {
    EntryFns.emplace();
    for (const Expr *S : index().StartOrder) {
      auto Info = startInfo(S, Opts);
      if (!Info || (Info->Kind != StartKind::Thread &&
                    Info->Kind != StartKind::JThread &&
                    Info->Kind != StartKind::PThread &&
                    Info->Kind != StartKind::Wrapper))
        continue;
      if (auto E = resolveCallable(Info->Callable))
        if (E->Fn)
          EntryFns->insert(normalizeFn(E->Fn));
    }
  }
  return F && EntryFns->count(F);
}

/// The innermost try block of the body around each call in it.
static void tryBlocks(const Stmt *S, const CXXTryStmt *In,
                      llvm::DenseMap<const Stmt *, const CXXTryStmt *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *T = dyn_cast<CXXTryStmt>(S)) {
    tryBlocks(T->getTryBlock(), T, Out);
    for (unsigned I = 0; I < T->getNumHandlers(); ++I)
      tryBlocks(T->getHandler(I), In, Out);
    return;
  }
  if (In && isa<CallExpr>(S))
    Out[S] = In;
  for (const Stmt *C : S->children())
    tryBlocks(C, In, Out);
}

std::optional<SkipPath> Impl::skipPath(Fn F, Key K) {
  auto Slot = SkipPaths.find({F, K});
  if (Slot != SkipPaths.end())
    return Slot->second;
  std::optional<SkipPath> Result;
  const FunctionDecl *Def = definitionOf(F, SM);
  std::unique_ptr<CFG> G;
  if (Def && Def->getBody()) {
    CFG::BuildOptions BO;
    G = CFG::buildCFG(Def, Def->getBody(), &Ctx, BO);
  }
  if (G && G->size() < 4000) {
    const auto *FPT = Def->getType()->getAs<FunctionProtoType>();
    bool Throws = Ctx.getLangOpts().CXXExceptions && !(FPT && FPT->isNothrow());
    bool Escapes = Throws && !threadEntry(F);
    llvm::DenseMap<const Stmt *, const CXXTryStmt *> TryOf;
    llvm::DenseMap<const Stmt *, const CFGBlock *> Handler;
    if (Throws) {
      tryBlocks(Def->getBody(), nullptr, TryOf);
      for (const CFGBlock *Blk : *G)
        if (const Stmt *L = Blk->getLabel(); isa_and_nonnull<CXXCatchStmt>(L))
          Handler[L] = Blk;
    }
    if (!ThrowOracle)
      ThrowOracle.emplace(SM);
    struct Item {
      const CFGBlock *Blk;
      SkipPath Why;
    };
    llvm::SmallVector<Item, 16> Work{{&G->getEntry(), {}}};
    llvm::DenseSet<const CFGBlock *> Seen{&G->getEntry()};
    auto Push = [&](const CFGBlock *To, const SkipPath &Why) {
      if (To && Seen.insert(To).second)
        Work.push_back({To, Why});
    };
    while (!Work.empty() && !Result) {
      Item It = Work.pop_back_val();
      const CFGBlock *Blk = It.Blk;
      if (Blk == &G->getExit()) {
        Result = It.Why;
        break;
      }
      if (Blk->hasNoReturnElement())
        continue;
      bool Arrives = false;
      const Stmt *Return = nullptr;
      for (const CFGElement &El : *Blk) {
        auto CS = El.getAs<CFGStmt>();
        if (!CS)
          continue;
        const Stmt *S = CS->getStmt();
        if (isa<ReturnStmt>(S))
          Return = S;
        const auto *CE = dyn_cast<CallExpr>(S);
        if (!CE)
          continue;
        if (arrivesAt(CE, K)) {
          Arrives = true;
          break;
        }
        if (!Throws || !ThrowOracle->mayThrow(CE->getDirectCallee()))
          continue;
        SkipPath Why = It.Why;
        if (!Why.Leave) {
          Why.Leave = CE;
          Why.Thrower = CE;
        }
        if (const CXXTryStmt *T = TryOf.lookup(CE)) {
          for (unsigned I = 0; I < T->getNumHandlers(); ++I)
            Push(Handler.lookup(T->getHandler(I)), Why);
        } else if (Escapes) {
          Push(&G->getExit(), Why);
        }
      }
      if (Arrives)
        continue;
      SkipPath Why = It.Why;
      if (!Why.Leave) {
        if (const Stmt *T = Blk->getTerminatorStmt();
            isa_and_nonnull<CXXThrowExpr>(T))
          Why.Leave = T;
        else if (Return)
          Why.Leave = Return;
      }
      for (const CFGBlock *Succ : Blk->succs())
        Push(Succ, Why);
    }
  }
  SkipPaths[{F, K}] = Result;
  return Result;
}

/// Where \p Target lies in \p S: -1 not there, 0 on every run of S, 1 under
/// a condition of S.
static int placeOf(const Stmt *S, const Stmt *Target) {
  if (!S || isa<LambdaExpr>(S))
    return -1;
  if (S == Target)
    return 0;
  bool Cond = isa<IfStmt, SwitchStmt, WhileStmt, ForStmt, DoStmt,
                  CXXForRangeStmt, AbstractConditionalOperator, CXXCatchStmt>(
      S);
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    Cond = BO->isLogicalOp();
  for (const Stmt *C : S->children()) {
    int P = placeOf(C, Target);
    if (P >= 0)
      return Cond ? 1 : P;
  }
  return -1;
}

/// The condition of the innermost `if` of \p S that holds \p Target in a
/// branch.
static const Expr *guardOf(const Stmt *S, const Stmt *Target,
                           const Expr *Cond) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (S == Target)
    return Cond;
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    for (const Stmt *Branch : {If->getThen(), If->getElse()})
      if (const Expr *C = guardOf(Branch, Target, If->getCond()))
        return C;
    return nullptr;
  }
  for (const Stmt *C : S->children())
    if (const Expr *Found = guardOf(C, Target, Cond))
      return Found;
  return nullptr;
}

/// Does the guard \p E test only the state of the program (fields and
/// globals, no call, no parameter or local), or a thread handle? Such a
/// return is the idempotence of a stop function (`if (!running) return;`):
/// nothing runs that would wait.
static bool testsState(const Stmt *E) {
  if (!E)
    return false;
  if (const auto *X = dyn_cast<Expr>(E)) {
    llvm::StringRef T = stdTypeName(X->getType());
    if (T == "thread" || T == "jthread")
      return true;
  }
  if (isa<CallExpr>(E) && !isa<CXXOperatorCallExpr>(E)) {
    // A member call on a thread handle (joinable()) is state; others are
    // results.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (const Expr *O = MC->getImplicitObjectArgument()) {
        llvm::StringRef T = stdTypeName(O->getType());
        return T == "thread" || T == "jthread" || T == "atomic" ||
               T == "__atomic_base";
      }
    return false;
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    return !VD || !VD->hasLocalStorage();
  }
  bool Any = false;
  for (const Stmt *C : E->children()) {
    if (!testsState(C))
      return false;
    Any = true;
  }
  return Any || isa<MemberExpr, CXXThisExpr>(E) ||
         isa<IntegerLiteral, CXXBoolLiteralExpr>(E);
}

bool Impl::meantToArrive(Fn F, const Stmt *Arrival) {
  const FunctionDecl *Def = definitionOf(F, SM);
  return Def && placeOf(Def->getBody(), Arrival) == 0;
}

std::string Impl::fnLabel(Fn F) {
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F))
    if (MD->getParent()->isLambda()) {
      const auto *Outer = dyn_cast_or_null<FunctionDecl>(
          MD->getParent()->getDeclContext()->getNonClosureAncestor());
      return Outer ? "the lambda in '" + nameOf(Outer) + "'" : "a lambda";
    }
  return "'" + nameOf(F) + "'";
}

std::optional<std::pair<const Site *, SkipPath>>
Impl::skippedArrivalSite(Key Obj, Body &B, Key Instance, bool Every) {
  auto It = index().Wakes.find(Obj);
  if (It == index().Wakes.end())
    return std::nullopt;
  std::optional<std::pair<const Site *, SkipPath>> Found;
  for (const Site &S : It->second) {
    if (!S.In || B.Fns.count(S.In) || !liveOn(S.In, B, Instance))
      continue;
    std::optional<SkipPath> P;
    if (meantToArrive(S.In, S.S))
      P = skipPath(S.In, Obj);
    // A return guarded by the program's state (a stop function already
    // run, a thread never started) skips an arrival nobody waits for.
    if (P && P->Leave && isa<ReturnStmt>(P->Leave))
      if (const FunctionDecl *Def = definitionOf(S.In, SM))
        if (testsState(guardOf(Def->getBody(), P->Leave, nullptr)))
          P.reset();
    if (P && P->Leave) {
      if (!Found)
        Found.emplace(&S, *P);
      if (!Every)
        return Found;
    } else if (Every) {
      return std::nullopt; // This arrival happens whenever its code runs.
    }
  }
  return Found;
}

static std::optional<uint64_t> constant(const Expr *E, ASTContext &Ctx) {
  Expr::EvalResult R;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(R, Ctx) ||
      R.Val.getInt().isNegative())
    return std::nullopt;
  return R.Val.getInt().getZExtValue();
}

/// The number of runs of a counting loop `for (i = A; i < B; ++i)` with
/// constant bounds.
static std::optional<uint64_t> tripCount(const Stmt *L, ASTContext &Ctx) {
  const auto *For = dyn_cast_or_null<ForStmt>(L);
  if (!For || !For->getInit() || !For->getCond() || !For->getInc())
    return std::nullopt;
  const VarDecl *I = nullptr;
  std::optional<uint64_t> From;
  if (const auto *DS = dyn_cast<DeclStmt>(For->getInit());
      DS && DS->isSingleDecl()) {
    I = dyn_cast<VarDecl>(DS->getSingleDecl());
    From = I ? constant(I->getInit(), Ctx) : std::nullopt;
  } else if (const auto *BO = dyn_cast<BinaryOperator>(For->getInit());
             BO && BO->getOpcode() == BO_Assign) {
    if (const auto *DR =
            dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      I = dyn_cast<VarDecl>(DR->getDecl());
    From = constant(BO->getRHS(), Ctx);
  }
  const auto *Inc = dyn_cast<UnaryOperator>(For->getInc());
  const auto *Cond = dyn_cast<BinaryOperator>(For->getCond()->IgnoreParenImpCasts());
  if (!I || !From || !Inc || !Inc->isIncrementOp() || !Cond)
    return std::nullopt;
  auto IsI = [&](const Expr *E) {
    const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DR && DR->getDecl() == I;
  };
  const auto *IncVar = dyn_cast<DeclRefExpr>(Inc->getSubExpr()->IgnoreParenImpCasts());
  if (!IncVar || IncVar->getDecl() != I || !IsI(Cond->getLHS()))
    return std::nullopt;
  std::optional<uint64_t> To = constant(Cond->getRHS(), Ctx);
  if (!To)
    return std::nullopt;
  switch (Cond->getOpcode()) {
  case BO_LT:
  case BO_NE:
    return *To > *From ? *To - *From : 0;
  case BO_LE:
    return *To >= *From ? *To - *From + 1 : 0;
  default:
    return std::nullopt;
  }
}

std::optional<uint64_t> Impl::expectedArrivals(Key Obj) {
  const Expr *Init = nullptr;
  if (const auto *VD = dyn_cast_or_null<VarDecl>(Obj))
    Init = VD->getInit();
  else if (const auto *FD = dyn_cast_or_null<FieldDecl>(Obj))
    Init = FD->getInClassInitializer();
  if (const auto *CE = Init ? dyn_cast<CXXConstructExpr>(strip(Init)) : nullptr)
    return CE->getNumArgs() >= 1 ? constant(CE->getArg(0), Ctx) : std::nullopt;
  auto It = index().CInits.find(Obj);
  if (It != index().CInits.end() &&
      isCFunction(It->second->getDirectCallee(), "pthread_barrier_init"))
    return constant(It->second->getArg(2), Ctx);
  return std::nullopt;
}

std::optional<uint64_t> Impl::countedArrivals(Key Obj) {
  TUIndex &Idx = index();
  // How many threads run each entry: starts not in a loop run once, in a
  // counting loop once per iteration; the function holding the start must
  // itself run once (not from a loop).
  llvm::DenseMap<Fn, std::optional<uint64_t>> Runs;
  llvm::DenseSet<Fn> Starters;
  for (const Expr *St : Idx.StartOrder) {
    auto Info = startInfo(St, Opts);
    auto E = Info ? resolveCallable(Info->Callable) : std::nullopt;
    if (!E || !E->Fn)
      continue;
    Fn Entry = normalizeFn(E->Fn);
    const StartContext &C = Idx.Starts[St];
    std::optional<uint64_t> N = 1;
    if (C.InLoop)
      N = tripCount(C.Loop, Ctx);
    if (C.In)
      for (const Site &Call : Idx.CallsTo.lookup(C.In))
        if (Call.InLoop)
          N = std::nullopt;
    auto [Slot, New] = Runs.try_emplace(Entry, N);
    if (!New)
      Slot->second = Slot->second && N ? std::optional<uint64_t>(
                                             *Slot->second + *N)
                                       : std::nullopt;
    if (C.In)
      Starters.insert(C.In);
  }
  auto It = Idx.Wakes.find(Obj);
  if (It == Idx.Wakes.end())
    return 0;
  bool IsLatch = stdTypeName(Obj->getType()) == "latch";
  uint64_t Total = 0;
  for (const Site &S : It->second) {
    if (!S.In)
      return std::nullopt;
    const auto *CE = cast<CallExpr>(S.S);
    std::optional<uint64_t> Per = 1;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
        MC && MC->getNumArgs() >= 1 && !MC->getArg(0)->isDefaultArgument())
      Per = constant(MC->getArg(0), Ctx);
    std::optional<uint64_t> R;
    if (auto RI = Runs.find(S.In); RI != Runs.end()) {
      // A thread arrives once per phase of a barrier, however often it
      // loops; a latch counts every count_down.
      if (!Idx.CallsTo.lookup(S.In).empty() || (S.InLoop && IsLatch))
        return std::nullopt;
      R = RI->second;
    } else if (!S.InLoop && Idx.CallsTo.lookup(S.In).empty() &&
               (Starters.count(S.In) ||
                (S.In->isMain()))) {
      R = 1; // The coordinating function itself.
    }
    if (!R || !Per)
      return std::nullopt;
    Total += *R * *Per;
  }
  return Total;
}

void Impl::skipReason(Fate &F, Key Obj, const Site &S, const SkipPath &P,
                      llvm::StringRef Verb, llvm::StringRef Doing) {
  std::string Name = "'" + shortName(Obj) + "'";
  std::string Where = fnLabel(S.In);
  if (P.Thrower) {
    std::string Callee = calleeText(P.Thrower);
    F.Reason = Name + " is " + Verb.str() + " in " + Where +
               ", but an exception from '" + Callee + "' skips it";
    F.Extra.push_back({locOf(P.Thrower), "'" + Callee +
                                             "' can throw here, and then " +
                                             Name + " is not " + Verb.str()});
  } else if (isa<CXXThrowExpr>(P.Leave)) {
    F.Reason = Name + " is " + Verb.str() + " in " + Where +
               ", but an exception thrown before it skips it";
    F.Extra.push_back({P.Leave->getBeginLoc(),
                       "this throw leaves " + Where + " without " +
                           Doing.str()});
  } else {
    F.Reason = Name + " is " + Verb.str() + " in " + Where +
               ", but a return before it skips it";
    F.Extra.push_back({P.Leave->getBeginLoc(), "this return leaves " + Where +
                                                   " without " + Doing.str()});
  }
  F.Extra.push_back({locOf(S.S), Name + " is " + Verb.str() + " here"});
}

} // namespace leakhound
