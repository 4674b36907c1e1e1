//===--- OwnershipBranches.cpp - what a branch condition teaches ----------===//
//
// Path sensitivity in FunctionAnalysis: what taking one edge of a branch
// says about the state, and the facts that tell paths apart.
//
//  * A *null check* is a condition that tests a pointer against null (`p`,
//    `!p`, `p == NULL`, `(p = f())`). On the null edge the block a pointer
//    holds does not exist (its object is dropped, and what it holds), or,
//    for the caller's memory, is null; on the non-null edge Null is removed
//    from the object's state. A location that is the pointer's single,
//    strong location holds exactly null on the null edge (applyNull).
//    For descriptors the none test splits negative from non-negative
//    values (noneDescriptor): `fd < 0`, `fd == -1`, `fd >= 0`, `fd != -1`;
//    an order test against 0, 1 or 2 (`fd > 2`) sets the standard
//    descriptors, which the process keeps, apart the same way.
//  * An *integer fact* (IntFact) about a local integer (or pointer) tested
//    in at least two conditions and whose address is not taken: `v == K`
//    or `v != K`. Refining by a condition adds the fact or, when the facts
//    already contradict the edge, makes the edge infeasible (refine returns
//    false). A store to the variable kills or sets its fact (killFact).
//  * The *branch condition* of a block is its terminator's condition; for
//    `&&`/`||` chains the CFG gives each operand its own block, so the
//    condition of a block is the last operand.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace leakhound {
namespace ownership {

void FunctionAnalysis::killFact(State &S, const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      S.Facts.erase(V);
}

const VarDecl *factVar(const Expr *E, const BodyScan &Scan,
                       bool AllowPointers) {
  const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!DR)
    return nullptr;
  const auto *V = dyn_cast<VarDecl>(DR->getDecl());
  if (!V || !V->hasLocalStorage() ||
      !(V->getType()->isIntegralOrEnumerationType() ||
        (AllowPointers && V->getType()->isPointerType())) ||
      Scan.AddressTaken.count(V))
    return nullptr;
  auto It = Scan.InConditions.find(V);
  if (It == Scan.InConditions.end() || It->second < 2)
    return nullptr;
  return V;
}

/// \p C without `__builtin_expect` (`likely()`, `unlikely()`), which has
/// the value of its first argument.
static const Expr *withoutExpect(const Expr *C) {
  while (true) {
    C = C->IgnoreParenImpCasts();
    const auto *CE = dyn_cast<CallExpr>(C);
    unsigned B = CE ? CE->getBuiltinCallee() : 0;
    if ((B != Builtin::BI__builtin_expect &&
         B != Builtin::BI__builtin_expect_with_probability) ||
        CE->getNumArgs() < 1)
      return C;
    C = CE->getArg(0);
  }
}

const Expr *FunctionAnalysis::nullChecked(const Expr *C,
                                          bool &NullWhenTrue) const {
  C = withoutExpect(C);
  if (const auto *U = dyn_cast<UnaryOperator>(C);
      U && U->getOpcode() == UO_LNot) {
    const Expr *E = nullChecked(U->getSubExpr(), NullWhenTrue);
    NullWhenTrue = !NullWhenTrue;
    return E;
  }
  if (!A.tracksMemory())
    if (const Expr *D = noneDescriptor(C, NullWhenTrue))
      return D;
  if (const auto *BO = dyn_cast<BinaryOperator>(C);
      BO && BO->isEqualityOp()) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    auto IsNull = [&](const Expr *E) {
      return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) ||
             (!A.tracksMemory() && isAllOnesPointer(E, Ctx));
    };
    const Expr *P = IsNull(R) ? L : IsNull(L) ? R : nullptr;
    if (!P || !P->IgnoreParenImpCasts()->getType()->isPointerType())
      return nullptr;
    NullWhenTrue = BO->getOpcode() == BO_EQ;
    return P;
  }
  if (C->getType()->isPointerType()) {
    NullWhenTrue = false;
    return C;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(C);
      BO && BO->isAssignmentOp() && BO->getType()->isPointerType()) {
    NullWhenTrue = false;
    return C;
  }
  return nullptr;
}

