//===--- OwnershipSummaries.cpp - which functions, and their summaries ---===//
//
// The per-TU side of the ownership engine: which functions are analysed,
// in which order, and the ownership summaries that make calls precise (see
// OwnershipFacts.h for the summary terms and their cross-TU form).
//
// Which functions are analysed: every function with an allocation site (it
// may report), every externally visible one when facts are written (other
// TUs read its summary), and any other function only when a caller being
// analysed asks for its summary (summaryFor, on demand, callees first; a
// recursive call sees no summary and falls back to the unknown-call rule).
// A caller asks only when the answer can matter: for a call whose
// arguments carry something tracked, or whose pointer result may be fresh
// memory, which needs an allocation site reachable through pointer-
// returning callees (mayAllocate, a walk of the bodies over the *alloc
// graph* of allocNode, memoized). A function that neither allocates, nor
// takes or returns pointers, nor is a method, gets an empty summary
// without a CFG; one the dataflow gives up on gets a conservative summary
// (every parameter taken, the result not fresh).
//
// A summary is read off the dataflow's exit state (FunctionAnalysis::
// summarise): a parameter part released or escaped on some path is taken,
// one handed to a function defined elsewhere keeps that function's deps;
// the return fields come from the returns seen in the reporting pass
// (handleReturn). The summaries of externally visible functions are
// exported by USR.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "Constants.h"
#include "ExprUtils.h"
#include "PerContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <chrono>
#include <thread>

using namespace clang;

namespace leakhound {

using namespace ownership;

void FunctionAnalysis::summarise() {
  Summary.Name = FD->getQualifiedNameAsString();
  State ExitState;
  for (const State &S : In[Cfg->getExit().getBlockID()])
    joinState(ExitState, S);
  for (unsigned I = 0; I < ParamObjs.size(); ++I) {
    ParamEffect PE;
    auto Fill = [&](unsigned O, EffectDeps &E) {
      auto It = ExitState.Objs.find(O);
      if (It == ExitState.Objs.end())
        return;
      if (It->second.Bits & (BReleased | BEscaped))
        E.Takes = true;
      else if (It->second.Bits & BCond)
        for (unsigned D : It->second.Deps)
          E.Deps.insert(A.DepNames[D]);
    };
    Fill(ParamObjs[I], PE.Self);
    Fill(DeepObjs[I], PE.Deep);
    if (I < FD->getNumParams()) {
      QualType T = FD->getParamDecl(I)->getType();
      if (T->isReferenceType() ||
          (T->isRecordType() && !byValueRecord(T))) {
        PE.Deep.Takes = true; // Not modelled: assume it may be kept.
        PE.Deep.Deps.clear();
      }
    }
    Summary.Params.push_back(PE);
  }
  if (RetDeallocs.size() == 1)
    Summary.Dealloc = *RetDeallocs.begin();
  if (Summary.RetFresh && RetOffsets.size() == 1 && *RetOffsets.begin() != 0)
    A.InteriorOffsets[FD->getCanonicalDecl()] = *RetOffsets.begin();
  if (!RetSeen && A.mayCarry(FD->getReturnType()))
    Summary.RetOther = true;
  // A function that returns a parameter on some paths and other memory on
  // others: callers cannot tell which, so the parameter counts as taken.
  if (Summary.RetFresh || Summary.RetOther || !Summary.RetDeps.empty())
    Summary.foldRetParams();
  summariseOuts(ExitState);
  Summary.OutValues = summariseOutValues(FD, *Cfg, Ctx);
}

static bool isPointerLike(QualType T) {
  return T->isPointerType() || T->isArrayType() || T->isReferenceType();
}

const FunctionDecl *
OwnershipAnalysis::Impl::analysableDefinition(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || !Def->doesThisDeclarationHaveABody())
    return nullptr;
  if (Def->isInvalidDecl() || Def->isDependentContext() ||
      inSystemHeader(Def) || !Def->getBody())
    return nullptr;
  // Error-recovery nodes exist only where an error was reported.
  if (Ctx.getDiagnostics().hasErrorOccurred()) {
    auto [It, New] = BodyErrors.try_emplace(Def, false);
    if (New)
      It->second = hasRecoveryErrors(Def->getBody());
    if (It->second)
      return nullptr;
  }
  if (Def->isTemplated())
    return nullptr;
  return Def;
}

const OwnershipSummary *
OwnershipAnalysis::Impl::summaryFor(const FunctionDecl *Def) {
  Def = Def->getCanonicalDecl();
  if (auto It = Summaries.find(Def); It != Summaries.end())
    return &It->second;
  if (Visiting.count(Def))
    return nullptr;
  analyse(Def, /*OnDemand=*/true);
  auto It = Summaries.find(Def);
  return It == Summaries.end() ? nullptr : &It->second;
}

