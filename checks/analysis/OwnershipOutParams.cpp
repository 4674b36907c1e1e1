//===--- OwnershipOutParams.cpp - fresh memory handed out through params --===//
//
// Out-parameters in the ownership engine: a callee that stores fresh memory
// through a pointer parameter (`*out = buf`, `p->name = strdup(s)`) hands
// the caller ownership of it (see OwnershipModel.h for the memory terms).
//
// Terms.
//  * An *out slot* of a function is `*param` or `param->field` (one level,
//    a parameter of pointer type, not `this`). A block the function owns
//    and stores there is *handed out* (state bit BOut, alone, so that any
//    later effect on the block, a release or an escape, replaces it).
//  * The summary records the slots that hold a handed-out block at the
//    function's returns (OutSlot in OwnershipFacts.h): on every return
//    (Always), or only on returns of some constant values (FreshOn: a slot
//    filled on `return 0` and left alone on `return -1`). A slot that holds
//    a block on some paths to one return and not on others, that holds a
//    block the function also returns, or (returning fresh memory only
//    from non-constant returns) is empty on some return, is left out: the
//    caller could not tell when it owns the memory.
//  * At a call (applyOuts), each out slot of the callee becomes a fresh
//    block of the caller, allocated at the argument, stored where the
//    argument points (`&local`, a field of a local struct, a block the
//    caller owns, or the caller's own out slot, which hands it on). A slot
//    fresh only on some return values is *guarded*: a branch on the call's
//    result (`if (f(&p) != 0)`, `if (!f(&p))`, through a variable that
//    holds the result) drops the block on the edge where no value it is
//    fresh on can hold (refineOuts).
//
// Limits: slots deeper than one level, references and pointer results that tell
// success apart are not followed.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

/// The pointee record of a pointer parameter's type, or null.
static const RecordDecl *pointeeRecord(QualType T) {
  if (!T->isPointerType())
    return nullptr;
  return T->getPointeeType()->getAsRecordDecl();
}

void OwnershipAnalysis::Impl::outModels(const FunctionDecl *FD,
                                        const OwnershipSummary &S,
                                        CallModel &M) {
  for (const OutSlot &O : S.Outs) {
    if (O.Param >= FD->getNumParams())
      continue;
    QualType T = FD->getParamDecl(O.Param)->getType();
    if (!T->isPointerType())
      continue;
    OutModel OM;
    OM.Param = O.Param;
    OM.Index = O.Index;
    if (!O.Field.empty()) {
      const RecordDecl *RD = pointeeRecord(T);
      if (!RD || !(RD = RD->getDefinition()))
        continue;
      for (const FieldDecl *F : RD->fields())
        if (F->getName() == O.Field)
          OM.Field = F;
      if (!OM.Field)
        continue;
    }
    OM.Always = O.Always;
    OM.FreshOn.assign(O.FreshOn.begin(), O.FreshOn.end());
    OM.EmptyOn.assign(O.EmptyOn.begin(), O.EmptyOn.end());
    OM.Dealloc = O.Dealloc;
    M.Outs.push_back(std::move(OM));
  }
}

bool OwnershipAnalysis::Impl::mayHandOut(const CallExpr *CE) {
  for (const Expr *Arg : CE->arguments()) {
    QualType T = Arg->IgnoreParenImpCasts()->getType();
    if (!T->isPointerType())
      continue;
    QualType P = T->getPointeeType();
    if (P->isPointerType() || P->isRecordType() ||
        (!tracksMemory() && isDescriptorType(P)))
      return true;
  }
  return false;
}

