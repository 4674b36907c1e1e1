//===--- OwnershipNoReturn.cpp - paths that end the process ---------------===//
//
// Where the ownership engine stops following a path because the program
// ends there: memory still owned on such a path is not a leak (the process
// exits), and a block lost when realloc fails is not lost if the failure
// path ends the process.
//
// Terms.
//  * A *never-returning* function (Impl::neverReturns): one Clang calls
//    no-return (`noreturn`, `_Noreturn`, `[[noreturn]]`, a no-return
//    function type), one declared `analyzer_noreturn` (an assertion handler
//    the static analyzer is told about; Clang's CFG does not cut paths at
//    calls to it), or a function of this TU whose every path from its
//    entry reaches a call to a never-returning function (inferred from its
//    CFG, callees first, memoized; a recursive call is taken as returning).
//  * A *fatal test failure* (isFatalTestFailure): a `return` that a test
//    framework's assertion macro writes into the project's function when
//    the assertion fails (gtest's `ASSERT_*`, `FAIL()`, `GTEST_SKIP()`:
//    `return AssertHelper(kFatalFailure, ...) = Message()`). The failure is
//    recorded and the test is over, as a failed `assert` ends the process.
//    Recognised by its shape, not by names: the `return` keyword is spelled
//    in a macro of a system header (SystemHeaders.h), the function returns
//    void, and the returned operand is a void expression of the same macro
//    text that calls a function or operator the library declares (the
//    macro returns its own failure report). A library macro that returns a
//    value (`RETURN_IF_ERROR(e)`: the caller goes on with the error) or a
//    bare `return;` (a precondition check) is an ordinary return, and so is
//    a return of the project's own assertion macro.
//  * An *ending block* (FunctionAnalysis::EndingElem): a CFG block with a
//    call to a never-returning function or a fatal test failure. The dataflow does not propagate a
//    state out of it (the path is dead after the call) and reports no leak
//    in it, whether or not the CFG already sent it to the exit block.
//  * A *failure path* of `p = realloc(p, n)` (failurePathEnds): the paths
//    from the assignment on which `p` is null. Along them a branch that
//    tests `p` against null (through `!`, `!!`, `__builtin_expect`, as
//    assertion macros write it) is followed on its null side only; they
//    end well at an ending block, and badly at the function's exit, at a
//    new assignment to `p`, or past MaxFailureBlocks blocks.
//
// Limits: only direct calls are resolved (a call through a pointer counts
// only when its type says no-return); longjmp and exceptions are not
// endings; the failure path does not follow copies of `p`.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

static constexpr unsigned MaxFailureBlocks = 64;

/// The never-returning function a call statement calls, if any is known
/// without a definition's CFG.
static bool declaredNoReturn(const FunctionDecl *FD) {
  if (FD->isNoReturn())
    return true;
  for (const FunctionDecl *R : FD->redecls())
    if (R->hasAttr<AnalyzerNoReturnAttr>())
      return true;
  return false;
}

bool OwnershipAnalysis::Impl::neverReturns(const FunctionDecl *FD) {
  if (!FD)
    return false;
  FD = FD->getCanonicalDecl();
  if (auto It = NeverReturns.find(FD); It != NeverReturns.end())
    return It->second;
  if (declaredNoReturn(FD))
    return NeverReturns[FD] = true;
  NeverReturns[FD] = false; // A recursive call returns.
  const FunctionDecl *Def = analysableDefinition(FD);
  if (!Def || !Def->getReturnType()->isVoidType())
    return false;
  // Cheap first: the body must call something that never returns.
  bool Candidate = false;
  llvm::SmallVector<const Stmt *, 32> Work{Def->getBody()};
  while (!Work.empty() && !Candidate) {
    const Stmt *St = Work.pop_back_val();
    if (!St)
      continue;
    if (const auto *CE = dyn_cast<CallExpr>(St))
      if (const FunctionDecl *Callee = CE->getDirectCallee())
        Candidate = Callee->getCanonicalDecl() != FD && neverReturns(Callee);
    for (const Stmt *C : St->children())
      Work.push_back(C);
  }
  if (!Candidate)
    return false;
  CFG::BuildOptions BO;
  std::unique_ptr<CFG> G = CFG::buildCFG(Def, Def->getBody(), &Ctx, BO);
  if (!G)
    return false;
  // Whether the exit is reachable without passing a never-returning call.
  std::vector<bool> Seen(G->getNumBlockIDs(), false);
  llvm::SmallVector<const CFGBlock *, 16> Stack{&G->getEntry()};
  Seen[G->getEntry().getBlockID()] = true;
  while (!Stack.empty()) {
    const CFGBlock *B = Stack.pop_back_val();
    if (B == &G->getExit())
      return false;
    bool Ends = B->hasNoReturnElement();
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>())
        if (const auto *CE = dyn_cast<CallExpr>(CS->getStmt()))
          Ends |= neverReturns(CE->getDirectCallee());
    if (Ends)
      continue;
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      if (const CFGBlock *N = S.getReachableBlock();
          N && !Seen[N->getBlockID()]) {
        Seen[N->getBlockID()] = true;
        Stack.push_back(N);
      }
  }
  return NeverReturns[FD] = true;
}