const std::vector<OutFlag> *
OwnershipAnalysis::Impl::outValuesOf(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee)
    return nullptr;
  const OwnershipSummary *S = nullptr;
  if (const FunctionDecl *Def = summarisedDefinition(Callee))
    S = summaryFor(Def);
  else if (Merged)
    if (std::string Usr = usrOf(Callee->getCanonicalDecl()); !Usr.empty())
      S = Merged->summary(Usr);
  return S && !S->OutValues.empty() ? &S->OutValues : nullptr;
}

static OwnershipSummary conservativeSummary(const FunctionDecl *FD) {
  OwnershipSummary S;
  S.Name = FD->getQualifiedNameAsString();
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  unsigned NP = FD->getNumParams() + (MD && MD->isInstance() ? 1 : 0);
  for (unsigned I = 0; I < NP; ++I) {
    ParamEffect P;
    P.Self.Takes = P.Deep.Takes = true;
    S.Params.push_back(P);
  }
  S.RetOther = FD->getReturnType()->isPointerType();
  return S;
}

OwnershipAnalysis::Impl::CallAlloc
OwnershipAnalysis::Impl::classifyCall(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee) {
    CallModel M;
    if (indirectModel(CE, M) || !CE->getType()->isPointerType())
      return M.Ret != CallModel::RetNone ? CallAlloc::Yes : CallAlloc::No;
    // Through a function pointer (OwnershipIndirect.cpp): known targets
    // decide as direct callees would; others by their cross-TU model.
    std::optional<CallResolution> R = callTargets().resolve(CE);
    if (R && R->Closed) {
      bool Pending = false;
      for (const FunctionDecl *T : R->Targets) {
        if (summarisedDefinition(T) && !hasModel(T)) {
          Pending = true;
          continue;
        }
        CallModel TM = modelFor(T, nullptr);
        if (TM.Ret != CallModel::RetNone || TM.Realloc)
          return CallAlloc::Yes;
      }
      return Pending ? CallAlloc::IfCalleeAllocates : CallAlloc::No;
    }
    if (targetsModel(CE, M) && M.Ret != CallModel::RetNone)
      return CallAlloc::Yes;
    return CallAlloc::No;
  }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && MD->getName() == "release" && MD->getParent() &&
      MD->getParent()->isInStdNamespace() && tracksMemory())
    return CallAlloc::Yes;
  if (!mayCarry(CE->getType())) {
    std::string Qual = Callee->getQualifiedNameAsString();
    if (Allocators.contains(Qual) || Allocators.contains(baseName(Qual)))
      return CallAlloc::Yes;
    // Out-parameters (OwnershipOutParams.cpp): the summary decides.
    if (!mayHandOut(CE))
      return CallAlloc::No;
    if (summarisedDefinition(Callee) && !hasModel(Callee))
      return CallAlloc::IfCalleeAllocates;
    return modelFor(Callee, nullptr).Outs.empty() ? CallAlloc::No
                                                  : CallAlloc::Yes;
  }
  if (summarisedDefinition(Callee) && !hasModel(Callee))
    return Callee->hasAttr<RestrictAttr>() && tracksMemory() ? CallAlloc::Yes
                                           : CallAlloc::IfCalleeAllocates;
  CallModel M = modelFor(Callee, nullptr);
  // Handles: `pipe` fills its array with two fresh descriptors.
  return M.Ret != CallModel::RetNone || M.Realloc ||
                 (!tracksMemory() && !M.Outs.empty())
             ? CallAlloc::Yes
             : CallAlloc::No;
}

bool OwnershipAnalysis::Impl::allocates(const FunctionDecl *Def) {
  // A copy: asking for summaries analyses callees, which adds nodes.
  AllocNode N = allocNode(Def);
  if (N.Direct || N.Deletes)
    return true;
  for (const FunctionDecl *Callee : N.Callees)
    if (mayAllocate(summarisedDefinition(Callee))) {
      CallModel M = modelFor(Callee, nullptr);
      if (M.Ret != CallModel::RetNone || M.Realloc || !M.Outs.empty())
        return true;
    }
  return false;
}

bool OwnershipAnalysis::Impl::mayReturnFresh(const FunctionDecl *FD) {
  const FunctionDecl *Def = summarisedDefinition(FD);
  return !Def || hasModel(FD) ||
         (FD->hasAttr<RestrictAttr>() && tracksMemory()) || mayAllocate(Def);
}

