//===--- OwnershipHooks.cpp - allocators found without configuration -----===//
//
// Three things the ownership engine learns from the TU as a whole rather than
// from one function's dataflow (see OwnershipModel.h for the engine's terms):
//
//  * Allocation hooks (AllocationHooks.h): a global function pointer is
//    modelled by the models of the functions the TU stores into it
//    (namedModel or the summary of a definition here). All of one kind
//    (allocator, reallocator, deallocator: a function releasing its one
//    pointer parameter) make it a hook of that kind; any other known
//    function makes it none; values the analysis cannot name (a parameter:
//    the user's replacement allocator) are left out. A hook the TU stores
//    nothing nameable into is treated like a function defined elsewhere,
//    keyed by its variable's USR: the TU that does store into it publishes
//    its summary (hookSummaries), and the merge decides.
//  * Interior-pointer deallocators: an allocator that returns a pointer a
//    constant offset K into its fresh block (InteriorOffsets, computed when
//    its summary is) is released by the function of the TU that releases
//    its parameter after stepping back exactly K bytes (PointerOffset.h).
//    When several do, the one whose parameter type is the allocator's
//    result type wins; otherwise none is named.
//  * Constructors that hand out `this`: a `new` whose constructor uses
//    `this` as a value (not only as the base of member accesses) applies
//    the constructor summary's fate of its `this` to the new object.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "PointerOffset.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

/// The prototype a hook variable's type points to.
static const FunctionProtoType *hookPrototype(const VarDecl *V) {
  const auto *PT = V->getType()->getAs<PointerType>();
  return PT ? PT->getPointeeType()->getAs<FunctionProtoType>() : nullptr;
}

void OwnershipAnalysis::Impl::ensureHookStores() {
  if (HookStores)
    return;
  // The call-target resolver's stores (one walk of the TU for both): the
  // hook variables and the functions stored into them; values it cannot
  // name say nothing of a hook's kind.
  HookStores.emplace();
  for (const auto &[Slot, Stores] : callTargets().allStores()) {
    const auto *V = dyn_cast<VarDecl>(Slot);
    if (!V || !isHookVariable(V))
      continue;
    HookTargets &T = (*HookStores)[V];
    T.Functions.append(Stores.Functions.begin(), Stores.Functions.end());
  }
}

const OwnershipAnalysis::Impl::Hook &
OwnershipAnalysis::Impl::hookFor(const VarDecl *V) {
  V = V->getCanonicalDecl();
  if (auto It = Hooks.find(V); It != Hooks.end())
    return It->second;
  ensureHookStores();
  Hook H;
  auto Stored = HookStores->find(V);
  // The kinds of the targets this TU names; a target defined elsewhere
  // with no model here says nothing.
  bool Alloc = false, Realloc = false, Release = false, Other = false;
  std::set<std::string> LibDeallocs;
  if (Stored != HookStores->end()) {
    for (const FunctionDecl *F : Stored->second.Functions) {
      CallModel TM;
      bool Named = namedModel(F, TM);
      if (!Named) {
        if (!summarisedDefinition(F))
          continue;
        TM = modelFor(F, nullptr);
      }
      H.HasTargets = true;
      H.TargetNames.push_back(baseName(F->getName()).str());
      if (TM.Realloc) {
        Realloc = true;
        LibDeallocs.insert(TM.Dealloc);
      } else if (TM.Ret == CallModel::RetFresh) {
        Alloc = true;
        LibDeallocs.insert(TM.Dealloc);
      } else if (Named ? TM.Rest.Self.Kind == PartKind::Release
                       : llvm::count_if(F->parameters(),
                                        [](const ParmVarDecl *P) {
                                          return P->getType()->isPointerType();
                                        }) == 1 &&
                             llvm::any_of(TM.Params, [](const ArgEffect &A) {
                               return A.Self.Kind == PartKind::Release ||
                                      A.Self.Kind == PartKind::Escape;
                             })) {
        Release = true;
      } else {
        Other = true;
      }
    }
  }
  if (!Other && Alloc + Realloc + Release == 1)
    H.K = Alloc ? Hook::Alloc : Realloc ? Hook::Realloc : Hook::Release;
  if (LibDeallocs.size() == 1)
    H.LibDealloc = *LibDeallocs.begin();
  if (H.K == Hook::Alloc || H.K == Hook::Realloc)
    SawAllocation = true;
  return Hooks[V] = std::move(H);
}