void OwnershipAnalysis::Impl::condOutModels(const FunctionDecl *FD,
                                            llvm::StringRef Usr, CallModel &M) {
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    QualType T = FD->getParamDecl(I)->getType();
    if (!T->isPointerType() || T->getPointeeType().isConstQualified())
      continue;
    QualType P = T->getPointeeType();
    OutModel OM;
    OM.Param = I;
    OM.CondUsr = Usr.str();
    if (P->isPointerType() && !P->getPointeeType()->isFunctionType()) {
      M.Outs.push_back(OM);
      continue;
    }
    const RecordDecl *RD = P->getAsRecordDecl();
    if (!RD || !(RD = RD->getDefinition()) || RD->isUnion())
      continue;
    // A struct with few pointer fields (a pair, a result): each may be
    // filled. A larger one is a context object, not followed.
    llvm::SmallVector<const FieldDecl *, 4> Fields;
    for (const FieldDecl *F : RD->fields())
      if (F->getType()->isPointerType() &&
          !F->getType()->getPointeeType()->isFunctionType())
        Fields.push_back(F);
    if (Fields.empty() || Fields.size() > 4)
      continue;
    for (const FieldDecl *F : Fields) {
      OM.Field = F;
      M.Outs.push_back(OM);
    }
  }
}

