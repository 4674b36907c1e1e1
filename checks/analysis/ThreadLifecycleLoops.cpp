//===--- ThreadLifecycleLoops.cpp - do the loops around a wait exit?
//--------===//
//
// A loop *exits* unless its condition is constant true and its body has no
// break/return/throw/goto/noreturn call. Its *guards* are the flags read by
// its condition and by the conditions of the ifs that leave it. It *exits on
// a local* when one of those conditions tests a local variable (a value the
// thread received, such as a poison pill), directly or through a function
// called in the condition that decides its result on one of its own locals
// (`while (process_next())`), followed to MaxDepth.
//
// reads() collects the flags an expression reads, through predicates,
// lambdas stored in variables and getters.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

bool Impl::leaves(const Stmt *S, unsigned Depth) const {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<ReturnStmt, GotoStmt, CXXThrowExpr, CoreturnStmt>(S))
    return true;
  if (isa<BreakStmt>(S))
    return Depth == 0;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (FD->isNoReturn())
        return true;
  unsigned D = Depth;
  if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S))
    ++D;
  for (const Stmt *Child : S->children())
    if (leaves(Child, D))
      return true;
  return false;
}

bool Impl::mentionsLocal(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    return !ME->isArrow() && mentionsLocal(ME->getBase());
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    return mentionsLocal(MC->getImplicitObjectArgument());
  if (isa<CallExpr>(S) && !isa<CXXOperatorCallExpr>(S))
    return false;
  if (const auto *DR = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
      if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
          !DR->refersToEnclosingVariableOrCapture())
        return true;
  for (const Stmt *Child : S->children())
    if (mentionsLocal(Child))
      return true;
  return false;
}

void Impl::collectGuardIfs(const Stmt *S, LoopInfo &LI, unsigned Depth) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (leaves(If->getThen(), Depth) || leaves(If->getElse(), Depth)) {
      reads(If->getCond(), LI.Guards, 0);
      LI.ExitsOnLocal |= mentionsLocal(If->getCond());
    }
  }
  unsigned D = Depth;
  if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S))
    ++D;
  for (const Stmt *Child : S->children())
    collectGuardIfs(Child, LI, D);
}

const LoopInfo &Impl::loop(const Stmt *L) {
  auto It = Loops.find(L);
  if (It != Loops.end())
    return It->second;
  LoopInfo LI;
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  bool Finite = false;
  if (const auto *W = dyn_cast<WhileStmt>(L)) {
    Cond = W->getCond();
    Body = W->getBody();
  } else if (const auto *F = dyn_cast<ForStmt>(L)) {
    Cond = F->getCond();
    Body = F->getBody();
  } else if (const auto *D = dyn_cast<DoStmt>(L)) {
    Cond = D->getCond();
    Body = D->getBody();
  } else if (const auto *R = dyn_cast<CXXForRangeStmt>(L)) {
    Body = R->getBody();
    Finite = true;
  }
  bool AlwaysTrue = !Finite;
  if (Cond) {
    bool B = false;
    AlwaysTrue = !Cond->isValueDependent() &&
                 Cond->EvaluateAsBooleanCondition(B, Ctx) && B;
    if (!AlwaysTrue) {
      reads(Cond, LI.Guards, 0);
      LI.ExitsOnLocal |= mentionsLocal(Cond) || decidedByCallee(Cond, 0);
    }
  }
  LI.Exits = !AlwaysTrue || leaves(Body, 0);
  collectGuardIfs(Body, LI, 0);
  return Loops[L] = std::move(LI);
}

bool Impl::decidedByCallee(const Stmt *S, unsigned Depth) {
  if (!S || isa<LambdaExpr>(S) || Depth >= Opts.MaxDepth)
    return false;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
      if (!Def->getReturnType()->isVoidType() &&
          returnsOnLocal(Def->getBody(), false, Depth))
        return true;
  for (const Stmt *Child : S->children())
    if (decidedByCallee(Child, Depth))
      return true;
  return false;
}

bool Impl::returnsOnLocal(const Stmt *S, bool UnderLocalTest, unsigned Depth) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *RS = dyn_cast<ReturnStmt>(S))
    return UnderLocalTest || mentionsLocal(RS->getRetValue()) ||
           decidedByCallee(RS->getRetValue(), Depth + 1);
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    bool Tests = UnderLocalTest || mentionsLocal(If->getCond());
    return returnsOnLocal(If->getThen(), Tests, Depth) ||
           returnsOnLocal(If->getElse(), Tests, Depth);
  }
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return returnsOnLocal(
        Sw->getBody(), UnderLocalTest || mentionsLocal(Sw->getCond()), Depth);
  for (const Stmt *Child : S->children())
    if (returnsOnLocal(Child, UnderLocalTest, Depth))
      return true;
  return false;
}

void Impl::reads(const Stmt *S, llvm::SmallVectorImpl<Read> &Out,
                 unsigned Depth) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    if (Depth < 3)
      reads(LE->getBody(), Out, Depth + 1);
    return;
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(S)) {
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
      if (isFlagType(VD->getType()))
        Out.push_back({objectKey(DR), DR});
      else if (!isa<ParmVarDecl>(VD) && VD->getInit() && Depth < 3 &&
               isa<LambdaExpr>(strip(VD->getInit())))
        reads(strip(VD->getInit()), Out, Depth + 1);
    }
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (const auto *VD = dyn_cast<ValueDecl>(ME->getMemberDecl()))
      if (!isa<CXXMethodDecl>(VD) && isFlagType(VD->getType()))
        if (Key K = objectKey(ME))
          Out.push_back({K, ME});
  }
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (Depth < 2)
      if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
        reads(Def->getBody(), Out, Depth + 1);
  for (const Stmt *Child : S->children())
    reads(Child, Out, Depth);
}

} // namespace leakhound