std::string OwnershipAnalysis::Impl::hookDealloc(StringRef LibDealloc) {
  if (LibDealloc.empty())
    return {};
  ensureHookStores();
  std::string Found;
  unsigned N = 0;
  for (const auto &[V, T] : *HookStores) {
    const Hook &H = hookFor(V);
    if (H.K == Hook::Release && llvm::is_contained(H.TargetNames, LibDealloc)) {
      Found = V->getName().str();
      ++N;
    }
  }
  return N == 1 ? Found : std::string();
}

bool OwnershipAnalysis::Impl::hookModel(const CallExpr *CE, CallModel &M) {
  const auto *DR = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!isHookVariable(V))
    return false;
  const FunctionProtoType *FT = hookPrototype(V);
  unsigned NParams = FT->getNumParams();
  bool ReturnsPointer = FT->getReturnType()->isPointerType();
  const Hook &H = hookFor(V);
  ArgEffect UnknownRule = uniform(Opts.UnknownCallsEscape ? PartKind::Escape
                                                          : PartKind::Borrow);
  switch (H.K) {
  case Hook::Alloc:
  case Hook::Realloc:
    if (!ReturnsPointer)
      return false;
    M = CallModel();
    M.Ret = CallModel::RetFresh;
    M.Realloc = H.K == Hook::Realloc;
    M.AllocName = V->getName().str();
    M.Dealloc = hookDealloc(H.LibDealloc);
    M.Params.assign(NParams, ArgEffect());
    return true;
  case Hook::Release:
    M = CallModel();
    M.Rest.Self.Kind = PartKind::Release;
    M.Params.assign(NParams, M.Rest);
    return true;
  case Hook::None:
    break;
  }
  // A hook this TU stores nothing it can name into: what other TUs store
  // decides, as for a function defined elsewhere.
  if (H.HasTargets || !V->isExternallyVisible())
    return false;
  std::string Usr = usrOf(V->getCanonicalDecl());
  if (Usr.empty())
    return false;
  if (Merged && Merged->has(Usr)) {
    M = CallModel();
    for (unsigned I = 0; I < NParams; ++I) {
      EffectDeps Self, Deep;
      Self.Deps.insert(depKey(Usr, I, false));
      Deep.Deps.insert(depKey(Usr, I, true));
      M.Params.push_back({resolve(Self), resolve(Deep)});
    }
    M.Rest = UnknownRule;
    if (ReturnsPointer && Merged->returnsFresh(Usr) == Fate::Takes) {
      M.Ret = CallModel::RetFresh;
      M.AllocName = V->getName().str();
    }
    return true;
  }
  if (!Opts.RecordConditions)
    return false;
  M = CallModel();
  for (unsigned I = 0; I < NParams; ++I) {
    ArgEffect A;
    A.Self.Kind = A.Deep.Kind = PartKind::Cond;
    A.Self.Deps.push_back(depId(depKey(Usr, I, false)));
    A.Deep.Deps.push_back(depId(depKey(Usr, I, true)));
    M.Params.push_back(A);
  }
  M.Rest = UnknownRule;
  if (ReturnsPointer) {
    M.Ret = CallModel::RetCondFresh;
    M.AllocName = V->getName().str();
    M.FreshUsrs = {Usr};
  }
  return true;
}

Json OwnershipAnalysis::Impl::hookSummaries() {
  Json Out = Json::object();
  if (!tracksMemory()) // Hooks are allocators and deallocators of memory.
    return Out;
  ensureHookStores();
  for (const auto &[V, T] : *HookStores) {
    const Hook &H = hookFor(V);
    if (!H.HasTargets || !V->isExternallyVisible())
      continue;
    std::string Usr = usrOf(V);
    if (Usr.empty())
      continue;
    const FunctionProtoType *FT = hookPrototype(V);
    OwnershipSummary S;
    S.Name = V->getQualifiedNameAsString();
    bool ReturnsPointer = FT->getReturnType()->isPointerType();
    for (unsigned I = 0; I < FT->getNumParams(); ++I) {
      ParamEffect P;
      bool Pointer = FT->getParamType(I)->isPointerType();
      // A reallocator or an undecided hook may keep what it is given.
      if (Pointer && (H.K == Hook::Release || H.K == Hook::Realloc ||
                      H.K == Hook::None))
        P.Self.Takes = true;
      if (Pointer && H.K == Hook::None)
        P.Deep.Takes = true;
      S.Params.push_back(P);
    }
    if (ReturnsPointer) {
      if (H.K == Hook::Alloc)
        S.RetFresh = true;
      else
        S.RetOther = true; // Realloc: not fresh across files (kept simple).
    }
    Out[Usr] = S.toJson();
  }
  return Out;
}

