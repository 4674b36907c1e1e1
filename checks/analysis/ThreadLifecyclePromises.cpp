//===--- ThreadLifecyclePromises.cpp - promises behind futures
//--------------===//
//
// A future's get/wait ends when the promise (or packaged_task) behind it is
// set (run), or destroyed (get then throws). promiseOf() follows the future
// back through get_future/share, variables, fields and the arguments the
// body was called with. setOnEveryPath() asks the CFG of the setting
// function whether every path from entry to exit sets the promise,
// exception paths included (ThreadLifecycleArrivals.cpp).
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleImpl.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

Key Impl::promiseOf(const Expr *E, bool &Other, unsigned Depth) {
  if (!E || Depth > 6)
    return nullptr;
  E = strip(E);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier())
      return nullptr;
    llvm::StringRef Class = stdRecordName(MD->getParent());
    if (MD->getName() == "get_future" &&
        (Class == "promise" || Class == "packaged_task"))
      return objectKey(MC->getImplicitObjectArgument());
    if (MD->getName() == "get_future") {
      Other = true;
      return nullptr;
    }
    if (MD->getName() == "share")
      return promiseOf(MC->getImplicitObjectArgument(), Other, Depth + 1);
    return nullptr;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (isStdFunction(CE->getDirectCallee(), "async"))
      Other = true;
    return nullptr;
  }
  if (Key K = objectKey(E))
    return promiseOfKey(K, Other, Depth + 1);
  return nullptr;
}

Key Impl::promiseOfKey(Key K, bool &Other, unsigned Depth, const Body *B) {
  if (!K || Depth > 6)
    return nullptr;
  if (const auto *FD = dyn_cast<FieldDecl>(K))
    if (const Expr *Init = FD->getInClassInitializer())
      if (Key P = promiseOf(Init, Other, Depth + 1))
        return P;
  if (B) {
    auto It = B->ParamArgs.find(K);
    if (It != B->ParamArgs.end())
      if (Key P = promiseOf(It->second, Other, Depth + 1))
        return P;
  }
  if (const auto *VD = dyn_cast<VarDecl>(K))
    if (VD->getInit() && !isa<ParmVarDecl>(VD))
      if (Key P = promiseOf(VD->getInit(), Other, Depth + 1))
        return P;
  TUIndex &Idx = index();
  auto It = Idx.Writes.find(K);
  if (It != Idx.Writes.end())
    for (const Site &W : It->second)
      if (Key P = promiseOf(W.Value, Other, Depth + 1))
        return P;
  return nullptr;
}

bool Impl::setOnEveryPath(Fn F, Key Promise) {
  return !skipPath(F, Promise);
}

} // namespace leakhound