namespace ownership {

void FunctionAnalysis::handOutOrEscape(State &S, const LValue &LV,
                                       const TargetSet &V, int Index) {
  // Which of the stored blocks go into one out slot of this function.
  TargetSet Out;
  const FieldDecl *Field = nullptr;
  unsigned Param = ~0u;
  if (!LV.Untracked && LV.Locs.size() == 1) {
    const LocInfo &L = Locs[LV.Locs[0]];
    if (L.Parent != ~0u && Locs[L.Parent].Parent == ~0u) {
      unsigned P = Locs[L.Parent].Obj;
      if (P && Objs[P].Kind == ObjKind::Param &&
          Objs[P].Param < FD->getNumParams() &&
          FD->getParamDecl(Objs[P].Param)->getType()->isPointerType()) {
        Param = Objs[P].Param;
        Field = L.Field;
      }
    }
  }
  if (Param != ~0u)
    for (unsigned T : V)
      if (isObj(T) && Objs[T].Kind == ObjKind::Alloc)
        if (auto It = S.Objs.find(T);
            It != S.Objs.end() && (It->second.Bits & BOwned))
          Out.push_back(T);
  escapeAll(S, V);
  // The slot holds the block now: a later null check of `*param` or a
  // release through it (`free(*out)`) applies to it.
  if (!Out.empty())
    S.Pts[LV.Locs[0]] = Out;
  for (unsigned T : Out) {
    ObjState &St = S.Objs[T];
    St.Bits = (St.Bits & BNull) | BOut;
    St.Deps.clear();
    OutKey Key{Param, Field, Field ? -1 : Index};
    auto [It, New] = OutSlotOf.try_emplace(T, Key);
    if (!New && It->second != Key)
      It->second = {~0u, nullptr, -1};
  }
}

void FunctionAnalysis::noteOutReturn(const State &S, const ReturnStmt *RS,
                                     const TargetSet &Ret) {
  if (OutSlotOf.empty())
    return;
  std::optional<int64_t> K;
  // `return f(&p->x)` (or a variable holding its result): the values the
  // block is fresh on are those of the call that filled the slot.
  const std::vector<OutGuard> *Forwarded = nullptr;
  if (const Expr *RV = RS->getRetValue()) {
    if (RV->getType()->isPointerType() &&
        RV->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      K = 0;
    else
      K = intConstant(RV, Ctx);
    const Expr *E = RV->IgnoreParenImpCasts();
    const CallExpr *CE = dyn_cast<CallExpr>(E);
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        if (auto It = ResultVars.find(V); It != ResultVars.end())
          CE = It->second;
    if (auto It = CE ? OutGuards.find(CE) : OutGuards.end();
        It != OutGuards.end())
      Forwarded = &It->second;
  }
  std::map<OutKey, const OutGuard *> Via;
  std::map<OutKey, bool> Fresh;
  for (const auto &[T, Slot] : OutSlotOf) {
    if (std::get<0>(Slot) == ~0u)
      continue;
    OutRecord &R = OutRecords[Slot];
    bool &F = Fresh[Slot];
    auto It = S.Objs.find(T);
    if (It == S.Objs.end())
      continue;
    uint8_t Bits = It->second.Bits;
    if (!(Bits & BOut))
      continue;
    F = true;
    if (Forwarded)
      for (const OutGuard &G : *Forwarded)
        if (G.Obj == T)
          Via[Slot] = &G;
    if ((Bits & (BOwned | BReleased | BEscaped | BCond)) ||
        llvm::is_contained(Ret, T))
      R.Bad = true;
    R.Deallocs.insert(Objs[T].Dealloc);
  }
  for (const auto &[Slot, F] : Fresh) {
    OutRecord &R = OutRecords[Slot];
    if (auto V = Via.find(Slot); F && V != Via.end()) {
      R.FreshOn.insert(V->second->FreshOn.begin(), V->second->FreshOn.end());
      R.Forwarded = true;
    } else if (F && K)
      R.FreshOn.insert(*K);
    else if (F)
      R.FreshNonConst = true;
    else if (K)
      R.NotOn.insert(*K);
    else
      R.NotFreshNonConst = true;
  }
}

void FunctionAnalysis::summariseOuts(const State &Exit) {
  bool Void = FD->getReturnType()->isVoidType();
  // A void function (or one whose slots no return saw): the exit state.
  std::map<OutKey, OutRecord> ExitRecords;
  for (const auto &[T, Slot] : OutSlotOf) {
    if (std::get<0>(Slot) == ~0u)
      continue;
    OutRecord &R = ExitRecords[Slot];
    auto It = Exit.Objs.find(T);
    if (It == Exit.Objs.end() || !(It->second.Bits & BOut))
      continue;
    R.FreshNonConst = true;
    if (It->second.Bits & (BOwned | BReleased | BEscaped | BCond))
      R.Bad = true;
    R.Deallocs.insert(Objs[T].Dealloc);
  }
  for (auto &[Slot, ER] : ExitRecords) {
    auto RI = OutRecords.find(Slot);
    const OutRecord &R = Void || RI == OutRecords.end() ? ER : RI->second;
    if (R.Bad || (R.FreshOn.empty() && !R.FreshNonConst))
      continue;
    OutSlot O;
    O.Param = std::get<0>(Slot);
    if (const FieldDecl *F = std::get<1>(Slot))
      O.Field = F->getName().str();
    O.Index = std::get<2>(Slot);
    bool AnyNot = !R.NotOn.empty() || R.NotFreshNonConst;
    if (R.FreshNonConst) {
      bool Clash = llvm::any_of(
          R.FreshOn, [&](int64_t K) { return R.NotOn.count(K) != 0; });
      if (!Void && (R.NotFreshNonConst || Clash))
        continue; // Cannot tell the caller when it owns the memory.
      // Empty only on some constant returns (`return 0` before filling,
      // `return *out != NULL` after): fresh on every other value.
      if (!Void && !R.NotOn.empty())
        O.EmptyOn = R.NotOn;
      else
        O.Always = true;
    } else if (!AnyNot && !R.Forwarded) {
      O.Always = true;
    } else {
      bool Clash = llvm::any_of(
          R.FreshOn, [&](int64_t K) { return R.NotOn.count(K) != 0; });
      if (Clash)
        continue;
      O.FreshOn = R.FreshOn;
    }
    if (R.Deallocs.size() == 1)
      O.Dealloc = *R.Deallocs.begin();
    Summary.Outs.push_back(std::move(O));
  }
}

void FunctionAnalysis::applyOuts(State &S, const CallExpr *CE,
                                 const CallModel &M,
                                 llvm::ArrayRef<const Expr *> Args) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (M.Outs.empty() || !Callee)
    return;
  for (unsigned I = 0; I < Args.size(); ++I) {
    llvm::SmallVector<const OutModel *, 2> Slots;
    for (const OutModel &O : M.Outs)
      if (O.Param == I)
        Slots.push_back(&O);
    if (Slots.empty())
      continue;
    const Expr *Arg = Args[I];
    TargetSet Base = valueOf(S, Arg);
    std::string Text;
    const Expr *Bare = Arg->IgnoreParenImpCasts();
    bool Addr = false;
    if (const auto *U = dyn_cast<UnaryOperator>(Bare);
        U && U->getOpcode() == UO_AddrOf) {
      Text = textOf(U->getSubExpr(), Ctx);
      Addr = true;
    } else {
      Text = textOf(Bare, Ctx);
    }
    auto &Guards = OutGuards[CE];
    for (unsigned K = 0; K < Slots.size(); ++K) {
      const OutModel *O = Slots[K];
      LValue LV;
      for (unsigned T : Base) {
        if (isAddr(T)) {
          unsigned L = T & ~AddrBit;
          if (O->Index >= 0) {
            // `arg[Index]`: an element of a local array (the array
            // decayed, or `&fds[0]`).
            if (smashed(L))
              LV.Locs.push_back(element(L, O->Index));
            else if (Locs[L].Index >= 0)
              LV.Locs.push_back(
                  element(Locs[L].Parent, Locs[L].Index + O->Index));
            continue;
          }
          LV.Locs.push_back(O->Field ? child(L, O->Field) : L);
        } else if (isObj(T) && (tracked(S, T) || isParamObj(T))) {
          LV.Locs.push_back(child(objRoot(T), O->Field));
        }
      }
      if (LV.Locs.empty())
        continue;
      std::string Name;
      if (!Text.empty() && O->Index >= 0)
        Name = Addr ? std::string() : Text + "[" + std::to_string(O->Index) + "]";
      else if (!Text.empty())
        Name = O->Field ? Text + (Addr ? "." : "->") + O->Field->getName().str()
                        : (Addr ? Text : "*" + Text);
      // One block per slot: the fields of a filled struct leak apart.
      CallModel AM;
      AM.Ret =
          O->CondUsr.empty() ? CallModel::RetFresh : CallModel::RetCondFresh;
      AM.MaybeNull = true;
      AM.AllocName = baseName(Callee->getName()).str();
      AM.Dealloc = O->Dealloc;
      std::string FieldName = O->Field ? O->Field->getName().str() : "";
      if (!O->CondUsr.empty())
        AM.FreshUsrs = {outFreshKey(O->CondUsr, I, FieldName)};
      unsigned Obj = allocate(S, Arg, AM, 2 * K);
      if (O->Always) {
        store(S, LV, {Obj}, Name);
      } else {
        // The slot may keep its old value (the call failed): both.
        for (unsigned L : LV.Locs) {
          if (callerMemory(L)) {
            LValue One;
            One.Locs.push_back(L);
            // `pipe(fds)` with the caller's `fds`: the element stays apart
            // in the summary, so the caller's caller closes each end.
            handOutOrEscape(S, One, {Obj}, O->Field ? -1 : O->Index);
            continue;
          }
          addTarget(S.Pts[L], Obj);
          if (!Name.empty())
            LocNames.try_emplace(L, Name);
        }
        if (!Name.empty())
          Objs[Obj].LastName = Name;
      }
      llvm::erase_if(Guards, [&](const OutGuard &G) { return G.Obj == Obj; });
      if (!O->Always) {
        OutGuard G{Obj, O->FreshOn, O->EmptyOn};
        G.CondUsr = O->CondUsr;
        G.Field = FieldName;
        G.Param = I;
        Guards.push_back(std::move(G));
      }
    }
  }
}

static std::vector<std::string> outNots(const FoundLeak &F) {
  std::vector<std::string> Out;
  for (const std::string &D : F.UnlessDeps)
    if (llvm::StringRef(D).starts_with("outnot:"))
      Out.push_back(D);
  std::sort(Out.begin(), Out.end());
  return Out;
}

bool FunctionAnalysis::keepOutAlternative(const FoundLeak &Old,
                                          const FoundLeak &L) {
  if (!Old.Conditional || !L.Conditional)
    return false;
  std::vector<std::string> X = outNots(Old), Y = outNots(L);
  if (X == Y)
    return false;
  auto &Alts = OutAlternatives[Objs[L.Obj].Site];
  for (FoundLeak &F : Alts)
    if (outNots(F) == Y) {
      if (L.Where != F.Where && SM.isBeforeInTranslationUnit(L.Where, F.Where))
        F = L;
      return true;
    }
  Alts.push_back(L);
  return true;
}

void FunctionAnalysis::emitOutAlternatives() {
  for (auto &[Site, Alts] : OutAlternatives)
    for (const FoundLeak &L : Alts) {
      auto Notes = pathNotes(L);
      if (!Notes)
        continue;
      LeakReport R;
      R.Where = L.Where;
      R.Message = L.Message;
      R.Notes = std::move(*Notes);
      R.Conditional = true;
      R.FreshDeps = L.FreshDeps;
      R.UnlessDeps = L.UnlessDeps;
      std::sort(R.UnlessDeps.begin(), R.UnlessDeps.end());
      A.addReport(std::move(R));
    }
}

/// Whether `X op K` holds.
static bool holds(BinaryOperatorKind Op, int64_t X, int64_t K) {
  switch (Op) {
  case BO_EQ:
    return X == K;
  case BO_NE:
    return X != K;
  case BO_LT:
    return X < K;
  case BO_LE:
    return X <= K;
  case BO_GT:
    return X > K;
  case BO_GE:
    return X >= K;
  default:
    return true;
  }
}

static BinaryOperatorKind swapped(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_LE:
    return BO_GE;
  case BO_GT:
    return BO_LT;
  case BO_GE:
    return BO_LE;
  default:
    return Op;
  }
}

