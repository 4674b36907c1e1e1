//===--- OwnershipDataflow.cpp - the ownership fixpoint -------------------===//
//
// The dataflow driver of FunctionAnalysis: a forward analysis over the
// function's clang::CFG (built with lifetime ends, without initializers or
// implicit destructors).
//
//  * Entry: each pointer parameter (and `this`) points to its param object;
//    param and deep objects start Borrowed|Null.
//  * Worklist in reverse post-order. A block keeps up to MaxDisjuncts
//    states (*disjuncts*), keyed by their integer facts; past that they are
//    joined into one and the block is *collapsed* (it keeps no facts
//    again). Only functions with an allocation site keep facts: elsewhere
//    the dataflow only computes what happens to the parameters, a union
//    over paths.
//  * Each edge out of a block with two successors refines the state by the
//    branch condition (OwnershipBranches.cpp); an infeasible edge is not
//    taken.
//  * Bounds: a block is revisited at most MaxVisits times before the
//    states reaching it are *widened* (Owned becomes Escaped: a widened
//    state never reports); a function whose CFG has more than MaxElements
//    elements, or whose analysis exceeds MaxSteps transfer steps, is given
//    up on (no findings, a conservative summary). Each is a limit, shown
//    with --verbose.
//  * After the fixpoint, the *reporting pass* transfers each block once
//    more from its fixpoint state, now reporting leaks (only blocks that
//    can matter: all of them if the function allocates, else those that
//    return a pointer, which feed the summary). Then the summary is taken
//    from the exit state (OwnershipSummaries.cpp) and the reports emitted.
//  * The block transfer also handles the CFG's non-statement elements: a
//    variable's lifetime end (its locations die; the leak detector runs
//    with a scope or return event), `cleanup` attributes, and the exit edge.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace leakhound {
namespace ownership {

static constexpr unsigned MaxVisits = 8;
static constexpr unsigned MaxDisjuncts = 4;
static constexpr unsigned MaxElements = 40000;
static constexpr unsigned MaxSteps = 400000;

/// Collects into \p Out the expressions of \p Body whose value nothing
/// consumes: those whose nearest ancestor other than parentheses, implicit
/// casts and full-expression wrappers is not an expression, a declaration or
/// a return. Iterative, for very deep expressions.
static void collectFullExprs(const Stmt *Body,
                             llvm::DenseSet<const Stmt *> &Out) {
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Stack{{Body, false}};
  while (!Stack.empty()) {
    auto [S, Consumed] = Stack.pop_back_val();
    if (isa<Expr>(S) && !Consumed)
      Out.insert(S);
    bool ChildConsumed = isa<FullExpr, ParenExpr, ImplicitCastExpr>(S)
                             ? Consumed
                             : isa<Expr, DeclStmt, ReturnStmt>(S);
    for (const Stmt *C : S->children())
      if (C)
        Stack.push_back({C, ChildConsumed});
  }
}

bool FunctionAnalysis::joinState(State &Into, const State &From) {
  auto Union = [](TargetSet &A, const TargetSet &B) { return unionInto(A, B); };
  auto Keep = [](TargetSet &) { return false; };
  auto Copy = [](const TargetSet &B) { return B; };
  // A location of the caller's memory that one side does not list holds
  // what the caller put there (the parameter's deep object), not nothing:
  // a branch that found it null on some paths says nothing of the others.
  bool Changed = false;
  llvm::SmallVector<unsigned, 4> OnlyFrom;
  for (auto &[K, V] : Into.Pts)
    if (callerMemory(K) && !From.Pts.count(K))
      Changed |= unionInto(V, {callerContents(K)});
  for (const auto &[K, V] : From.Pts)
    if (callerMemory(K) && !Into.Pts.count(K))
      OnlyFrom.push_back(K);
  Changed |= Into.Pts.mergeFrom(From.Pts, Union, Keep, Copy);
  for (unsigned K : OnlyFrom)
    addTarget(Into.Pts[K], callerContents(K));
  // An object absent on one side does not exist on those paths: null.
  Changed |= Into.Objs.mergeFrom(
      From.Objs,
      [](ObjState &A, const ObjState &B) {
        bool C = (A.Bits | B.Bits) != A.Bits;
        A.Bits |= B.Bits;
        return unionInto(A.Deps, B.Deps) || C;
      },
      [](ObjState &A) {
        if (A.Bits & BNull)
          return false;
        A.Bits |= BNull;
        return true;
      },
      [](const ObjState &B) {
        ObjState N = B;
        N.Bits |= BNull;
        return N;
      });
  Changed |= Into.Vals.mergeFrom(From.Vals, Union, Keep, Copy);
  return Changed;
}

void FunctionAnalysis::widen(State &S) {
  for (auto &[O, St] : S.Objs)
    if ((Objs[O].Kind == ObjKind::Alloc ||
         Objs[O].Kind == ObjKind::CondFresh) &&
        (St.Bits & (BOwned | BCond))) {
      St.Bits = (St.Bits & ~(BOwned | BCond)) | BEscaped;
      St.Deps.clear();
    }
}

bool FunctionAnalysis::joinInto(unsigned BlockId, State S) {
  std::vector<State> &Vec = In[BlockId];
  if (Collapsed[BlockId])
    S.Facts.clear();
  for (State &D : Vec)
    if (D.Facts == S.Facts)
      return joinState(D, S);
  Vec.push_back(std::move(S));
  if (Vec.size() > MaxDisjuncts) {
    State M = Vec[0];
    M.Facts.clear();
    for (size_t I = 1; I < Vec.size(); ++I)
      joinState(M, Vec[I]);
    Vec.clear();
    Vec.push_back(std::move(M));
    Collapsed[BlockId] = true;
  }
  return true;
}

void FunctionAnalysis::transferBlock(const CFGBlock *B, State &S) {
  Current = B;
  CurrentReturn = nullptr;
  NoReturnBlock = EndingElem[B->getBlockID()] != ~0u;
  CurrentElem = 0;
  for (const CFGElement &E : *B) {
    ++Steps;
    ++CurrentElem;
    if (auto CS = E.getAs<CFGStmt>()) {
      transferStmt(S, CS->getStmt());
    } else if (auto LE = E.getAs<CFGLifetimeEnds>()) {
      const VarDecl *V = LE->getVarDecl();
      unsigned L = varLoc(V);
      if (V->hasAttr<CleanupAttr>()) {
        TargetSet In;
        locContents(S, L, In);
        PartEffect Rel;
        Rel.Kind = PartKind::Release;
        for (unsigned O : In)
          setFate(S, O, Rel, "");
      }
      for (auto It = S.Pts.begin(); It != S.Pts.end();)
        if (Locs[It->first].RootVar == V) {
          for (unsigned T : It->second)
            if (isObj(T))
              Dropped.try_emplace(T, locName(It->first));
          It = S.Pts.erase(It);
        } else {
          ++It;
        }
      S.Facts.erase(V);
      Event Ev;
      if (CurrentReturn) {
        Ev.Kind = EventKind::Return;
        Ev.Loc = CurrentReturn->getBeginLoc();
      } else {
        Ev.Kind = EventKind::Scope;
        Ev.Var = V->getName().str();
        const Stmt *Trigger = LE->getTriggerStmt();
        if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Trigger))
          Ev.Loc = CS->getRBracLoc();
        else if (Trigger)
          Ev.Loc = Trigger->getBeginLoc();
        else
          Ev.Loc = V->getLocation();
      }
      collect(S, Ev);
    } else if (auto CF = E.getAs<CFGCleanupFunction>()) {
      TargetSet In;
      locContents(S, varLoc(CF->getVarDecl()), In);
      PartEffect Rel;
      Rel.Kind = PartKind::Release;
      for (unsigned O : In)
        setFate(S, O, Rel, "");
    }
  }
  bool ToExit = false;
  for (const CFGBlock::AdjacentBlock &Succ : B->succs())
    if (Succ.getReachableBlock() == &Cfg->getExit())
      ToExit = true;
  if (ToExit && B != &Cfg->getEntry()) {
    Event Ev;
    Ev.Kind = EventKind::Return;
    if (CurrentReturn)
      Ev.Loc = CurrentReturn->getBeginLoc();
    else if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody()))
      Ev.Loc = Body->getRBracLoc();
    else
      Ev.Loc = FD->getBody()->getEndLoc();
    collect(S, Ev, /*AllLocalsDead=*/true);
  }
}

