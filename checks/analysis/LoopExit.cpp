//===--- LoopExit.cpp - what a counting loop's exit says about its counter ===//
//
// A search loop (`for (i = 0; i < n; i++) if (slot[i] == NULL) { ...;
// break; }`) followed by `if (i == n)` tells its two exits apart by the
// counter: a break leaves `i < n`, the exit through the condition leaves
// `i == n`. The witness search (Feasibility.cpp) runs a loop at most twice
// and then forgets what the loop writes, so after the condition fails it
// knows only `i >= n`, and a path through the normal exit and the false
// side of `i == n` looks possible. This file recognises the loops whose
// normal exit implies `i == n`, and Feasibility adds that equality to the
// exit edge's constraint.
//
// Terms.
//  * A *counting loop* is a `for` statement whose condition is `i < n` (or
//    `n > i`), whose init assigns the counter `i` (a local integer
//    variable), whose increment adds one to it (`i++`, `++i`, `i += 1`,
//    `i = i + 1`), whose body never writes `i` nor takes its address, and
//    whose *bound* `n` does not change in the body: an integer constant, a
//    local variable the body does not write or take the address of, or a
//    field or dereference (`c->count`, `*n`) when the body makes no call
//    and writes no lvalue of the bound's type except other fields.
//  * The *exit fact*: on the edge out of the condition, `i == n`. It holds
//    when the counter starts at or below the bound (it rises by one from
//    there and stops at the first value that is not below `n`). A loop
//    whose start is above its bound (a negative count) runs zero times and
//    leaves `i > n`; the search assumes it does not happen: a leak whose
//    only path needs a count below the loop's start is not reported.
//
// Whether the counter or the bound escapes elsewhere in the function is
// the caller's to check (Feasibility knows the escaped variables).
//
// Counts that are given. A counting loop whose bound is read from outside
// the function's own computation (a field, a global, a parameter:
// `for (c = 0; c < settings.threads; c++)`, opaqueCountBound()) is a loop
// over a configured or passed-in number of items. When such a loop's body
// hands off or releases a resource that was acquired before it, the code
// relies on the loop running at least once (one worker per thread, the
// first of which takes the descriptor itself); the witness search then does
// not take the loop's exit on its first test (Feasibility.cpp). A constant
// bound is decided by the solver; a local bound is computed by the function
// itself and may be zero; a body that does not touch the resource leaves
// every exit open. The clang static analyzer's option to assume loops run
// at least once rests on the same reading of such code.
//
// Limits: `while` and `do` loops, `<=` and `!=` bounds, steps other than
// one, and counters that count down are not recognised.
//
//===----------------------------------------------------------------------===//

#include "LoopExit.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include <optional>

using namespace clang;

namespace leakhound {

/// The local integer variable \p E names, if any.
static const VarDecl *localInteger(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType() ||
      !V->getType()->isIntegerType())
    return nullptr;
  return V;
}

static bool isOne(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  return !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) &&
         R.Val.getInt() == 1;
}

/// Whether \p Inc adds one to \p I.
static bool incrementsByOne(const Expr *Inc, const VarDecl *I,
                            const ASTContext &Ctx) {
  if (!Inc)
    return false;
  Inc = Inc->IgnoreParens();
  if (const auto *UO = dyn_cast<UnaryOperator>(Inc))
    return UO->isIncrementOp() && localInteger(UO->getSubExpr()) == I;
  const auto *BO = dyn_cast<BinaryOperator>(Inc);
  if (!BO || localInteger(BO->getLHS()) != I)
    return false;
  if (BO->getOpcode() == BO_AddAssign)
    return isOne(BO->getRHS(), Ctx);
  if (BO->getOpcode() != BO_Assign)
    return false;
  const auto *Sum = dyn_cast<BinaryOperator>(BO->getRHS()->IgnoreParenImpCasts());
  if (!Sum || Sum->getOpcode() != BO_Add)
    return false;
  return (localInteger(Sum->getLHS()) == I && isOne(Sum->getRHS(), Ctx)) ||
         (localInteger(Sum->getRHS()) == I && isOne(Sum->getLHS(), Ctx));
}

/// Whether \p Init assigns \p I.
static bool initialises(const Stmt *Init, const VarDecl *I) {
  if (!Init)
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(Init))
    return llvm::any_of(DS->decls(), [&](const Decl *D) {
      return D == I && I->getInit();
    });
  const auto *BO = dyn_cast<BinaryOperator>(Init);
  if (const auto *E = dyn_cast<Expr>(Init); E && !BO)
    BO = dyn_cast<BinaryOperator>(E->IgnoreParens());
  if (BO && BO->isCommaOp())
    return initialises(BO->getLHS(), I) || initialises(BO->getRHS(), I);
  return BO && BO->getOpcode() == BO_Assign && localInteger(BO->getLHS()) == I;
}

/// The field a bound reads last (`c->count`), or null.
static const FieldDecl *lastField(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  return ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
}

/// Whether \p E is a read of memory with no side effects: a variable, and
/// fields or dereferences of it.
static bool plainRead(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (isa<DeclRefExpr>(E))
    return true;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return plainRead(ME->getBase());
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->getOpcode() == UO_Deref && plainRead(UO->getSubExpr());
  return false;
}