const Expr *FunctionAnalysis::noneDescriptor(const Expr *C, bool &NoneWhenTrue,
                                             int64_t *Bound) const {
  const auto *BO = dyn_cast<BinaryOperator>(C);
  if (!BO || !(BO->isEqualityOp() || BO->isRelationalOp()))
    return nullptr;
  const Expr *X = BO->getLHS(), *K = BO->getRHS();
  BinaryOperatorKind Op = BO->getOpcode();
  std::optional<int64_t> V = intConstant(K, Ctx);
  if (!V) {
    std::swap(X, K);
    V = intConstant(K, Ctx);
    // `0 > fd` is `fd < 0`.
    Op = Op == BO_LT   ? BO_GT
         : Op == BO_GT ? BO_LT
         : Op == BO_LE ? BO_GE
         : Op == BO_GE ? BO_LE
                       : Op;
  }
  if (!V || !isDescriptorType(X->IgnoreParenImpCasts()->getType()) ||
      intConstant(X, Ctx))
    return nullptr;
  // Equality: `fd == -1` (any negative value) is the none test.
  if (BO->isEqualityOp()) {
    if (*V >= 0)
      return nullptr;
    NoneWhenTrue = Op == BO_EQ;
    if (Bound)
      *Bound = -1;
    return X;
  }
  // Order: the test splits the values at `fd <= Low`. Below zero that is
  // "no descriptor" (`fd < 0`, `fd <= -1`, `fd >= 0`, `fd > -1`); at most 2
  // it also takes in the standard descriptors, which the process keeps
  // (`if (fd > 2) close(fd);` after dup2 onto them, `fd <= 0` as failure).
  int64_t Low = Op == BO_LT || Op == BO_GE ? *V - 1 : *V;
  if (Low < -1 || Low > 2)
    return nullptr;
  NoneWhenTrue = Op == BO_LT || Op == BO_LE;
  if (Bound)
    *Bound = Low;
  return X;
}

bool FunctionAnalysis::applyNull(State &S, const Expr *E, bool IsNull) {
  E = E->IgnoreParenImpCasts();
  TargetSet V = E->isGLValue() ? readLValue(S, E) : valueOf(S, E);
  LValue LV = lvalueOf(S, E);
  std::optional<unsigned> Single;
  if (!LV.Untracked && LV.Locs.size() == 1 && !weak(LV.Locs[0]))
    Single = LV.Locs[0];
  TargetSet Real;
  bool HasNull = false, HasAddr = false;
  for (unsigned T : V) {
    if (T == NullTarget)
      HasNull = true;
    else if (isAddr(T))
      HasAddr = true;
    else
      Real.push_back(T);
  }
  if (V.empty())
    return true;
  auto RefCount = [&](unsigned O) {
    unsigned N = 0;
    for (const auto &[K, TS] : S.Pts)
      N += llvm::is_contained(TS, O);
    return N;
  };
  if (IsNull) {
    bool Feasible = HasNull;
    for (unsigned O : Real) {
      auto It = S.Objs.find(O);
      if (It == S.Objs.end() || (It->second.Bits & BNull))
        Feasible = true;
    }
    if (!Feasible)
      return false;
    for (unsigned O : Real) {
      auto It = S.Objs.find(O);
      if (It == S.Objs.end())
        continue;
      if (Real.size() == 1 || RefCount(O) <= 1) {
        if (Objs[O].Kind == ObjKind::Alloc ||
            Objs[O].Kind == ObjKind::CondFresh) {
          // On this path the block does not exist, nor what it holds.
          TargetSet In;
          contents(S, O, In);
          S.Objs.erase(It);
          eraseHeapLocs(S, O);
          for (unsigned C : In)
            if (C != O && (Objs[C].Kind == ObjKind::Alloc ||
                           Objs[C].Kind == ObjKind::CondFresh)) {
              S.Objs.erase(C);
              eraseHeapLocs(S, C);
            }
        } else if (Real.size() == 1) {
          // The caller's memory: null here only if it is all the pointer
          // may hold. (A list walk's cursor holds the parameter and what
          // it links to; its end says nothing of the parameter's fate.)
          It->second.Bits = BNull;
          It->second.Deps.clear();
        }
      }
    }
    if (Single)
      S.Pts[*Single] = {NullTarget};
    return true;
  }
  if (Real.empty() && !HasAddr)
    return false;
  if (Real.size() == 1 && !HasAddr) {
    auto It = S.Objs.find(Real[0]);
    if (It != S.Objs.end() && (It->second.Bits & ~BNull))
      It->second.Bits &= ~BNull;
  }
  if (Single && HasNull) {
    TargetSet &P = S.Pts[*Single];
    P.erase(std::remove(P.begin(), P.end(), NullTarget), P.end());
  }
  return true;
}