const RecordDecl *byValueRecord(QualType T) {
  const auto *RT = T->getAs<RecordType>();
  const RecordDecl *RD = RT ? RT->getDecl()->getDefinition() : nullptr;
  if (!RD || RD->isUnion())
    return nullptr;
  // A C++ class may own what it points to (its copy and destructor say
  // so): only plain structs are followed.
  if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
    if (!CRD->isTriviallyCopyable() || !CRD->hasTrivialDestructor())
      return nullptr;
  return RD;
}

void FunctionAnalysis::seedRecordFields(State &S, unsigned Loc,
                                        const RecordDecl *RD, unsigned Deep,
                                        unsigned Depth) {
  for (const FieldDecl *F : RD->fields()) {
    QualType T = F->getType();
    if (A.mayCarry(T))
      S.Pts[child(Loc, F)] = {Deep};
    else if (const RecordDecl *Inner = byValueRecord(T); Inner && Depth < 2)
      seedRecordFields(S, child(Loc, F), Inner, Deep, Depth + 1);
  }
}

bool FunctionAnalysis::run() {
  CFG::BuildOptions BO;
  BO.AddLifetime = true;
  BO.AddInitializers = false;
  BO.AddImplicitDtors = false;
  BO.setAllAlwaysAdd();
  Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, BO);
  if (!Cfg) {
    A.addLimit(FD, "was given up: no control-flow graph could be built");
    return false;
  }
  unsigned NumElements = 0;
  for (const CFGBlock *B : *Cfg)
    NumElements += B->size();
  if (NumElements > MaxElements) {
    A.addLimit(FD, "was given up: its control-flow graph has " +
                       std::to_string(NumElements) + " elements (limit " +
                       std::to_string(MaxElements) +
                       "); no leak is reported in it");
    return false;
  }
  collectFullExprs(FD->getBody(), FullExprs);
  findEndingBlocks();
  bool ReturnsPointer = A.mayCarry(FD->getReturnType());
  llvm::DenseSet<unsigned> ReturnBlocks;
  for (const CFGBlock *B : *Cfg)
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>(); CS && isa<ReturnStmt>(CS->getStmt()))
        ReturnBlocks.insert(B->getBlockID());

  // The entry state: each pointer parameter points to its param object.
  State Entry;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  unsigned NP = FD->getNumParams() + (MD && MD->isInstance() ? 1 : 0);
  for (unsigned I = 0; I < NP; ++I) {
    ObjInfo P;
    P.Kind = ObjKind::Param;
    P.Param = I;
    ParamObjs.push_back(newObjInfo(P));
    ObjInfo D;
    D.Kind = ObjKind::Deep;
    D.Param = I;
    DeepObjs.push_back(newObjInfo(D));
    Entry.Objs[ParamObjs.back()].Bits = BBorrowed | BNull;
    Entry.Objs[DeepObjs.back()].Bits = BBorrowed | BNull;
    if (I < FD->getNumParams()) {
      const ParmVarDecl *PV = FD->getParamDecl(I);
      if (A.mayCarry(PV->getType()))
        Entry.Pts[varLoc(PV)] = {ParamObjs.back()};
      else if (const RecordDecl *RD = byValueRecord(PV->getType()))
        // A struct passed by value: its fields hold the caller's pointers
        // (the argument's deep part), as `p->field` does for a pointer.
        seedRecordFields(Entry, varLoc(PV), RD, DeepObjs.back(), 0);
    } else {
      ThisObj = ParamObjs.back();
    }
  }

  // Reverse post-order.
  std::vector<const CFGBlock *> Order;
  {
    std::vector<bool> Seen(Cfg->getNumBlockIDs(), false);
    std::vector<std::pair<const CFGBlock *, unsigned>> Stack;
    Stack.push_back({&Cfg->getEntry(), 0});
    Seen[Cfg->getEntry().getBlockID()] = true;
    while (!Stack.empty()) {
      auto &[B, I] = Stack.back();
      if (I < B->succ_size()) {
        const CFGBlock *N = (B->succ_begin() + I)->getReachableBlock();
        ++I;
        if (N && !Seen[N->getBlockID()]) {
          Seen[N->getBlockID()] = true;
          Stack.push_back({N, 0});
        }
        continue;
      }
      Order.push_back(B);
      Stack.pop_back();
    }
    std::reverse(Order.begin(), Order.end());
  }
  std::vector<unsigned> Rank(Cfg->getNumBlockIDs(), ~0u);
  for (unsigned I = 0; I < Order.size(); ++I)
    Rank[Order[I]->getBlockID()] = I;

  In.assign(Cfg->getNumBlockIDs(), {});
  Collapsed.assign(Cfg->getNumBlockIDs(), false);
  std::vector<unsigned> Visits(Cfg->getNumBlockIDs(), 0);
  In[Cfg->getEntry().getBlockID()].push_back(Entry);

  // Hands the state out of \p B to its successors; the last one that
  // takes it gets \p Out itself, the others a copy.
  auto Propagate = [&](const CFGBlock *B, State &Out,
                       std::set<unsigned> &Work) {
    const Expr *C = B->succ_size() == 2 ? branchCondition(B) : nullptr;
    llvm::SmallVector<std::pair<unsigned, unsigned>, 2> Targets; // Id, edge.
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *N = Succ.getReachableBlock();
      unsigned K = Index++;
      if (N && Rank[N->getBlockID()] != ~0u)
        Targets.push_back({N->getBlockID(), K});
    }
    for (size_t T = 0; T < Targets.size(); ++T) {
      auto [Id, K] = Targets[T];
      State S2 = T + 1 == Targets.size() ? std::move(Out) : State(Out);
      if (C && !refine(S2, C, K == 0))
        continue;
      releaseLoopElements(B, K, S2);
      refineSwitchOuts(S2, B, (B->succ_begin() + K)->getReachableBlock());
      if (Visits[Id] >= MaxVisits) {
        if (!Widened) {
          Widened = true;
          A.addLimit(FD, "was widened: a loop did not settle in " +
                             std::to_string(MaxVisits) +
                             " passes; memory still owned there is taken "
                             "as kept, not leaked");
        }
        widen(S2);
      }
      if (joinInto(Id, std::move(S2))) {
        if (Visits[Id] >= MaxVisits)
          for (State &D : In[Id])
            widen(D);
        Work.insert(Rank[Id]);
      }
    }
  };

  std::set<unsigned> Work{Rank[Cfg->getEntry().getBlockID()]};
  while (!Work.empty()) {
    unsigned R = *Work.begin();
    Work.erase(Work.begin());
    const CFGBlock *B = Order[R];
    ++Visits[B->getBlockID()];
    // A snapshot: propagating may join into this very block (a loop).
    std::vector<State> Ins = In[B->getBlockID()];
    for (State &S : Ins) {
      transferBlock(B, S);
      // Past a call that never returns the path is dead.
      if (!NoReturnBlock)
        Propagate(B, S, Work);
    }
    if (Steps > MaxSteps) {
      A.addLimit(FD, "was given up: its fixpoint took more than " +
                         std::to_string(MaxSteps) +
                         " steps; no leak is reported in it");
      return false;
    }
  }

  // The reporting pass over the fixpoint. Each block starts from its own
  // fixpoint state, so blocks can be skipped independently: without any
  // allocation there is nothing to report, and only the blocks that return
  // a pointer add to the summary.
  bool AnyAllocation = !SiteObjs.empty();
  Reporting = true;
  for (const CFGBlock *B : Order) {
    if (!AnyAllocation &&
        !(ReturnsPointer && ReturnBlocks.contains(B->getBlockID())))
      continue;
    for (State S : In[B->getBlockID()])
      transferBlock(B, S);
  }
  Reporting = false;

  summarise();
  emitReports();
  return true;
}

} // namespace ownership
} // namespace leakhound
