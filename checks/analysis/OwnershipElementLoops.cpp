//===--- OwnershipElementLoops.cpp - loops over arrays of owned pointers --===//
//
// The elements of an array (a local array, or the elements of a block the
// function owns) are one smashed location in the memory model
// (OwnershipModel.h): a call that releases `a[i]` releases whatever any
// element holds. A loop that releases the elements one by one
// (`for (i = 0; i < n; i++) free(a[i]);`) therefore releases all of them
// once it has run, which is the model's intent. Its exit edge is also
// reached without running the body at all, and on that edge the elements
// were still owned: paths where the loop ran zero times although elements
// were stored (n counts the stores: `a[n++] = p`) made a spurious "leaked
// when 'a' is released" on the error paths of parsers and growing lists.
//
// Terms.
//  * An *element hand-off* of a loop (loopElementEffects): an argument
//    `X[i]` of a call in the loop's body (nested loops included) whose
//    model releases or keeps that argument, or the operand `X[i]` of a
//    `delete`. X is any lvalue; the index does not matter.
//  * On the exit edge of the loop's condition (the false edge of a `for`,
//    `while` or `do` condition; releaseLoopElements), each element
//    hand-off applies its effect to what X's elements hold, as if the body
//    had run for every element: the loop as a whole hands every element
//    off, however often the path analysed ran it.
//
// Limits: the loop's bound is not compared with the number of elements
// stored (a loop that stops early releases them all, as any element loop
// does in this model); a `break` out of the loop does not apply it (the
// elements are released only on the paths that ran the body).
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace leakhound {
namespace ownership {

/// `X[i]` (through parentheses and casts), or null.
static const ArraySubscriptExpr *elementOf(const Expr *E) {
  return dyn_cast<ArraySubscriptExpr>(E->IgnoreParenCasts());
}

const FunctionAnalysis::ElementEffects &
FunctionAnalysis::loopElementEffects(const Stmt *Loop, const Stmt *Body) {
  auto [It, New] = LoopElements.try_emplace(Loop);
  if (!New)
    return It->second;
  ElementEffects Found;
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *St = Work.pop_back_val();
    if (!St || isa<LambdaExpr>(St))
      continue;
    if (const auto *DE = dyn_cast<CXXDeleteExpr>(St)) {
      if (const ArraySubscriptExpr *El = elementOf(DE->getArgument()))
        Found.push_back({El, PartKind::Release});
    } else if (const auto *CE = dyn_cast<CallExpr>(St);
               CE && CE->getDirectCallee() &&
               !isa<CXXMemberCallExpr, CXXOperatorCallExpr>(CE)) {
      const ArraySubscriptExpr *Any = nullptr;
      for (const Expr *Arg : CE->arguments())
        if ((Any = elementOf(Arg)))
          break;
      if (Any) {
        CallModel M = A.modelFor(CE->getDirectCallee(), CE);
        for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
          const ArraySubscriptExpr *El = elementOf(CE->getArg(I));
          if (!El || !El->getType()->isPointerType())
            continue;
          PartKind K = (I < M.Params.size() ? M.Params[I] : M.Rest).Self.Kind;
          if (K == PartKind::Release || K == PartKind::Escape)
            Found.push_back({El, K});
        }
      }
    }
    for (const Stmt *C : St->children())
      Work.push_back(C);
  }
  It->second = std::move(Found);
  return It->second;
}

void FunctionAnalysis::releaseLoopElements(const CFGBlock *B, unsigned Edge,
                                           State &S) {
  if (Edge != 1)
    return;
  const Stmt *T = B->getTerminatorStmt();
  const Stmt *Body = nullptr;
  if (const auto *F = dyn_cast_or_null<ForStmt>(T))
    Body = F->getBody();
  else if (const auto *W = dyn_cast_or_null<WhileStmt>(T))
    Body = W->getBody();
  else if (const auto *D = dyn_cast_or_null<DoStmt>(T))
    Body = D->getBody();
  if (!Body)
    return;
  for (const auto &[El, Kind] : loopElementEffects(T, Body)) {
    LValue LV = lvalueOf(S, El);
    if (LV.Untracked)
      continue;
    PartEffect P;
    P.Kind = Kind;
    for (unsigned L : LV.Locs) {
      if (!weak(L) || callerMemory(L))
        continue;
      for (unsigned O : read(S, L))
        if (isObj(O) && (Objs[O].Kind == ObjKind::Alloc ||
                         Objs[O].Kind == ObjKind::CondFresh))
          setFate(S, O, P, "");
    }
  }
}

} // namespace ownership
} // namespace leakhound
