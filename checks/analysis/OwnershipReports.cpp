//===--- OwnershipReports.cpp - leaks, their messages and notes -----------===//
//
// Where FunctionAnalysis finds leaks and how it says so.
//
//  * A *leak*: after a full statement, at a scope end, or at function exit,
//    an object whose state contains Owned (or Cond) and that no live
//    location or pending value reaches (collect: a reachability walk from
//    the roots, the locals and the pending call values). Unreachable
//    objects are dropped from the state whether or not they leak.
//  * Reports are made only in the reporting pass, a single pass over the
//    fixpoint (see OwnershipDataflow.cpp), and never in a block that ends in
//    a no-return call. An allocation site is reported once, at the earliest
//    point found (a definite leak is preferred over a conditional one).
//  * The *message* names the memory after the location that last held it
//    on this path and says how it was lost: overwritten, its container
//    released, the function returned, a variable's scope ended, or the
//    result was never stored; with the deallocator if known.
//  * The *witness path* (pathNotes): the allocation site, then the branches
//    of a path of CFG edges from the allocation's block to the block of the
//    loss along which the memory stays owned (ownedOnEdge: evaluated on the
//    fixpoint's states, refined by each edge's condition) and which the
//    program can take: WitnessSearch (Feasibility.h) searches for one and
//    decides it with Z3. None: the site's other loss points (up to
//    MaxLossPoints, earliest first) are tried, and with none feasible the
//    candidate is not reported. Undecided, or no Z3: the shortest such path
//    (breadth-first). The last MaxNotes branches are notes.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "Constants.h"
#include "PerContext.h"
#include "clang/Lex/Lexer.h"
#include <set>

using namespace clang;

