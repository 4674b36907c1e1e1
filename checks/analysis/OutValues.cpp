//===--- OutValues.cpp - integers a function stores through its parameters ===//
//
// A function often reports how it went twice: in its result and in an
// integer it is given by pointer (`p = parse(s, &failed)`, `entries =
// sort(items, &too_deep)`), setting the flag only on the path where it
// returns null or an error code. A caller's witness path that assumes a
// non-null result and a set flag is then impossible, but the caller cannot
// see that from its own body. This file computes, per function, the value
// each such out-parameter holds at the function's returns, told apart by
// the returned value; Feasibility.cpp applies it at calls (the flag after
// the call is a solver term that depends on the call's result).
//
// Terms.
//  * An *integer out-parameter* is a parameter of type pointer to a
//    non-const integer, enum or boolean that the body only dereferences
//    (`*p = v`, `p[0] = v`, reading `*p`), tests (`if (p)`, `p != NULL`)
//    or passes to a call. Any other use (assigning `p`, taking `&p` or
//    `&*p`, copying `p` into another variable, indexing beyond element 0)
//    drops the parameter: the function could write `*p` through an alias.
//  * Its *value* on a path (OutValue): Kept (nothing on the path wrote it,
//    so it holds what the caller stored), a constant (the last write on
//    the path stored that integer constant), or Any (another write, or the
//    pointer was passed to a call, which may write anything). Paths join
//    to Any unless they agree.
//  * A *return class*: a return of an integer constant expression, of a
//    null pointer constant (0), or of anything else (*other*).
//  * The summary (OutFlag): for each constant r returned somewhere, the
//    join of the values at the returns of r and at the other returns (an
//    other return may yield r too); for any other result, the join at the
//    other returns (Any when there is none).
//
// Cost: one forward pass to a fixpoint over the CFG the ownership dataflow
// already built, only for functions with an integer out-parameter; the
// lattice has height 2, so each block is visited a few times at most.
//
// The summary's join and JSON form, which the facts merge also needs, are in
// OutFlags.cpp.
//
// Limits: a reference parameter, a pointer to a struct's integer field, a
// flag set from a variable that holds a constant, a result that is a
// variable holding a constant (`rc = -1; ... return rc;`) and writes in
// callees are not followed (they give Any, or the other class).
//
//===----------------------------------------------------------------------===//

#include "OutValues.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <set>

using namespace clang;