std::string OwnershipAnalysis::Impl::stepBackDeallocator(int64_t Bytes,
                                                         QualType RetType) {
  std::string TypeKey =
      RetType.isNull() ? "" : RetType.getCanonicalType().getAsString();
  auto Key = std::make_pair(Bytes, TypeKey);
  if (auto It = StepBack.find(Key); It != StepBack.end())
    return It->second;
  // Functions that release a pointer derived from one of their parameters
  // by stepping back exactly Bytes.
  struct Candidate {
    const FunctionDecl *F;
    bool SameType;
  };
  std::vector<Candidate> Found;
  for (const FunctionDecl *F : TUFunctions) {
    if (!F->getBody() || F->getNumParams() == 0)
      continue;
    std::optional<llvm::DenseSet<const VarDecl *>> Stored;
    bool Match = false, SameType = false;
    llvm::SmallVector<const Stmt *, 32> Work{F->getBody()};
    while (!Work.empty() && !Match) {
      const Stmt *St = Work.pop_back_val();
      if (!St)
        continue;
      for (const Stmt *C : St->children())
        Work.push_back(C);
      const auto *CE = dyn_cast<CallExpr>(St);
      if (!CE)
        continue;
      CallModel M;
      bool Modelled = false;
      if (const FunctionDecl *Callee = CE->getDirectCallee())
        Modelled = namedModel(Callee, M);
      else
        Modelled = indirectModel(CE, M);
      if (!Modelled)
        continue;
      for (unsigned I = 0; I < CE->getNumArgs() && !Match; ++I) {
        const ArgEffect &E = I < M.Params.size() ? M.Params[I] : M.Rest;
        if (E.Self.Kind != PartKind::Release)
          continue;
        if (!Stored)
          Stored = variablesStoredTo(F->getBody());
        auto Off = constantOffset(CE->getArg(I), Ctx, *Stored);
        const auto *P = Off ? dyn_cast<ParmVarDecl>(Off->Base) : nullptr;
        if (!P || Off->Bytes != -Bytes)
          continue;
        Match = true;
        SameType = !RetType.isNull() &&
                   Ctx.hasSameUnqualifiedType(P->getType(), RetType);
      }
    }
    if (Match)
      Found.push_back({F, SameType});
  }
  std::string Name;
  if (Found.size() == 1) {
    Name = Found[0].F->getName().str();
  } else if (Found.size() > 1) {
    const FunctionDecl *Only = nullptr;
    unsigned N = 0;
    for (const Candidate &C : Found)
      if (C.SameType) {
        Only = C.F;
        ++N;
      }
    if (N == 1)
      Name = Only->getName().str();
  }
  return StepBack[Key] = Name;
}

bool OwnershipAnalysis::Impl::ctorHandsOutThis(const CXXConstructorDecl *Ctor) {
  const FunctionDecl *Def = nullptr;
  if (!Ctor->hasBody(Def) || !Def->getBody())
    return false;
  auto [It, New] = CtorThis.try_emplace(Ctor, false);
  if (!New)
    return It->second;
  // `this` as a value (`L->Head = this`, `adopt(this)`), not as the base of
  // a member access (`&this->mu`, an implicit `this->f()`).
  struct Scan : RecursiveASTVisitor<Scan> {
    llvm::SmallPtrSet<const CXXThisExpr *, 8> Bases;
    unsigned Values = 0;
    bool VisitMemberExpr(MemberExpr *ME) {
      if (const auto *T =
              dyn_cast<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        Bases.insert(T);
      return true;
    }
    bool VisitCXXThisExpr(CXXThisExpr *) {
      ++Values;
      return true;
    }
  } S;
  S.TraverseStmt(Def->getBody());
  return It->second = S.Values > S.Bases.size();
}

} // namespace leakhound