bool FunctionAnalysis::refine(State &S, const Expr *C, bool Truth) {
  C = withoutExpect(C);
  if (const auto *U = dyn_cast<UnaryOperator>(C);
      U && U->getOpcode() == UO_LNot)
    return refine(S, U->getSubExpr(), !Truth);
  // A whole `&&`/`||` (a do-while's condition, whose operands' blocks
  // join before the loop's branch): `A && B` true means both are, `A || B`
  // false that neither is; the other edge says nothing of either alone.
  if (const auto *BO = dyn_cast<BinaryOperator>(C); BO && BO->isLogicalOp()) {
    if ((BO->getOpcode() == BO_LAnd) != Truth)
      return true;
    return refine(S, BO->getLHS(), Truth) && refine(S, BO->getRHS(), Truth);
  }
  refineOuts(S, C, Truth);
  bool NullWhenTrue = false;
  const VarDecl *V = nullptr;
  IntFact New{false, 0};
  bool Known = false;
  if (const Expr *P = nullChecked(C, NullWhenTrue)) {
    bool IsNull = NullWhenTrue == Truth;
    if (!applyNull(S, P, IsNull))
      return false;
    // A pointer tested twice (`if (!ins) e = &slot; else e = malloc(n);
    // ... if (ins) ins->next = e;`): remember which way it went.
    V = factVar(P, Scan, /*AllowPointers=*/true);
    if (!V || !V->getType()->isPointerType())
      return true;
    New = {IsNull, 0};
    Known = true;
  } else if (const auto *BO = dyn_cast<BinaryOperator>(C);
             BO && BO->isEqualityOp()) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    std::optional<int64_t> K;
    if ((V = factVar(L, Scan)))
      K = intConstant(R, Ctx);
    else if ((V = factVar(R, Scan)))
      K = intConstant(L, Ctx);
    if (!V || !K)
      return true;
    bool Eq = (BO->getOpcode() == BO_EQ) == Truth;
    New = {Eq, *K};
    Known = true;
  } else if ((V = factVar(C, Scan))) {
    New = {!Truth, 0};
    Known = true;
  }
  if (!Known)
    return true;
  auto It = S.Facts.find(V);
  if (It != S.Facts.end()) {
    const IntFact &Old = It->second;
    if (Old.Eq && New.Eq)
      return Old.Value == New.Value;
    if (Old.Eq && !New.Eq)
      return Old.Value != New.Value; // Keep the stronger fact.
    if (!Old.Eq && New.Eq && Old.Value == New.Value)
      return false;
  }
  if (It == S.Facts.end() || New.Eq)
    S.Facts[V] = New;
  return true;
}

const Expr *FunctionAnalysis::branchCondition(const CFGBlock *B) const {
  const Stmt *T = B->getTerminatorStmt();
  if (!T || isa<SwitchStmt>(T))
    return nullptr;
  const Expr *C =
      dyn_cast_or_null<Expr>(B->getTerminatorCondition(/*StripParens=*/true));
  // A block that evaluates the whole `&&`/`||` itself (a do-while joins
  // its operands' blocks there) branches on all of it.
  if (C && !B->empty())
    if (auto Last = B->back().getAs<CFGStmt>();
        Last && Last->getStmt() == C->IgnoreParens() &&
        isa<BinaryOperator>(Last->getStmt()))
      return C;
  while (C) {
    const auto *BO = dyn_cast<BinaryOperator>(C->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    C = BO->getRHS()->IgnoreParens();
  }
  return C;
}

} // namespace ownership
} // namespace leakhound