const OwnershipAnalysis::Impl::AllocNode &
OwnershipAnalysis::Impl::allocNode(const FunctionDecl *Def) {
  if (auto It = AllocGraph.find(Def); It != AllocGraph.end())
    return It->second;
  AllocNode N;
  llvm::SmallVector<const Stmt *, 64> Work{Def->getBody()};
  while (!Work.empty() && !N.Direct) {
    const Stmt *St = Work.pop_back_val();
    if (!St)
      continue;
    if (isa<CXXNewExpr>(St)) {
      N.Direct |= tracksMemory();
    } else if (isa<CXXDeleteExpr>(St)) {
      N.Deletes = true;
    } else if (const auto *CE = dyn_cast<CallExpr>(St)) {
      switch (classifyCall(CE)) {
      case CallAlloc::No:
        // An `int` of another file that may be a fresh descriptor.
        N.Direct |= possibleDescriptorResult(Def, CE);
        break;
      case CallAlloc::Yes:
        N.Direct = true;
        break;
      case CallAlloc::IfCalleeAllocates:
        if (const FunctionDecl *Callee = CE->getDirectCallee())
          N.Callees.push_back(Callee);
        else if (std::optional<CallResolution> R = callTargets().resolve(CE))
          for (const FunctionDecl *T : R->Targets)
            if (summarisedDefinition(T) && !hasModel(T))
              N.Callees.push_back(T);
        break;
      }
    }
    for (const Stmt *C : St->children())
      Work.push_back(C);
  }
  // Inserted only now: classifying calls may have added nodes.
  return AllocGraph[Def] = std::move(N);
}

bool OwnershipAnalysis::Impl::mayAllocate(const FunctionDecl *Def) {
  if (auto It = MayAlloc.find(Def); It != MayAlloc.end())
    return It->second;
  // Whether an allocation site is reachable through calls of summarised
  // functions. Without one, no function visited can allocate either.
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen{Def};
  llvm::SmallVector<const FunctionDecl *, 16> Work{Def};
  bool Found = false;
  while (!Work.empty() && !Found) {
    const FunctionDecl *F = Work.pop_back_val();
    if (auto It = MayAlloc.find(F); It != MayAlloc.end()) {
      Found = It->second;
      continue;
    }
    const AllocNode &N = allocNode(F);
    if (N.Direct) {
      Found = true;
      break;
    }
    for (const FunctionDecl *C : N.Callees)
      if (const FunctionDecl *D = summarisedDefinition(C);
          Seen.insert(D).second)
        Work.push_back(D);
  }
  if (Found)
    MayAlloc[Def] = true;
  else
    for (const FunctionDecl *F : Seen)
      MayAlloc[F] = false;
  return Found;
}

void OwnershipAnalysis::Impl::analyse(const FunctionDecl *FD, bool OnDemand) {
  const FunctionDecl *Def = analysableDefinition(FD);
  if (!Def)
    return;
  const FunctionDecl *Key = Def->getCanonicalDecl();
  if (Summaries.count(Key) || Visiting.count(Key))
    return;
  if (!Opts.DebugCrashOn.empty() && Def->getName() == Opts.DebugCrashOn)
    __builtin_trap();
  if (!Opts.DebugHangOn.empty() && Def->getName() == Opts.DebugHangOn)
    while (true)
      std::this_thread::sleep_for(std::chrono::seconds(1));
  Visiting.insert(Key);

  // Without an allocation site a function reports nothing: it is analysed
  // only when its summary is wanted, by a caller here (on demand) or by
  // other TUs (exported).
  bool Allocates = allocates(Def);
  if (!OnDemand && !Allocates &&
      !(Opts.RecordConditions && Def->isExternallyVisible() &&
        summaryMatters(Def))) {
    Visiting.erase(Key);
    return;
  }
  // Without an allocation site the dataflow only follows what the function
  // does with its parameters, a union over all paths: telling paths apart
  // by integer facts would rarely change it and would cost up to
  // MaxDisjuncts times the work (a third of all analysis time on sqlite3.c).
  BodyScan Scan(/*CountConditions=*/Allocates);
  Scan.TraverseStmt(Def->getBody());
  // Only functions that can matter get a CFG: those that allocate, take or
  // return pointers, or hand `this` around.
  bool Relevant = Allocates || mayCarry(Def->getReturnType());
  const auto *MD = dyn_cast<CXXMethodDecl>(Def);
  for (const ParmVarDecl *P : Def->parameters())
    if (isPointerLike(P->getType()) || P->getType()->isRecordType() ||
        mayCarry(P->getType()))
      Relevant = true;
  if (MD && MD->isInstance())
    Relevant = true;

  OwnershipSummary S;
  if (!Relevant) {
    S.Name = Def->getQualifiedNameAsString();
    S.Params.resize(Def->getNumParams());
  } else {
    FunctionAnalysis FA(*this, Def, Scan);
    if (FA.run())
      S = std::move(FA.Summary);
    else
      S = conservativeSummary(Def);
  }
  summariseInitializers(Def, S);
  Visiting.erase(Key);
  Summaries[Key] = std::move(S);
  Analysed.push_back(Key);
}