namespace leakhound {
namespace ownership {

static constexpr unsigned MaxNotes = 6;
static constexpr unsigned MaxLossPoints = 8;

std::string textOf(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (R.isInvalid())
    return {};
  StringRef T = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  if (T.empty() || T.size() > 60 || T.contains('\n'))
    return {};
  return T.str();
}

void FunctionAnalysis::collect(State &S, const Event &Ev, bool AllLocalsDead) {
  bool Any = false;
  for (const auto &[O, St] : S.Objs)
    if (Objs[O].Kind == ObjKind::Alloc || Objs[O].Kind == ObjKind::CondFresh)
      Any = true;
  if (Any) {
    S.Vals.clear();
    llvm::DenseSet<unsigned> Live;
    llvm::SmallVector<unsigned, 8> Work;
    auto Mark = [&](unsigned T) {
      if (isObj(T) && Live.insert(T).second)
        Work.push_back(T);
    };
    for (const auto &[K, V] : S.Pts)
      if (Locs[K].RootVar && !AllLocalsDead)
        for (unsigned T : V)
          Mark(T);
    for (const auto &[E, V] : S.Vals)
      for (unsigned T : V)
        Mark(T);
    // Handed out through an out-parameter: the caller holds it. Only when
    // it is handed out on every path joined here: a block owned on another
    // path (`if (ok) *out = p;`) is still lost there.
    for (const auto &[O, St] : S.Objs)
      if ((St.Bits & BOut) && !(St.Bits & (BOwned | BCond)))
        Mark(O);
    while (!Work.empty()) {
      unsigned O = Work.pop_back_val();
      for (const auto &[K, V] : S.Pts)
        if (Locs[K].RootObj == O)
          for (unsigned T : V)
            Mark(T);
    }
    std::vector<unsigned> Dead;
    for (const auto &[O, St] : S.Objs)
      if ((Objs[O].Kind == ObjKind::Alloc ||
           Objs[O].Kind == ObjKind::CondFresh) &&
          !Live.count(O))
        Dead.push_back(O);
    inheritConditions(S, Dead);
    for (unsigned O : Dead)
      report(S, O, Ev);
    InheritedConds.clear();
    for (unsigned O : Dead) {
      S.Objs.erase(O);
      eraseHeapLocs(S, O);
    }
    for (auto &[K, V] : S.Pts)
      V.erase(std::remove_if(V.begin(), V.end(),
                             [&](unsigned T) {
                               return isObj(T) && !S.Objs.count(T) &&
                                      Objs[T].Kind != ObjKind::Param &&
                                      Objs[T].Kind != ObjKind::Deep;
                             }),
              V.end());
  } else {
    S.Vals.clear();
  }
  Overwritten.clear();
  FreedContainer.clear();
  Dropped.clear();
}

/// Memory held only by dead holders whose own ownership is conditional (a
/// block from another file that may not be fresh, like the result of a
/// lookup; a block handed to a function defined elsewhere, which may keep
/// it) is lost only under the same conditions: when the holder is not ours,
/// storing into it was a hand-off.
void FunctionAnalysis::inheritConditions(const State &S,
                                         llvm::ArrayRef<unsigned> Dead) {
  if (!Reporting || !A.Opts.RecordConditions)
    return;
  auto CondOf = [&](unsigned H, Inherited &Out) {
    if (auto It = InheritedConds.find(H); It != InheritedConds.end()) {
      Out = It->second;
      return true;
    }
    auto St = S.Objs.find(H);
    if (St == S.Objs.end())
      return false;
    // A call that takes a pointer of its result's type may return it or a
    // moved copy (realloc-like): the block is ours whatever the merge says
    // of its freshness, so its contents do not inherit that condition.
    bool Fresh = Objs[H].Kind == ObjKind::CondFresh;
    if (const auto *CE = dyn_cast_or_null<CallExpr>(Objs[H].Site))
      for (const Expr *Arg : CE->arguments())
        if (Arg->getType()->isPointerType() &&
            Ctx.hasSameUnqualifiedType(Arg->getType(), CE->getType()))
          Fresh = false;
    bool Kept = !(St->second.Bits & BOwned) && (St->second.Bits & BCond);
    if (!Fresh && !Kept)
      return false;
    if (Fresh)
      Out.Fresh = Objs[H].FreshUsrs;
    if (St->second.Bits & BCond)
      for (unsigned D : St->second.Deps)
        Out.Unless.push_back(A.DepNames[D]);
    return true;
  };
  // Holders before what they hold: a chain inherits from its head.
  for (unsigned Pass = 0; Pass < 2; ++Pass)
    for (unsigned O : Dead) {
      if (Objs[O].Kind != ObjKind::Alloc)
        continue;
      bool Any = false, All = true;
      Inherited Merged;
      for (unsigned H : Dead) {
        if (H == O)
          continue;
        bool Holds = false;
        for (const auto &[K, V] : S.Pts)
          if (Locs[K].RootObj == H && llvm::is_contained(V, O))
            Holds = true;
        if (!Holds)
          continue;
        Any = true;
        Inherited C;
        if (!CondOf(H, C)) {
          All = false;
          break;
        }
        Merged.Fresh.insert(Merged.Fresh.end(), C.Fresh.begin(),
                            C.Fresh.end());
        Merged.Unless.insert(Merged.Unless.end(), C.Unless.begin(),
                             C.Unless.end());
      }
      if (Any && All)
        InheritedConds[O] = std::move(Merged);
    }
}

void FunctionAnalysis::report(const State &S, unsigned O, const Event &Ev) {
  if (!Reporting || NoReturnBlock)
    return;
  const ObjInfo &I = Objs[O];
  auto It = S.Objs.find(O);
  if (It == S.Objs.end())
    return;
  const ObjState &St = It->second;
  bool Definite = St.Bits & BOwned;
  bool Cond = !Definite && (St.Bits & BCond);
  if (!Definite && !Cond)
    return;
  // Smashed array elements released on some path: which elements a loop
  // freed is beyond this analysis; stay silent rather than guess.
  if (I.InWeak && (St.Bits & (BReleased | BEscaped)))
    return;
  FoundLeak L;
  L.Obj = O;
  L.Block = Current->getBlockID();
  L.Elem = CurrentElem;
  L.Where = Ev.Loc;
  L.Conditional = Cond || I.Kind == ObjKind::CondFresh;
  L.FreshDeps = I.FreshUsrs;
  if (Cond)
    for (unsigned D : St.Deps)
      L.UnlessDeps.push_back(A.DepNames[D]);
  if (auto H = InheritedConds.find(O); H != InheritedConds.end()) {
    L.Conditional = true;
    for (const std::string &U : H->second.Fresh)
      if (!llvm::is_contained(L.FreshDeps, U))
        L.FreshDeps.push_back(U);
    for (const std::string &D : H->second.Unless)
      if (!llvm::is_contained(L.UnlessDeps, D))
        L.UnlessDeps.push_back(D);
  }
  // Name the memory after the location that last held it on this path.
  std::string Name;
  if (auto D = Dropped.find(O); D != Dropped.end())
    Name = D->second;
  for (const auto &[K, V] : S.Pts)
    if (Name.empty() && Locs[K].RootVar && llvm::is_contained(V, O))
      Name = locName(K);
  if (Name.empty())
    Name = I.LastName;
  std::string Dealloc = I.Dealloc;
  if (Dealloc.empty() && I.RetOffset > 0)
    Dealloc = A.stepBackDeallocator(I.RetOffset, I.RetType);
  std::string Suffix =
      Dealloc.empty() ? "" : "; release it with '" + Dealloc + "' first";
  if (auto W = Overwritten.find(O); W != Overwritten.end() && !W->second.empty())
    L.Message = "memory pointed to by '" + W->second +
                "' is leaked when '" + W->second + "' is overwritten" + Suffix;
  else if (Name.empty())
    L.Message = "memory allocated by '" + I.AllocName +
                "' is leaked: the result is never stored or released";
  else if (auto F = FreedContainer.find(O);
           F != FreedContainer.end() && !F->second.empty())
    L.Message = "memory pointed to by '" + Name + "' is leaked when '" +
                F->second + "' is released" + Suffix;
  else if (Ev.Kind == EventKind::Return)
    L.Message = "memory pointed to by '" + Name +
                "' is leaked when the function returns" + Suffix;
  else if (Ev.Kind == EventKind::Scope)
    L.Message = "memory pointed to by '" + Name + "' is leaked when '" +
                Ev.Var + "' goes out of scope" + Suffix;
  else
    L.Message =
        "memory pointed to by '" + Name + "' is leaked: its last reference "
                                          "is lost here" + Suffix;
  if (!A.tracksMemory()) {
    L.Message = kindMessage(O, Name, Ev, Dealloc);
    releaseFix(S, O, Ev, L);
  }
  std::vector<FoundLeak> &Others = OtherLosses[siteKey(O)];
  if (Others.size() < MaxLossPoints &&
      llvm::none_of(Others, [&](const FoundLeak &O) {
        return O.Block == L.Block && O.Elem == L.Elem;
      }))
    Others.push_back(L);
  auto [F, New] = Found.try_emplace(siteKey(O), L);
  if (New)
    return;
  FoundLeak &Old = F->second;
  bool Better = false;
  if (keepOutAlternative(Old, L))
    return;
  if (Old.Conditional != L.Conditional)
    Better = !L.Conditional;
  else if (L.Where != Old.Where)
    Better = SM.isBeforeInTranslationUnit(L.Where, Old.Where);
  if (Better)
    Old = L;
}

bool FunctionAnalysis::ownedOnEdge(const CFGBlock *B, unsigned K,
                                   unsigned Obj) {
  const ObjInfo &I = Objs[Obj];
  unsigned G0 = siteObj(I.Site, I.GenBase),
           G1 = siteObj(I.Site, I.GenBase + 1);
  auto &Outs = OutCache[B->getBlockID()];
  if (!OutCached[B->getBlockID()]) {
    OutCached[B->getBlockID()] = true;
    for (State S : In[B->getBlockID()]) {
      transferBlock(B, S);
      Outs.push_back(std::move(S));
    }
  }
  const Expr *C = B->succ_size() == 2 ? branchCondition(B) : nullptr;
  for (const State &Out : Outs) {
    State S = Out;
    if (C && !refine(S, C, K == 0))
      continue;
    for (unsigned O : {G0, G1})
      if (auto It = S.Objs.find(O);
          It != S.Objs.end() && (It->second.Bits & (BOwned | BCond)))
        return true;
  }
  return false;
}

bool FunctionAnalysis::endsIn(const CFGBlock *B, unsigned Obj) {
  const ObjInfo &I = Objs[Obj];
  unsigned G0 = siteObj(I.Site, I.GenBase),
           G1 = siteObj(I.Site, I.GenBase + 1);
  unsigned Id = B->getBlockID();
  if (!OutCached[Id]) {
    OutCached[Id] = true;
    for (State S : In[Id]) {
      transferBlock(B, S);
      OutCache[Id].push_back(std::move(S));
    }
  }
  // In and OutCache hold the same states, before and after the block.
  const auto &Ins = In[Id];
  const auto &Outs = OutCache[Id];
  for (size_t K = 0; K < Ins.size() && K < Outs.size(); ++K)
    for (unsigned O : {G0, G1}) {
      auto A = Ins[K].Objs.find(O), Z = Outs[K].Objs.find(O);
      if (A != Ins[K].Objs.end() && (A->second.Bits & BOwned) &&
          Z != Outs[K].Objs.end() && !(Z->second.Bits & BOwned) &&
          (Z->second.Bits & (BReleased | BEscaped | BCond)))
        return true;
    }
  return false;
}

const CFGBlock *FunctionAnalysis::blockById(unsigned Id) {
  if (BlocksById.empty()) {
    BlocksById.assign(Cfg->getNumBlockIDs(), nullptr);
    for (const CFGBlock *Blk : *Cfg)
      BlocksById[Blk->getBlockID()] = Blk;
  }
  return Id < BlocksById.size() ? BlocksById[Id] : nullptr;
}

bool FunctionAnalysis::ownedAlong(llvm::ArrayRef<unsigned> Path,
                                  unsigned Obj, bool Conditional) {
  if (Path.size() < 2)
    return true;
  // A path through the allocation's block in between makes a second
  // object of the site: which one the loss is about is beyond this replay.
  for (size_t K = 1; K + 1 < Path.size(); ++K)
    if (Path[K] == Path[0])
      return true;
  // The path's block is the one its first block allocates: the newest
  // generation (an older one in the entry state is another turn's).
  const ObjInfo &I = Objs[Obj];
  unsigned G0 = siteObj(I.Site, I.GenBase);
  // A definite report needs a path that owns it for sure; a conditional
  // one, a path on which it is owned unless another file's function keeps
  // it.
  uint8_t Owning = Conditional ? (BOwned | BCond) : BOwned;
  for (const State &Start : In[Path[0]]) {
    State S = Start;
    bool Possible = true;
    for (size_t K = 0; K + 1 < Path.size() && Possible; ++K) {
      const CFGBlock *B = blockById(Path[K]);
      if (!B)
        return true;
      transferBlock(B, S);
      unsigned Edge = 0, Taken = ~0u;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
        if (const CFGBlock *N = Succ.getReachableBlock();
            N && N->getBlockID() == Path[K + 1] && Taken == ~0u)
          Taken = Edge;
        ++Edge;
      }
      if (Taken == ~0u)
        return true;
      if (const Expr *C = B->succ_size() == 2 ? branchCondition(B) : nullptr)
        Possible = refine(S, C, Taken == 0);
    }
    if (!Possible)
      continue;
    if (auto It = S.Objs.find(G0);
        It != S.Objs.end() && (It->second.Bits & Owning))
      return true;
  }
  return false;
}

void FunctionAnalysis::collectProgramValues(llvm::ArrayRef<unsigned> Path) {
  // What the search could not know but the merge may: integers of other
  // files read in the path's statements and branch conditions.
  TUConstants &K = *perContext<TUConstants>(Ctx);
  std::set<std::string> Out;
  llvm::SmallVector<const Stmt *, 32> Work;
  for (unsigned Id : Path)
    if (const CFGBlock *B = blockById(Id)) {
      for (const CFGElement &E : *B)
        if (auto CS = E.getAs<CFGStmt>())
          Work.push_back(CS->getStmt());
      if (const Stmt *T = B->getTerminatorCondition())
        Work.push_back(T);
    }
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    const NamedDecl *D = nullptr;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (V && V->isExternallyVisible() && V->hasGlobalStorage() &&
          V->getType()->isIntegralOrEnumerationType() && !K.valueOf(V))
        D = V;
    } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *F = CE->getDirectCallee();
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
      if (F && F->isExternallyVisible() && !F->hasBody() &&
          !(MD && MD->isVirtual()) &&
          F->getReturnType()->isIntegralOrEnumerationType())
        D = F;
    }
    if (D && !A.inSystemHeader(D))
      if (std::string Usr = A.usrOf(D->getCanonicalDecl()); !Usr.empty())
        Out.insert(Usr);
    // Sub-expressions of a statement are elements of their own only when
    // the CFG splits them; walking them again costs little.
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  WitnessReads.assign(Out.begin(), Out.end());
}