static BinaryOperatorKind negated(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_EQ:
    return BO_NE;
  case BO_NE:
    return BO_EQ;
  case BO_LT:
    return BO_GE;
  case BO_LE:
    return BO_GT;
  case BO_GT:
    return BO_LE;
  case BO_GE:
    return BO_LT;
  default:
    return Op;
  }
}

void FunctionAnalysis::refineOuts(State &S, const Expr *C, bool Truth) {
  if (OutGuards.empty())
    return;
  auto CallOf = [&](const Expr *E) -> const CallExpr * {
    E = E->IgnoreParenImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->getOpcode() == BO_Assign)
      E = BO->getRHS()->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(E))
      return OutGuards.count(CE) ? CE : nullptr;
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        if (auto It = ResultVars.find(V); It != ResultVars.end())
          return It->second;
    return nullptr;
  };
  const CallExpr *CE = nullptr;
  BinaryOperatorKind Op = BO_NE;
  int64_t K = 0;
  if ((CE = CallOf(C))) {
    Op = BO_NE; // `if (f(&p))`: the result is non-zero.
  } else if (const auto *BO = dyn_cast<BinaryOperator>(C->IgnoreParens());
             BO && (BO->isEqualityOp() || BO->isRelationalOp())) {
    std::optional<int64_t> V;
    if ((CE = CallOf(BO->getLHS()))) {
      V = intConstant(BO->getRHS(), Ctx);
      Op = BO->getOpcode();
    } else if ((CE = CallOf(BO->getRHS()))) {
      V = intConstant(BO->getLHS(), Ctx);
      Op = swapped(BO->getOpcode());
    }
    if (!CE || !V)
      return;
    K = *V;
  } else {
    return;
  }
  if (!Truth)
    Op = negated(Op);
  auto It = OutGuards.find(CE);
  if (It == OutGuards.end())
    return;
  for (const OutGuard &G : It->second) {
    if (!G.CondUsr.empty()) {
      // Defined in another TU: the merge decides whether memory exists on
      // this edge.
      static const char *const OpNames[] = {"eq", "ne", "lt", "le", "gt", "ge"};
      unsigned OpIx = Op == BO_EQ   ? 0
                      : Op == BO_NE ? 1
                      : Op == BO_LT ? 2
                      : Op == BO_LE ? 3
                      : Op == BO_GT ? 4
                                    : 5;
      PartEffect P;
      P.Kind = PartKind::Cond;
      P.Deps.push_back(
          A.depId(outNotKey(G.CondUsr, G.Param, G.Field, OpNames[OpIx], K)));
      setFate(S, G.Obj, P, "");
      continue;
    }
    if (!G.EmptyOn.empty()) {
      if (Op != BO_EQ || !llvm::is_contained(G.EmptyOn, K))
        continue;
    } else if (llvm::any_of(G.FreshOn,
                            [&](int64_t X) { return holds(Op, X, K); })) {
      continue;
    }
    // On this edge the callee handed out nothing.
    if (S.Objs.find(G.Obj) != S.Objs.end()) {
      S.Objs.erase(G.Obj);
      eraseHeapLocs(S, G.Obj);
    }
  }
}