namespace leakhound {

static constexpr unsigned MaxReturnClasses = 8;


/// Whether \p T is a pointer to a non-const integer, enum or boolean.
static bool isIntegerOutType(QualType T) {
  if (!T->isPointerType())
    return false;
  QualType P = T->getPointeeType();
  return !P.isConstQualified() && !P.isVolatileQualified() &&
         P->isIntegralOrEnumerationType();
}

/// The candidate parameter \p E dereferences (`*p`, `p[0]`), if any.
static const ParmVarDecl *
derefOf(const Expr *E, const llvm::DenseMap<const ParmVarDecl *, unsigned> &Idx,
        const ASTContext &Ctx) {
  E = E->IgnoreParens();
  const Expr *Ptr = nullptr;
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    Ptr = UO->getSubExpr();
  else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    Expr::EvalResult R;
    if (!AS->getIdx()->isValueDependent() &&
        AS->getIdx()->EvaluateAsInt(R, Ctx) && R.Val.getInt().isZero())
      Ptr = AS->getBase();
  }
  if (!Ptr)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(Ptr->IgnoreParenImpCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  return P && Idx.count(P) ? P : nullptr;
}

namespace {

/// Drops the candidates used other than as the design comment allows.
class UseScan : public RecursiveASTVisitor<UseScan> {
public:
  UseScan(ParentMap &PM, llvm::DenseMap<const ParmVarDecl *, unsigned> &Idx,
          const ASTContext &Ctx)
      : PM(PM), Idx(Idx), Ctx(Ctx) {}
  llvm::DenseSet<const ParmVarDecl *> Dropped;

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
    if (!P || !Idx.count(P))
      return true;
    if (!allowed(DRE))
      Dropped.insert(P);
    return true;
  }

private:
  bool allowed(const DeclRefExpr *DRE) {
    if (DRE->refersToEnclosingVariableOrCapture())
      return false;
    const auto *Read =
        dyn_cast_or_null<ImplicitCastExpr>(PM.getParentIgnoreParens(DRE));
    if (!Read || Read->getCastKind() != CK_LValueToRValue)
      return false;
    const Stmt *U = PM.getParentIgnoreParens(Read);
    if (!U)
      return false;
    // `*p` or `p[0]`: a read, or the left side of an assignment.
    if (const auto *E = dyn_cast<Expr>(U); E && derefOf(E, Idx, Ctx)) {
      const Stmt *L = PM.getParentIgnoreParens(E);
      if (const auto *C = dyn_cast_or_null<ImplicitCastExpr>(L))
        return C->getCastKind() == CK_LValueToRValue;
      if (const auto *BO = dyn_cast_or_null<BinaryOperator>(L))
        return BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == E;
      if (const auto *UO = dyn_cast_or_null<UnaryOperator>(L))
        return UO->isIncrementDecrementOp();
      return false;
    }
    // Tests of the pointer itself.
    if (const auto *C = dyn_cast<ImplicitCastExpr>(U))
      if (C->getCastKind() == CK_PointerToBoolean)
        return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(U))
      if (BO->isEqualityOp() || BO->isLogicalOp())
        return true;
    if (const auto *UO = dyn_cast<UnaryOperator>(U))
      if (UO->getOpcode() == UO_LNot)
        return true;
    // An argument of a call (through conversions): the call may write.
    const Stmt *A = Read;
    while (const auto *C = dyn_cast_or_null<ImplicitCastExpr>(U)) {
      A = C;
      U = PM.getParentIgnoreParens(C);
    }
    if (const auto *CE = dyn_cast_or_null<CallExpr>(U))
      for (const Expr *Arg : CE->arguments())
        if (Arg->IgnoreParens() == A)
          return true;
    return false;
  }
  ParentMap &PM;
  llvm::DenseMap<const ParmVarDecl *, unsigned> &Idx;
  const ASTContext &Ctx;
};

/// The values of the candidates along one path (or a join of paths).
struct FlowState {
  bool Reached = false;
  std::vector<OutValue> Vals;

  bool join(const FlowState &O) {
    if (!O.Reached)
      return false;
    if (!Reached) {
      *this = O;
      return true;
    }
    bool Changed = false;
    for (size_t I = 0; I < Vals.size(); ++I) {
      OutValue Old = Vals[I];
      Vals[I].join(O.Vals[I]);
      Changed |= Old != Vals[I];
    }
    return Changed;
  }
};

} // namespace

/// The constant \p E is, as a return class: an integer constant
/// expression or a null pointer constant; nullopt for anything else.
static std::optional<int64_t> returnClass(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return std::nullopt;
  if (E->getType()->isPointerType()) {
    if (E->IgnoreParenCasts()->isNullPointerConstant(
            Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull)
      return 0;
    return std::nullopt;
  }
  if (!E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx, Expr::SE_NoSideEffects))
    return std::nullopt;
  const llvm::APSInt &I = R.Val.getInt();
  if (I.getSignificantBits() > 64)
    return std::nullopt;
  return I.isSigned() ? I.getSExtValue()
                      : static_cast<int64_t>(I.getZExtValue());
}

