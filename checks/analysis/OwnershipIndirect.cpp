//===--- OwnershipIndirect.cpp - calls through pointers and virtual calls -===//
//
// How the ownership engine models a call that does not name its callee (see
// OwnershipModel.h for the engine's terms, CallTargets.h for the targets).
//
//  * A call whose targets are closed (CallTargets::resolve: a slot decided
//    here that holds only known functions, or a virtual call whose static
//    class no other TU can derive from) is modelled by the *join* of its
//    targets' call models (each one: namedModel, a summary here, the merged
//    facts, conditions, or the unknown-call rule, as for a direct call).
//  * The join answers "what may the call do?" without inventing leaks:
//      - a part effect is the targets' common kind (Release on every target
//        is a release; Borrow on every target is a borrow); Borrow with
//        Cond is that Cond (the memory leaks only if every target borrows,
//        that is unless one of the deps takes it; deps are unioned); any
//        other mix (Release with Borrow, anything with Escape) is Escape:
//        the memory may be gone after the call, so it is not reported, and
//        it may still be owned, so it is not released twice;
//      - the result is fresh only if it is fresh on every target (cond-fresh
//        if some are conditional: the merge decides); a target that may
//        return borrowed memory makes the result untracked;
//      - a realloc-like call only if every target is one; out-parameters and
//        a returned argument only when there is one target (or all agree).
//    Soundness: every effect a target may have is covered by the join (an
//    Escape covers both Release and Borrow), so a report needs every target
//    to leave the memory owned; precision: a single target is its own
//    model, so the common case (one function stored in an ops table or a
//    callback variable) is as precise as a direct call.
//  * A slot visible to other TUs (a global declared in a header, a field of
//    a header's struct) is named by its USR, like a function defined
//    elsewhere: each TU publishes the join of the targets it stores into
//    the slot as the slot's summary (slotSummaries; an open slot publishes
//    "takes everything"), the merge joins the TUs' summaries (a part is
//    taken if one TU's targets take it), and a caller uses deps on the
//    slot's USR (conditional findings in the driver, merged facts with
//    FactsIn). A slot no TU publishes anything for is unknown: the
//    unknown-call rule.
//  * Virtual calls across TUs use the same idea keyed by "virt:<usr of the
//    method>": each TU publishes the join of the overriders it has a body
//    for (virtualSummaries) and a caller whose static class is not decided
//    here uses deps on that key.
//  * Everything else (a callee computed at run time, a parameter of an
//    exported function) is a truly unknown target: the unknown-call rule.
//
//===----------------------------------------------------------------------===//

#include "CallTargets.h"
#include "OwnershipEngine.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>

using namespace clang;

