//===--- ThreadLifecycleIndirect.cpp - calls that do not name their callee ===//
//
// The body walk follows a call that does not name the function it runs to
// the functions it can run, so that a wait (or a call to one) behind it is
// found:
//  * a call through a function pointer, and a virtual call: the targets
//    CallTargets.h resolves (the known functions stored into the slot; the
//    overriders of the program's classes);
//  * a call of a `std::function` variable or field: the callables the TU
//    gives it (its initialiser, assignments, constructor member
//    initialisers), each a lambda, a function or a function object.
// Every target found is followed: a wait in any of them can be reached.
// The resolver is built on the first such call of a thread's body (its
// walk of the TU's function bodies is shared by every later query).
//
//===----------------------------------------------------------------------===//

#include "CallTargets.h"
#include "SystemHeaders.h"
#include "ThreadLifecycleImpl.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

void Impl::indirectTargets(const CallExpr *CE,
                           llvm::SmallVectorImpl<Fn> &Out) {
  auto Add = [&](const FunctionDecl *F) {
    if (Fn Def = definitionOf(F, SM))
      if (!llvm::is_contained(Out, Def))
        Out.push_back(Def);
  };
  // A std::function: what the TU stores into it.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    if (OC->getOperator() != OO_Call || OC->getNumArgs() < 1 ||
        stdTypeName(OC->getArg(0)->getType()) != "function")
      return;
    Key K = objectKey(OC->getArg(0));
    if (!K || isa<ParmVarDecl>(K))
      return;
    llvm::SmallVector<const Expr *, 4> Values;
    if (const auto *VD = dyn_cast<VarDecl>(K))
      Values.push_back(VD->getInit());
    if (const auto *FD = dyn_cast<FieldDecl>(K))
      Values.push_back(FD->getInClassInitializer());
    auto It = index().Writes.find(K);
    if (It != index().Writes.end())
      for (const Site &W : It->second)
        Values.push_back(W.Value);
    for (const Expr *V : Values) {
      if (!V)
        continue;
      V = strip(V);
      // std::function's converting constructor wraps the callable.
      if (const auto *C = dyn_cast<CXXConstructExpr>(V);
          C && C->getNumArgs() == 1)
        V = strip(C->getArg(0));
      if (auto E = resolveCallable(V))
        Add(E->Fn);
    }
    return;
  }
  const FunctionDecl *Direct = CE->getDirectCallee();
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Direct);
  if (Direct && !(MD && MD->isVirtual()))
    return;
  if (!Targets) {
    // The bodies leak-unfreed-allocation hands its resolver (its functions
    // matched in TU order): when the lists agree (always in C), both checks
    // share one resolver and its walk over the TU.
    llvm::DenseSet<Fn> Seen;
    for (Fn F : index().Bodies)
      if (Seen.insert(F).second && !F->isInvalidDecl() &&
          !F->isDependentContext() && F->getBody() && !inSystemHeader(SM, F))
        TargetBodies.push_back(F);
    Targets = CallTargets::sharedFor(Ctx, TargetBodies);
  }
  if (std::optional<CallResolution> R = Targets->resolve(CE))
    for (const FunctionDecl *F : R->Targets)
      Add(F);
}

} // namespace leakhound