namespace {

/// Whether a loop body leaves the counter and the bound alone.
class BodyScan : public RecursiveASTVisitor<BodyScan> {
public:
  BodyScan(const VarDecl *Counter, const VarDecl *BoundVar,
           const Expr *BoundMem, ASTContext &Ctx)
      : Counter(Counter), BoundVar(BoundVar), BoundMem(BoundMem), Ctx(Ctx) {}
  bool Ok = true;

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      written(BO->getLHS());
    return Ok;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      written(UO->getSubExpr());
    return Ok;
  }
  bool VisitCallExpr(CallExpr *) {
    // A callee may write the bound's memory (a local bound: only if its
    // address escaped, which the caller checks).
    if (BoundMem)
      Ok = false;
    return Ok;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *) { return VisitCallExpr(nullptr); }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *) { return VisitCallExpr(nullptr); }
  bool VisitGCCAsmStmt(GCCAsmStmt *) { return Ok = false; }
  bool VisitLambdaExpr(LambdaExpr *) { return Ok = false; }

private:
  void written(const Expr *Target) {
    const Expr *T = Target->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(T)) {
      if (DRE->getDecl() == Counter || DRE->getDecl() == BoundVar)
        Ok = false;
      return;
    }
    if (!BoundMem)
      return;
    // Memory: a write of another type, or of another field, cannot change
    // the bound.
    QualType BT = BoundMem->getType().getCanonicalType().getUnqualifiedType();
    QualType TT = T->getType().getCanonicalType().getUnqualifiedType();
    if (!Ctx.hasSameType(BT, TT) && !TT->isCharType())
      return;
    const FieldDecl *BF = lastField(BoundMem), *TF = lastField(T);
    if (BF && TF && BF != TF && !TF->getParent()->isUnion())
      return;
    Ok = false;
  }
  const VarDecl *Counter, *BoundVar;
  const Expr *BoundMem;
  ASTContext &Ctx;
};

} // namespace

namespace {
/// `for (i = ...; i < bound; ...)` (or `bound > i`): the comparison, the
/// local integer counter the init sets and the integer bound.
struct CountShape {
  const BinaryOperator *Cond;
  const VarDecl *Counter;
  const Expr *Bound;
};
} // namespace

static std::optional<CountShape> countShape(const ForStmt *FS) {
  if (!FS || !FS->getCond() || !FS->getBody())
    return std::nullopt;
  const auto *Cond = dyn_cast<BinaryOperator>(FS->getCond()->IgnoreParens());
  if (!Cond || (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_GT))
    return std::nullopt;
  bool Lt = Cond->getOpcode() == BO_LT;
  const Expr *CounterE = Lt ? Cond->getLHS() : Cond->getRHS();
  const Expr *BoundE =
      (Lt ? Cond->getRHS() : Cond->getLHS())->IgnoreParenImpCasts();
  const VarDecl *I = localInteger(CounterE);
  if (!I || !initialises(FS->getInit(), I) ||
      !BoundE->getType()->isIntegerType())
    return std::nullopt;
  return CountShape{Cond, I, BoundE};
}

const BinaryOperator *countingLoopBound(const ForStmt *FS, ASTContext &Ctx) {
  std::optional<CountShape> Shape = countShape(FS);
  if (!Shape || !incrementsByOne(FS->getInc(), Shape->Counter, Ctx))
    return nullptr;
  const BinaryOperator *Cond = Shape->Cond;
  const VarDecl *I = Shape->Counter;
  const Expr *BoundE = Shape->Bound;
  const VarDecl *BoundVar = nullptr;
  const Expr *BoundMem = nullptr;
  Expr::EvalResult R;
  if (!BoundE->isValueDependent() && BoundE->EvaluateAsInt(R, Ctx)) {
    // A constant bound.
  } else if (const VarDecl *N = localInteger(BoundE)) {
    if (N == I)
      return nullptr;
    BoundVar = N;
  } else if (plainRead(BoundE)) {
    BoundMem = BoundE;
  } else {
    return nullptr;
  }
  BodyScan Scan(I, BoundVar, BoundMem, Ctx);
  Scan.TraverseStmt(const_cast<Stmt *>(FS->getBody()));
  return Scan.Ok ? Cond : nullptr;
}

const Expr *opaqueCountBound(const ForStmt *FS, ASTContext &Ctx) {
  std::optional<CountShape> Shape = countShape(FS);
  if (!Shape)
    return nullptr;
  const Expr *BoundE = Shape->Bound;
  Expr::EvalResult R;
  if (BoundE->isValueDependent() || BoundE->EvaluateAsInt(R, Ctx) ||
      !plainRead(BoundE))
    return nullptr;
  // A local variable holds a value this function computed, which may well
  // be zero; a field, a global or a parameter is a count given from outside.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(BoundE)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || (V->hasLocalStorage() && !isa<ParmVarDecl>(V)))
      return nullptr;
  }
  return BoundE;
}

} // namespace leakhound