/// The values of the program's integer globals this TU defines; \p Writable
/// is set if it declares one that is not const (whose writes then count).
static void constantsIn(const DeclContext *DC, OwnershipAnalysis::Impl &A,
                        const TUConstants &K, Json &Out, bool &Writable) {
  for (const Decl *D : DC->decls()) {
    if (isa<NamespaceDecl, LinkageSpecDecl>(D)) {
      constantsIn(cast<DeclContext>(D), A, K, Out, Writable);
      continue;
    }
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V || !V->isExternallyVisible() || !V->hasGlobalStorage() ||
        V->getType().isVolatileQualified() ||
        !V->getType()->isIntegralOrEnumerationType() || A.inSystemHeader(V))
      continue;
    Writable |= !V->getType().isConstQualified();
    if (V->isThisDeclarationADefinition() == VarDecl::DeclarationOnly)
      continue;
    std::optional<llvm::APSInt> C = K.initialValue(V);
    std::string Usr = A.usrOf(V->getCanonicalDecl());
    if (C && C->getSignificantBits() <= 64 && !Usr.empty())
      Out[Usr]["values"] = Json::array({C->getExtValue()});
  }
}

Json OwnershipAnalysis::exportConstants() {
  Json Out = Json::object();
  TUConstants &K = *perContext<TUConstants>(P->Ctx);
  bool Writable = false;
  constantsIn(P->Ctx.getTranslationUnitDecl(), *P, K, Out, Writable);
  for (const FunctionDecl *FD : P->TUFunctions) {
    if (!FD->isExternallyVisible() || P->inSystemHeader(FD))
      continue;
    std::optional<llvm::APSInt> C = K.returnedBy(FD);
    std::string Usr = P->usrOf(FD->getCanonicalDecl());
    if (C && C->getSignificantBits() <= 64 && !Usr.empty())
      Out[Usr]["values"] = Json::array({C->getExtValue()});
  }
  // Only a TU that names such a global can write it: others skip the walk.
  if (!Writable)
    return Out;
  for (const VarDecl *V : K.touched())
    if (V->isExternallyVisible() && V->hasGlobalStorage() &&
        V->getType()->isIntegralOrEnumerationType() && !P->inSystemHeader(V))
      if (std::string Usr = P->usrOf(V); !Usr.empty())
        Out[Usr]["touched"] = true;
  return Out;
}

Json OwnershipAnalysis::exportSummaries() {
  Json Out = P->hookSummaries();
  P->slotSummaries(Out);
  P->virtualSummaries(Out);
  for (const FunctionDecl *FD : P->Analysed) {
    if (!FD->isExternallyVisible())
      continue;
    std::string Usr = P->usrOf(FD);
    if (Usr.empty())
      continue;
    auto It = P->Summaries.find(FD);
    if (It == P->Summaries.end())
      continue;
    Out[Usr] = It->second.toJson();
  }
  // Handles: a function with `int`, `void *` or struct parameters and
  // nothing to do with descriptors or handles is not analysed
  // (summaryMatters), yet a caller in another file may hand it one. What
  // it does with them is plain here: it only reads them, or it may keep
  // them (taken).
  for (const FunctionDecl *FD : P->TUFunctions) {
    const FunctionDecl *Key = FD->getCanonicalDecl();
    if (!FD->isExternallyVisible() || P->inSystemHeader(FD) ||
        P->Summaries.count(Key) || isa<CXXMethodDecl>(FD) ||
        llvm::none_of(FD->parameters(), [](const ParmVarDecl *PV) {
          return isDescriptorType(PV->getType()) ||
                 PV->getType()->isPointerType() ||
                 byValueRecord(PV->getType());
        }))
      continue;
    std::optional<std::vector<bool>> Inert = P->inertParams(FD);
    if (!Inert || llvm::none_of(*Inert, [](bool B) { return B; }))
      continue;
    std::string Usr = P->usrOf(Key);
    if (Usr.empty() || Out.contains(Usr))
      continue;
    OwnershipSummary S;
    S.Name = FD->getQualifiedNameAsString();
    for (unsigned I = 0; I < FD->getNumParams(); ++I) {
      ParamEffect PE;
      PE.Self.Takes = PE.Deep.Takes = !(*Inert)[I];
      S.Params.push_back(PE);
    }
    S.RetOther = P->mayCarry(FD->getReturnType());
    Out[Usr] = S.toJson();
  }
  return Out;
}

} // namespace leakhound