/// Whether \p RS is a test framework's fatal failure (see the top).
static bool isFatalTestFailure(const ReturnStmt *RS, const FunctionDecl *FD,
                               const SourceManager &SM) {
  if (!writtenByLibraryMacro(SM, RS->getReturnLoc()))
    return false;
  const Expr *V = RS->getRetValue();
  if (!V || !FD->getReturnType()->isVoidType() || !V->getType()->isVoidType())
    return false;
  V = V->IgnoreImplicit()->IgnoreParens();
  const auto *CE = dyn_cast<CallExpr>(V);
  if (!CE || !writtenByLibraryMacro(SM, CE->getBeginLoc()))
    return false;
  const Decl *Callee = CE->getCalleeDecl();
  return Callee && inSystemHeader(SM, Callee);
}

namespace ownership {

void FunctionAnalysis::findEndingBlocks() {
  EndingElem.assign(Cfg->getNumBlockIDs(), ~0u);
  for (const CFGBlock *B : *Cfg) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>()) {
        if (const auto *CE = dyn_cast<CallExpr>(CS->getStmt()))
          if (A.neverReturns(CE->getDirectCallee())) {
            EndingElem[B->getBlockID()] = I;
            break;
          }
        if (const auto *RS = dyn_cast<ReturnStmt>(CS->getStmt()))
          if (isFatalTestFailure(RS, FD, SM)) {
            EndingElem[B->getBlockID()] = I;
            break;
          }
      }
      ++I;
    }
    if (B->hasNoReturnElement() && EndingElem[B->getBlockID()] == ~0u)
      EndingElem[B->getBlockID()] = B->empty() ? 0 : B->size() - 1;
  }
}

bool FunctionAnalysis::failurePathEnds(const Expr *LHS) {
  if (!Current)
    return false;
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work{
      {Current, CurrentElem}};
  // The assignment's block is not marked seen: a loop back to it meets the
  // assignment again, which ends the failure path badly.
  llvm::DenseSet<unsigned> Seen;
  while (!Work.empty()) {
    auto [B, From] = Work.pop_back_val();
    if (B == &Cfg->getExit())
      return false;
    unsigned End = EndingElem[B->getBlockID()];
    if (End != ~0u && End >= From)
      continue; // The process ends on this path.
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (I++ < From)
        continue;
      if (auto CS = E.getAs<CFGStmt>())
        if (const auto *BO = dyn_cast<BinaryOperator>(CS->getStmt());
            BO && BO->isAssignmentOp() && sameLValue(BO->getLHS(), LHS))
          return false;
    }
    const Expr *C = B->succ_size() == 2 ? branchCondition(B) : nullptr;
    bool NullWhenTrue = false;
    const Expr *Checked = C ? nullChecked(C, NullWhenTrue) : nullptr;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &S : B->succs()) {
      unsigned K = Index++;
      const CFGBlock *N = S.getReachableBlock();
      if (!N)
        continue;
      // A test of the pointer: only its null side is a failure path.
      if (Checked && sameLValue(Checked, LHS) && (K == 0) != NullWhenTrue)
        continue;
      if (!Seen.insert(N->getBlockID()).second)
        continue;
      if (Seen.size() > MaxFailureBlocks)
        return false;
      Work.push_back({N, 0});
    }
  }
  return true;
}

} // namespace ownership
} // namespace leakhound