std::vector<OutFlag> summariseOutValues(const FunctionDecl *FD, const CFG &Cfg,
                                        ASTContext &Ctx) {
  llvm::DenseMap<const ParmVarDecl *, unsigned> Idx;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (isIntegerOutType(FD->getParamDecl(I)->getType()))
      Idx[FD->getParamDecl(I)] = I;
  if (Idx.empty() || !FD->getBody())
    return {};
  {
    ParentMap PM(const_cast<Stmt *>(FD->getBody()));
    UseScan Scan(PM, Idx, Ctx);
    Scan.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
    for (const ParmVarDecl *P : Scan.Dropped)
      Idx.erase(P);
  }
  if (Idx.empty())
    return {};
  // Dense slots for the candidates.
  std::vector<const ParmVarDecl *> Params;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (Idx.count(FD->getParamDecl(I)))
      Params.push_back(FD->getParamDecl(I));
  llvm::DenseMap<const ParmVarDecl *, unsigned> Slot;
  for (unsigned I = 0; I < Params.size(); ++I)
    Slot[Params[I]] = I;

  auto Constant = [&](const Expr *E) {
    std::optional<int64_t> K;
    Expr::EvalResult R;
    if (!E->isValueDependent() &&
        E->EvaluateAsInt(R, Ctx, Expr::SE_NoSideEffects) &&
        R.Val.getInt().getSignificantBits() <= 64)
      K = R.Val.getInt().isSigned()
              ? R.Val.getInt().getSExtValue()
              : static_cast<int64_t>(R.Val.getInt().getZExtValue());
    return K ? OutValue::constant(*K) : OutValue::any();
  };

  std::map<int64_t, FlowState> ConstRets;
  FlowState OtherRets;
  bool TooMany = false;
  auto Transfer = [&](FlowState &S, const Stmt *St) {
    if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
      if (!BO->isAssignmentOp())
        return;
      if (const ParmVarDecl *P = derefOf(BO->getLHS(), Idx, Ctx))
        S.Vals[Slot[P]] = BO->getOpcode() == BO_Assign
                              ? Constant(BO->getRHS())
                              : OutValue::any();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(St)) {
      if (UO->isIncrementDecrementOp())
        if (const ParmVarDecl *P = derefOf(UO->getSubExpr(), Idx, Ctx))
          S.Vals[Slot[P]] = OutValue::any();
    } else if (const auto *CE = dyn_cast<CallExpr>(St)) {
      for (const Expr *Arg : CE->arguments())
        if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()))
          if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
              P && Slot.count(P))
            S.Vals[Slot[P]] = OutValue::any();
    } else if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
      std::optional<int64_t> K = returnClass(RS->getRetValue(), Ctx);
      if (!K) {
        OtherRets.join(S);
        return;
      }
      auto [It, New] = ConstRets.try_emplace(*K);
      if (New && ConstRets.size() > MaxReturnClasses)
        TooMany = true;
      It->second.join(S);
    }
  };

  // A forward pass to the fixpoint, in the CFG's reverse post-order.
  std::vector<FlowState> In(Cfg.getNumBlockIDs());
  FlowState Entry;
  Entry.Reached = true;
  Entry.Vals.assign(Params.size(), OutValue());
  In[Cfg.getEntry().getBlockID()] = Entry;
  std::vector<bool> Queued(Cfg.getNumBlockIDs(), false);
  std::vector<const CFGBlock *> Work{&Cfg.getEntry()};
  Queued[Cfg.getEntry().getBlockID()] = true;
  // Returns are recorded on the last round only: run to the fixpoint
  // first, then once over every reached block.
  bool Record = false;
  auto Run = [&](const CFGBlock *B) {
    FlowState S = In[B->getBlockID()];
    for (const CFGElement &El : *B)
      if (auto CS = El.getAs<CFGStmt>()) {
        const Stmt *St = CS->getStmt();
        if (!Record && isa<ReturnStmt>(St))
          continue;
        Transfer(S, St);
      }
    return S;
  };
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    Queued[B->getBlockID()] = false;
    FlowState Out = Run(B);
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *N = Succ.getReachableBlock())
        if (In[N->getBlockID()].join(Out) && !Queued[N->getBlockID()]) {
          Queued[N->getBlockID()] = true;
          Work.push_back(N);
        }
  }
  Record = true;
  for (const CFGBlock *B : Cfg)
    if (In[B->getBlockID()].Reached)
      Run(B);
  if (TooMany)
    return {};

  std::vector<OutFlag> Flags;
  for (unsigned I = 0; I < Params.size(); ++I) {
    OutFlag F;
    F.Param = Idx[Params[I]];
    for (const auto &[K, S] : ConstRets) {
      if (!S.Reached)
        continue;
      OutValue V = S.Vals[I];
      if (OtherRets.Reached)
        V.join(OtherRets.Vals[I]);
      F.On[K] = V;
    }
    F.Otherwise = OtherRets.Reached ? OtherRets.Vals[I] : OutValue::any();
    // Classes equal to the default say nothing more.
    for (auto It = F.On.begin(); It != F.On.end();)
      It = It->second == F.Otherwise ? F.On.erase(It) : std::next(It);
    if (F.informative())
      Flags.push_back(std::move(F));
  }
  return Flags;
}

} // namespace leakhound