std::optional<std::vector<std::pair<SourceLocation, std::string>>>
FunctionAnalysis::pathNotes(const FoundLeak &L) {
  std::vector<std::pair<SourceLocation, std::string>> Notes;
  const ObjInfo &I = Objs[L.Obj];
  Notes.push_back({I.Site->getBeginLoc(),
                   A.tracksMemory()
                       ? "memory allocated here by '" + I.AllocName + "'"
                       : acquiredNote(I)});
  if (StmtBlock.empty()) // Only reports need it.
    for (const CFGBlock *B : *Cfg)
      for (const CFGElement &E : *B)
        if (auto CS = E.getAs<CFGStmt>())
          StmtBlock.try_emplace(CS->getStmt(), B->getBlockID());
  auto SiteIt = StmtBlock.find(I.Site);
  if (SiteIt == StmtBlock.end())
    return Notes;
  unsigned From = SiteIt->second, To = L.Block;
  auto Holds = [&](const CFGBlock *B, unsigned K) {
    return ownedOnEdge(B, K, L.Obj);
  };
  // A witness the program can take (Feasibility.h); none: no report.
  if (!Witness)
    Witness = std::make_unique<WitnessSearch>(Ctx, FD, *Cfg, &A.Solver);
  WitnessQuery WQ;
  WQ.Site = I.Site;
  WQ.LossBlock = To;
  WQ.LossElement = L.Elem;
  WQ.LossLoc = L.Where;
  WQ.Owned = Holds;
  auto Ends = [&](const CFGBlock *B) { return endsIn(B, L.Obj); };
  WQ.EndsIn = Ends;
  auto Along = [&](llvm::ArrayRef<unsigned> P) {
    return ownedAlong(P, L.Obj, L.Conditional);
  };
  WQ.OwnedAlong = Along;
  auto IsAllocation = [&](const Expr *E) {
    return SiteObjs.count({E, 0u}) != 0;
  };
  WQ.IsAllocation = IsAllocation;
  auto OutValues = [&](const CallExpr *CE) { return A.outValuesOf(CE); };
  WQ.OutValues = OutValues;
  WQ.Budget = &A.WitnessBudget;
  auto ProgramConstant = [&](const NamedDecl *D) -> std::optional<llvm::APSInt> {
    std::optional<int64_t> V;
    if (A.Merged)
      if (std::string Usr = A.usrOf(D->getCanonicalDecl()); !Usr.empty())
        V = A.Merged->constant(Usr);
    if (!V)
      return std::nullopt;
    return llvm::APSInt::get(*V);
  };
  WQ.ProgramConstant = ProgramConstant;
  // A conditional candidate (it holds only if the facts of other TUs say
  // so) is not searched: most never become findings, and searching them all
  // costs more than the whole analysis on code behind allocator hooks.
  WitnessResult WR;
  if (!L.Conditional)
    WR = Witness->find(WQ);
  if (WR.Verdict == WitnessResult::Unchecked && !A.SolverNoted) {
    A.SolverNoted = true;
    A.addLimit(FD, "had its leak paths reported unchecked: this LLVM was "
                   "built without the Z3 solver, so no path is refuted");
  }
  if (WR.Verdict == WitnessResult::Infeasible)
    return std::nullopt;
  std::vector<unsigned> Path;
  WitnessReads.clear();
  if (WR.Verdict == WitnessResult::Feasible) {
    Path = WR.Path;
    if (A.Opts.RecordConditions && !A.Merged)
      collectProgramValues(Path);
  } else {
    // Breadth-first from the allocation to the leak, through blocks where the
    // memory is still owned: the shortest such path.
    std::vector<int> Prev(Cfg->getNumBlockIDs(), -1);
    std::vector<bool> Seen(Cfg->getNumBlockIDs(), false);
    std::vector<unsigned> Queue{From};
    Seen[From] = true;
    bool Reached = From == To;
    for (size_t Q = 0; Q < Queue.size() && !Reached; ++Q) {
      const CFGBlock *Blk = blockById(Queue[Q]);
      if (!Blk)
        continue;
      unsigned K = 0;
      for (const CFGBlock::AdjacentBlock &Succ : Blk->succs()) {
        const CFGBlock *N = Succ.getReachableBlock();
        unsigned Edge = K++;
        if (!N || Seen[N->getBlockID()])
          continue;
        if (!Holds(Blk, Edge))
          continue;
        Seen[N->getBlockID()] = true;
        Prev[N->getBlockID()] = Queue[Q];
        if (N->getBlockID() == To) {
          Reached = true;
          break;
        }
        Queue.push_back(N->getBlockID());
      }
    }
    if (!Reached || From == To)
      return Notes;
    for (int B = To; B != -1; B = Prev[B])
      Path.push_back(B);
    std::reverse(Path.begin(), Path.end());
  }
  std::vector<std::pair<SourceLocation, std::string>> Branches;
  for (size_t K = 0; K + 1 < Path.size(); ++K) {
    const CFGBlock *X = blockById(Path[K]);
    if (!X || X->succ_size() != 2)
      continue;
    const CFGBlock *T = X->succ_begin()->getReachableBlock();
    const CFGBlock *F = (X->succ_begin() + 1)->getReachableBlock();
    if (!T || !F || T == F)
      continue;
    const Expr *C = branchCondition(X);
    if (!C)
      continue;
    bool Truth = T->getBlockID() == Path[K + 1];
    bool NullWhenTrue = false;
    std::string Msg;
    const Expr *P = nullChecked(C, NullWhenTrue);
    // A call's `int` result tested against 0 is nearly always a status,
    // not a descriptor: the plain note says it better.
    if (P && !A.tracksMemory() && isa<CallExpr>(P->IgnoreParenImpCasts()) &&
        isDescriptorType(P->getType()))
      P = nullptr;
    // `fd > 2`: which values it sets apart is best said by the condition.
    if (P && !A.tracksMemory() && noneName(C) == "a standard descriptor")
      P = nullptr;
    if (P && !textOf(P, Ctx).empty())
      Msg = "assuming '" + textOf(P, Ctx) + "' is " +
            (NullWhenTrue == Truth ? "" : "not ") + noneName(C);
    else
      Msg = std::string("assuming the condition is ") +
            (Truth ? "true" : "false");
    Branches.push_back({C->getBeginLoc(), Msg});
  }
  if (Branches.size() > MaxNotes)
    Branches.erase(Branches.begin(), Branches.end() - MaxNotes);
  Notes.insert(Notes.end(), Branches.begin(), Branches.end());
  return Notes;
}