namespace leakhound {

using namespace ownership;

static PartEffect joinPart(const PartEffect &X, const PartEffect &Y) {
  if (X.Kind == Y.Kind) {
    PartEffect P = X;
    if (P.Kind == PartKind::Cond)
      unionInto(P.Deps, Y.Deps);
    return P;
  }
  if (X.Kind == PartKind::Borrow && Y.Kind == PartKind::Cond)
    return Y;
  if (Y.Kind == PartKind::Borrow && X.Kind == PartKind::Cond)
    return X;
  PartEffect P;
  P.Kind = PartKind::Escape;
  return P;
}

static ArgEffect joinArg(const ArgEffect &X, const ArgEffect &Y) {
  return {joinPart(X.Self, Y.Self), joinPart(X.Deep, Y.Deep)};
}

/// The model of a call that may run any of the targets modelled by \p Ms
/// (see the file comment).
static CallModel joinModels(llvm::ArrayRef<CallModel> Ms) {
  assert(!Ms.empty() && "a join needs a target");
  if (Ms.size() == 1)
    return Ms[0];
  CallModel J = Ms[0];
  for (const CallModel &M : Ms.drop_front()) {
    size_t N = std::max(J.Params.size(), M.Params.size());
    std::vector<ArgEffect> Params;
    for (size_t I = 0; I < N; ++I)
      Params.push_back(joinArg(I < J.Params.size() ? J.Params[I] : J.Rest,
                               I < M.Params.size() ? M.Params[I] : M.Rest));
    J.Params = std::move(Params);
    J.This = joinArg(J.This, M.This);
    J.Rest = joinArg(J.Rest, M.Rest);
    // The result.
    if (J.Ret == CallModel::RetNone || M.Ret == CallModel::RetNone ||
        J.Realloc != M.Realloc) {
      J.Ret = CallModel::RetNone;
    } else {
      if (M.Ret == CallModel::RetCondFresh)
        J.Ret = CallModel::RetCondFresh;
      for (const std::string &U : M.FreshUsrs)
        if (!llvm::is_contained(J.FreshUsrs, U))
          J.FreshUsrs.push_back(U);
      if (J.Dealloc != M.Dealloc)
        J.Dealloc.clear();
      if (J.AllocName != M.AllocName)
        J.AllocName.clear();
      if (J.RetOffset != M.RetOffset)
        J.RetOffset = 0, J.RetType = QualType();
      J.NullKeepsOld = J.NullKeepsOld && M.NullKeepsOld;
    }
    J.MaybeNull = J.MaybeNull || M.MaybeNull;
    if (J.RetArgs != M.RetArgs)
      J.RetArgs.clear();
    J.Outs.clear();
  }
  if (J.Ret == CallModel::RetNone) {
    J.Realloc = false;
    J.FreshUsrs.clear();
    J.AllocName.clear();
    J.Dealloc.clear();
    J.RetOffset = 0;
  }
  return J;
}

CallTargets &OwnershipAnalysis::Impl::callTargets() {
  if (!Targets)
    Targets = CallTargets::sharedFor(Ctx, TUFunctions);
  return *Targets;
}

/// The prototype of the functions a slot holds.
static const FunctionProtoType *slotPrototype(const ValueDecl *Slot) {
  QualType T = Slot->getType();
  while (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  const auto *PT = T->getAs<PointerType>();
  return PT ? PT->getPointeeType()->getAs<FunctionProtoType>() : nullptr;
}

/// The name a call through \p CE's callee goes by in messages.
static std::string calleeName(const CallExpr *CE, const ValueDecl *Slot) {
  if (Slot)
    return Slot->getName().str();
  if (const FunctionDecl *F = CE->getDirectCallee())
    return F->getName().str();
  return {};
}

CallModel OwnershipAnalysis::Impl::depsModel(llvm::StringRef Usr,
                                             unsigned NParams, bool IsMethod,
                                             bool ReturnsPointer,
                                             llvm::StringRef Name) {
  CallModel M;
  ArgEffect UnknownRule = uniform(Opts.UnknownCallsEscape ? PartKind::Escape
                                                          : PartKind::Borrow);
  bool Resolved = Merged && Merged->has(Usr);
  for (unsigned I = 0; I <= NParams; ++I) {
    ArgEffect A;
    if (Resolved) {
      EffectDeps Self, Deep;
      Self.Deps.insert(depKey(Usr, I, false));
      Deep.Deps.insert(depKey(Usr, I, true));
      A = {resolve(Self), resolve(Deep)};
    } else {
      A.Self.Kind = A.Deep.Kind = PartKind::Cond;
      A.Self.Deps.push_back(depId(depKey(Usr, I, false)));
      A.Deep.Deps.push_back(depId(depKey(Usr, I, true)));
    }
    if (I < NParams)
      M.Params.push_back(A);
    else if (IsMethod)
      M.This = A;
  }
  M.Rest = UnknownRule;
  if (!ReturnsPointer)
    return M;
  if (Resolved) {
    if (Merged->returnsFresh(Usr) == Fate::Takes) {
      M.Ret = CallModel::RetFresh;
      M.AllocName = Name.str();
    }
  } else {
    M.Ret = CallModel::RetCondFresh;
    M.AllocName = Name.str();
    M.FreshUsrs = {Usr.str()};
  }
  return M;
}

bool OwnershipAnalysis::Impl::targetsModel(const CallExpr *CE, CallModel &M) {
  std::optional<CallResolution> R = callTargets().resolve(CE);
  if (!R)
    return false;
  if (R->Closed) {
    std::vector<CallModel> Ms;
    for (const FunctionDecl *T : R->Targets)
      Ms.push_back(modelFor(T, nullptr));
    M = joinModels(Ms);
    // Messages name what the call names: the slot or the method.
    if (M.Ret != CallModel::RetNone)
      M.AllocName = calleeName(CE, R->Slot);
    if (M.Ret != CallModel::RetNone)
      SawAllocation = true;
    return true;
  }
  // Across TUs: the slot's or the method's published summary decides.
  std::string Usr;
  unsigned NParams = 0;
  bool IsMethod = false;
  if (R->Slot) {
    const auto *V = dyn_cast<VarDecl>(R->Slot);
    // No other TU can store into it: what this TU stores is all there is,
    // and a target it does not know (a stored parameter) stays unknown at
    // the merge too, which publishes no summary for such a slot
    // (slotSummaries). Deciding it here spares a conditional model whose
    // deps the merge could only resolve by the unknown-call rule.
    if (isa<ParmVarDecl>(R->Slot) || (V && !V->hasGlobalStorage()) ||
        (V && !V->isExternallyVisible()) ||
        callTargets().decidedHere(R->Slot))
      return false;
    const FunctionProtoType *FT = slotPrototype(R->Slot);
    if (!FT || inSystemHeader(R->Slot))
      return false;
    Usr = usrOf(R->Slot);
    NParams = FT->getNumParams();
  } else if (R->Method) {
    Usr = usrOf(R->Method->getCanonicalDecl());
    if (!Usr.empty())
      Usr = "virt:" + Usr;
    NParams = R->Method->getNumParams();
    IsMethod = true;
  }
  if (Usr.empty() || (!(Merged && Merged->has(Usr)) && !Opts.RecordConditions))
    return false;
  M = depsModel(Usr, NParams, IsMethod, CE->getType()->isPointerType(),
                calleeName(CE, R->Slot));
  return true;
}

/// The summary of \p Def's calls, with \p S its summary, as another TU reads
/// it: a summary, or a model of a library function turned into one.
static OwnershipSummary summaryOfModel(const CallModel &TM, unsigned NParams,
                                       bool HasThis, bool ReturnsPointer,
                                       llvm::ArrayRef<std::string> DepNames) {
  OwnershipSummary S;
  auto Fill = [&](const PartEffect &P, EffectDeps &E) {
    if (P.Kind == PartKind::Release || P.Kind == PartKind::Escape)
      E.Takes = true;
    else if (P.Kind == PartKind::Cond)
      for (unsigned D : P.Deps)
        E.Deps.insert(DepNames[D]);
  };
  for (unsigned I = 0; I < NParams + HasThis; ++I) {
    const ArgEffect &A = I < NParams
                             ? (I < TM.Params.size() ? TM.Params[I] : TM.Rest)
                             : TM.This;
    ParamEffect PE;
    Fill(A.Self, PE.Self);
    Fill(A.Deep, PE.Deep);
    S.Params.push_back(PE);
  }
  if (ReturnsPointer) {
    if (TM.Ret == CallModel::RetFresh && !TM.Realloc) {
      S.RetFresh = true;
      S.Dealloc = TM.Dealloc;
      S.RetNull = TM.MaybeNull;
    } else if (TM.Ret == CallModel::RetCondFresh && !TM.Realloc) {
      S.RetDeps.insert(TM.FreshUsrs.begin(), TM.FreshUsrs.end());
    } else {
      S.RetOther = true;
    }
  }
  return S;
}

std::optional<OwnershipSummary>
OwnershipAnalysis::Impl::targetSummary(const FunctionDecl *F, unsigned NParams,
                                       bool HasThis, bool ReturnsPointer) {
  // The target's model resolves everything this TU knows (its summary
  // here, merged facts); what only the merge knows stays a dep, and a
  // target no TU may know keeps its own USR as the dep.
  CallModel TM;
  if (!namedModel(F, TM)) {
    if (const FunctionDecl *Def = summarisedDefinition(F)) {
      const OwnershipSummary *S = summaryFor(Def);
      if (!S)
        return std::nullopt;
      OwnershipSummary Copy = *S;
      Copy.foldRetParams();
      Copy.Outs.clear();
      return Copy;
    }
    std::string Usr = usrOf(F->getCanonicalDecl());
    if (Usr.empty() || inSystemHeader(F))
      return std::nullopt;
    OwnershipSummary S;
    for (unsigned I = 0; I < NParams + HasThis; ++I) {
      ParamEffect PE;
      PE.Self.Deps.insert(depKey(Usr, I, false));
      PE.Deep.Deps.insert(depKey(Usr, I, true));
      S.Params.push_back(PE);
    }
    if (ReturnsPointer)
      S.RetDeps.insert(Usr);
    return S;
  }
  return summaryOfModel(TM, NParams, HasThis, ReturnsPointer, DepNames);
}

/// The join of \p Parts, each the summary of one target; a target with no
/// summary makes everything taken.
static OwnershipSummary
joinSummaries(llvm::StringRef Name,
              llvm::ArrayRef<std::optional<OwnershipSummary>> Parts,
              unsigned NParams, bool ReturnsPointer) {
  OwnershipSummary J;
  bool First = true;
  for (const std::optional<OwnershipSummary> &P : Parts) {
    OwnershipSummary S;
    if (P) {
      S = *P;
    } else {
      S.Params.resize(NParams);
      for (ParamEffect &PE : S.Params)
        PE.Self.Takes = PE.Deep.Takes = true;
      S.RetOther = ReturnsPointer;
    }
    S.Name = Name.str();
    if (First)
      J = std::move(S);
    else
      J.join(S);
    First = false;
  }
  J.Name = Name.str();
  return J;
}

void OwnershipAnalysis::Impl::slotSummaries(Json &Out) {
  if (!tracksMemory())
    return;
  for (const auto &[Slot, Stores] : callTargets().allStores()) {
    if (callTargets().decidedHere(Slot) || inSystemHeader(Slot))
      continue;
    const auto *V = dyn_cast<VarDecl>(Slot);
    if (isa<ParmVarDecl>(Slot) || (V && !V->hasGlobalStorage()) ||
        (V && !V->isExternallyVisible()))
      continue;
    // Hooks publish their own summaries (hookSummaries).
    if (V && isHookVariable(V) && hookFor(V).HasTargets)
      continue;
    const FunctionProtoType *FT = slotPrototype(Slot);
    if (!FT)
      continue;
    unsigned NParams = FT->getNumParams();
    bool ReturnsPointer = FT->getReturnType()->isPointerType();
    bool Matters = ReturnsPointer;
    for (QualType P : FT->getParamTypes())
      Matters |= P->isPointerType() || P->isReferenceType();
    if (!Matters)
      continue;
    std::vector<std::optional<OwnershipSummary>> Parts;
    if (Stores.Open)
      Parts.push_back(std::nullopt);
    for (const FunctionDecl *F : Stores.Functions)
      Parts.push_back(targetSummary(F, NParams, false, ReturnsPointer));
    if (Parts.empty())
      continue;
    std::string Usr = usrOf(Slot);
    if (Usr.empty())
      continue;
    Out[Usr] = joinSummaries(Slot->getQualifiedNameAsString(), Parts, NParams,
                             ReturnsPointer)
                   .toJson();
  }
}

void OwnershipAnalysis::Impl::virtualSummaries(Json &Out) {
  if (!tracksMemory())
    return;
  // Every overrider this TU can see, joined under each method it
  // overrides (and its own): a caller in another TU whose static class is
  // one of those reads the join of what the program's overriders do.
  std::map<std::string, std::vector<std::optional<OwnershipSummary>>> Parts;
  std::map<std::string, std::pair<std::string, unsigned>> Shapes;
  for (const CXXRecordDecl *C : callTargets().classes()) {
    if (inSystemHeader(C))
      continue;
    for (const CXXMethodDecl *MD : C->methods()) {
      if (!MD->isVirtual() || MD->isPureVirtual() || isa<CXXDestructorDecl>(MD))
        continue;
      unsigned NParams = MD->getNumParams();
      bool ReturnsPointer = MD->getReturnType()->isPointerType();
      std::optional<OwnershipSummary> S =
          targetSummary(MD, NParams, true, ReturnsPointer);
      llvm::SmallVector<const CXXMethodDecl *, 4> Work{MD};
      llvm::SmallPtrSet<const CXXMethodDecl *, 4> Seen;
      while (!Work.empty()) {
        const CXXMethodDecl *U = Work.pop_back_val();
        if (!Seen.insert(U->getCanonicalDecl()).second)
          continue;
        for (const CXXMethodDecl *O : U->overridden_methods())
          Work.push_back(O);
        std::string Usr = usrOf(U->getCanonicalDecl());
        if (Usr.empty())
          continue;
        Usr = "virt:" + Usr;
        Parts[Usr].push_back(S);
        Shapes[Usr] = {U->getQualifiedNameAsString(), NParams};
      }
    }
  }
  for (auto &[Usr, P] : Parts) {
    const auto &[Name, NParams] = Shapes[Usr];
    Out[Usr] = joinSummaries(Name, P, NParams + 1, true).toJson();
  }
}

} // namespace leakhound
