//===--- ThreadLifecycleCounting.cpp - latches sized by a collection
//--------===//
//
// A std::latch constructed with the size of a collection
// (`std::latch L(shards.size())`) expects one arrival per element. When the
// count_down sits in a range-for over that collection (directly, or in a
// thread started in it), a `continue` or `return` before the count_down
// skips an arrival, unless the skipping path counts down itself: the waiter
// blocks forever.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

Key Impl::sizedBy(Key Latch) {
  const auto *VD = dyn_cast_or_null<VarDecl>(Latch);
  const Expr *Init = VD ? VD->getInit() : nullptr;
  if (const auto *FD = dyn_cast_or_null<FieldDecl>(Latch))
    Init = FD->getInClassInitializer();
  const auto *CE = Init ? dyn_cast<CXXConstructExpr>(strip(Init)) : nullptr;
  if (!CE || CE->getNumArgs() < 1)
    return nullptr;
  const auto *MC =
      dyn_cast<CXXMemberCallExpr>(CE->getArg(0)->IgnoreParenImpCasts());
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier() || MD->getName() != "size")
    return nullptr;
  return objectKey(MC->getImplicitObjectArgument());
}

const Stmt *Impl::skippedArrival(Key Latch) {
  Key Range = sizedBy(Latch);
  if (!Range)
    return nullptr;
  SkipLatch = Latch;
  auto It = index().Wakes.find(Latch);
  if (It == index().Wakes.end())
    return nullptr;
  for (const Site &W : It->second) {
    // The function holding the count_down, and those around a lambda.
    Fn F = W.In;
    for (unsigned I = 0; F && I < 3; ++I) {
      if (const Stmt *S = skipIn(F->getBody(), Range, W.S))
        return S;
      const auto *MD = dyn_cast<CXXMethodDecl>(F);
      if (!MD || !MD->getParent()->isLambda())
        break;
      F = dyn_cast_or_null<FunctionDecl>(
          MD->getParent()->getDeclContext()->getNonClosureAncestor());
      F = normalizeFn(F);
    }
  }
  return nullptr;
}

const Stmt *Impl::skipIn(const Stmt *S, Key Range, const Stmt *Arrive) {
  if (!S)
    return nullptr;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(S))
    if (R->getRangeInit() && objectKey(R->getRangeInit()) == Range &&
        SM.isBeforeInTranslationUnit(R->getBeginLoc(), Arrive->getBeginLoc()) &&
        SM.isBeforeInTranslationUnit(Arrive->getBeginLoc(), R->getEndLoc()))
      if (const Stmt *Skip = skipBefore(R->getBody(), Arrive, 0))
        if (!arrivesBetween(R->getBody(), Skip))
          return Skip;
  for (const Stmt *Child : S->children())
    if (const Stmt *Found = skipIn(Child, Range, Arrive))
      return Found;
  return nullptr;
}

bool Impl::arrivesBetween(const Stmt *Body, const Stmt *Skip) {
  auto It = index().Wakes.find(SkipLatch);
  if (It == index().Wakes.end())
    return false;
  for (const Site &W : It->second)
    if (SM.isBeforeInTranslationUnit(Body->getBeginLoc(), W.S->getBeginLoc()) &&
        SM.isBeforeInTranslationUnit(W.S->getBeginLoc(), Skip->getBeginLoc()))
      return true;
  return false;
}

const Stmt *Impl::skipBefore(const Stmt *S, const Stmt *Arrive,
                             unsigned Depth) {
  if (!S || isa<LambdaExpr>(S) ||
      !SM.isBeforeInTranslationUnit(S->getBeginLoc(), Arrive->getBeginLoc()))
    return nullptr;
  if ((isa<ContinueStmt>(S) && Depth == 0) || isa<ReturnStmt>(S))
    return S;
  unsigned D = Depth;
  if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S))
    ++D;
  for (const Stmt *Child : S->children())
    if (const Stmt *Found = skipBefore(Child, Arrive, D))
      return Found;
  return nullptr;
}

} // namespace leakhound