void FunctionAnalysis::emitReports() {
  OutCache.assign(Cfg->getNumBlockIDs(), {});
  OutCached.assign(Cfg->getNumBlockIDs(), false);
  std::vector<FoundLeak> All;
  for (auto &[Site, L] : Found)
    All.push_back(L);
  std::sort(All.begin(), All.end(), [&](const FoundLeak &X, const FoundLeak &Y) {
    if (X.Where != Y.Where)
      return SM.isBeforeInTranslationUnit(X.Where, Y.Where);
    return X.Message < Y.Message;
  });
  for (const FoundLeak &Best : All) {
    // The best loss point first; if no path the program can take reaches
    // it, the site's other loss points in the same order.
    const FoundLeak *L = &Best;
    auto Notes = pathNotes(Best);
    if (!Notes) {
      std::vector<FoundLeak> &Others = OtherLosses[siteKey(Best.Obj)];
      std::stable_sort(Others.begin(), Others.end(),
                       [&](const FoundLeak &X, const FoundLeak &Y) {
                         if (X.Conditional != Y.Conditional)
                           return !X.Conditional;
                         return X.Where != Y.Where &&
                                SM.isBeforeInTranslationUnit(X.Where, Y.Where);
                       });
      for (const FoundLeak &O : Others) {
        if (O.Block == Best.Block && O.Elem == Best.Elem)
          continue;
        if ((Notes = pathNotes(O))) {
          L = &O;
          break;
        }
      }
    }
    if (!Notes) {
      A.addLimit(FD, "had a leak candidate dropped (memory allocated at line " +
                         std::to_string(SM.getPresumedLineNumber(
                             Objs[Best.Obj].Site->getBeginLoc())) +
                         "): every path to its loss was proved infeasible");
      continue;
    }
    LeakReport R;
    R.Where = L->Where;
    R.Message = L->Message;
    R.Notes = std::move(*Notes);
    R.Conditional = L->Conditional;
    R.FreshDeps = L->FreshDeps;
    R.UnlessDeps = L->UnlessDeps;
    std::sort(R.UnlessDeps.begin(), R.UnlessDeps.end());
    // Through the merge, unless it has a fix to offer (the merge's findings
    // carry none).
    if (!WitnessReads.empty() && L->FixText.empty()) {
      R.Conditional = true;
      R.ProgramValues = WitnessReads;
    }
    if (!R.Conditional) {
      R.FixLoc = L->FixLoc;
      R.FixText = L->FixText;
    }
    A.addReport(std::move(R));
  }
  emitOutAlternatives();
}

} // namespace ownership
} // namespace leakhound