void FunctionAnalysis::refineSwitchOuts(State &S, const CFGBlock *B,
                                        const CFGBlock *To) {
  if (OutGuards.empty() || !To)
    return;
  const auto *SW = dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt());
  if (!SW || !SW->getCond())
    return;
  const Expr *C = SW->getCond()->IgnoreParenImpCasts();
  const CallExpr *CE = dyn_cast<CallExpr>(C);
  if (const auto *DR = dyn_cast<DeclRefExpr>(C))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      if (auto It = ResultVars.find(V); It != ResultVars.end())
        CE = It->second;
  auto It = CE ? OutGuards.find(CE) : OutGuards.end();
  if (It == OutGuards.end())
    return;
  // The values that lead to \p To: its case label, or for `default` (or
  // the edge past the switch) every value no case names.
  std::vector<int64_t> Cases;
  for (const SwitchCase *SC = SW->getSwitchCaseList(); SC;
       SC = SC->getNextSwitchCase())
    if (const auto *CS = dyn_cast<CaseStmt>(SC)) {
      if (CS->getRHS())
        return; // A range: not followed.
      if (auto K = intConstant(CS->getLHS(), Ctx))
        Cases.push_back(*K);
      else
        return;
    }
  std::optional<int64_t> Label;
  if (const auto *CS = dyn_cast_or_null<CaseStmt>(To->getLabel()))
    Label = intConstant(CS->getLHS(), Ctx);
  for (const OutGuard &G : It->second) {
    if (!G.CondUsr.empty()) {
      // Another TU's: the merge decides ("none": the default edge, taken
      // as empty unless the slot is always filled).
      PartEffect P;
      P.Kind = PartKind::Cond;
      P.Deps.push_back(A.depId(outNotKey(G.CondUsr, G.Param, G.Field,
                                         Label ? "eq" : "none",
                                         Label ? *Label : 0)));
      setFate(S, G.Obj, P, "");
      continue;
    }
    bool Reaches =
        G.EmptyOn.empty()
            ? llvm::any_of(G.FreshOn,
                           [&](int64_t X) {
                             return Label ? X == *Label
                                          : !llvm::is_contained(Cases, X);
                           })
            : !Label || !llvm::is_contained(G.EmptyOn, *Label);
    if (!Reaches && S.Objs.find(G.Obj) != S.Objs.end()) {
      S.Objs.erase(G.Obj);
      eraseHeapLocs(S, G.Obj);
    }
  }
}

void FunctionAnalysis::noteResultVar(const VarDecl *V, const Expr *Init) {
  const auto *CE =
      Init ? dyn_cast<CallExpr>(Init->IgnoreParenImpCasts()) : nullptr;
  if (CE && OutGuards.count(CE))
    ResultVars[V] = CE;
  else if (!ResultVars.empty())
    ResultVars.erase(V);
}

} // namespace ownership
} // namespace leakhound
