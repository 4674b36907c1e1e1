//===--- OwnershipKinds.cpp - resource kinds and lending in the engine ----===//
//
// Where the ownership engine meets the kind table (ResourceKinds.h) and the
// lending rule (SystemCalls.h):
//  * kindModel: a library acquirer of the family followed returns a fresh
//    object that remembers its releaser (`fopen` -> `fclose`); a releaser
//    releases the argument its row names; an acquirer or releaser of the
//    other family only lends its arguments (to the memory check a `DIR *`
//    is not memory, to the handle check a `malloc` block is not a handle).
//  * lendingModel and lendConstParams: the rule for calls to functions
//    with no body and no summary, unless SystemCallsEscape.
//  * summaryMatters: which externally visible functions get a summary for
//    the facts when the family is not memory (only those with a parameter
//    or result that can hold a handle; the others cannot matter to another
//    TU's handles, and skipping them keeps the second run cheap).
//  * kindOf, kindMessage, acquiredNote: the words of a handle's report,
//    from its releaser, its acquirer or, for a wrapper from another TU
//    whose releaser is not named, the type of the value.
//  * isAllOnesPointer: the none value of mappings, tested like null.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "SystemCalls.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

bool OwnershipAnalysis::Impl::kindModel(const FunctionDecl *FD,
                                        StringRef Name, CallModel &M) {
  unsigned NParams = FD->getNumParams();
  const Acquirer *Acq = nullptr;
  const Releaser *Rel = nullptr;
  if (const ResourceKind *K = acquirerOf(Opts.Family, Name, &Acq)) {
    // Descriptors are integers: the dataflow follows pointers only.
    if (K->Held != ResourceKind::Value::Pointer ||
        !FD->getReturnType()->isPointerType())
      return false;
    M.Ret = CallModel::RetFresh;
    M.AllocName = Name.str();
    M.Dealloc = Acq->Releaser;
    M.Params.assign(NParams, ArgEffect());
    if (Acq->Takes >= 0 && static_cast<unsigned>(Acq->Takes) < NParams)
      M.Params[Acq->Takes].Self.Kind = PartKind::Release;
    return true;
  }
  if (releaserOf(Opts.Family, Name, &Rel)) {
    M.Params.assign(NParams, ArgEffect());
    if (Rel->Arg < NParams)
      M.Params[Rel->Arg].Self.Kind = PartKind::Release;
    return true;
  }
  ResourceFamily Other = tracksMemory() ? ResourceFamily::Handles
                                        : ResourceFamily::Memory;
  if (acquirerOf(Other, Name) || releaserOf(Other, Name)) {
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  return false;
}

bool OwnershipAnalysis::Impl::lendingModel(const FunctionDecl *FD,
                                           CallModel &M) {
  if (Opts.SystemCallsEscape || !inSystemHeader(FD->getFirstDecl()) ||
      !isPlatformFunction(FD, SM))
    return false;
  std::string Qual = FD->getQualifiedNameAsString();
  StringRef Name = baseName(Qual);
  if (FD->isInStdNamespace())
    Name.consume_front("std::");
  unsigned NParams = FD->getNumParams();
  M.Params.assign(NParams, ArgEffect());
  for (unsigned I = 0; I < NParams; ++I) {
    switch (systemArgFate(Name, I)) {
    case SystemArg::Lends:
      break;
    case SystemArg::Keeps:
      M.Params[I] = uniform(PartKind::Escape);
      break;
    case SystemArg::KeepsDeep:
      M.Params[I].Deep.Kind = PartKind::Escape;
      break;
    case SystemArg::Releases:
      M.Params[I].Self.Kind = PartKind::Release;
      break;
    }
  }
  M.This = M.Rest = ArgEffect();
  if (std::optional<unsigned> R = systemReturnedArg(Name))
    M.RetArgs = {*R};
  return true;
}

void OwnershipAnalysis::Impl::lendConstParams(const FunctionDecl *FD,
                                              CallModel &M) {
  if (Opts.SystemCallsEscape)
    return;
  for (unsigned I = 0; I < FD->getNumParams() && I < M.Params.size(); ++I)
    if (lendsByConst(FD->getParamDecl(I)))
      M.Params[I].Self = PartEffect();
}

/// Whether \p T can carry a handle of a pointer kind whose type names it
/// into or out of a call: a `FILE *`, a `DIR *`, or a pointer or reference
/// to one. A `void *` (a mapping) is not followed across calls: nearly every
/// C callback takes one, and summarising them all would double the
/// engine's cost for the handle check.
static bool carriesHandle(QualType T) {
  for (unsigned Depth = 0; Depth < 2 && !T.isNull(); ++Depth) {
    if (T->isReferenceType())
      T = T->getPointeeType();
    if (!T->isPointerType())
      return false;
    if (kindOfType(T))
      return true;
    T = T->getPointeeType();
  }
  return false;
}

bool OwnershipAnalysis::Impl::resultMayHold(QualType T) {
  return tracksMemory() || carriesHandle(T);
}

bool OwnershipAnalysis::Impl::summaryMatters(const FunctionDecl *Def) {
  if (tracksMemory())
    return true;
  if (carriesHandle(Def->getReturnType()))
    return true;
  return llvm::any_of(Def->parameters(), [](const ParmVarDecl *P) {
    return carriesHandle(P->getType());
  });
}

namespace ownership {

bool isAllOnesPointer(const Expr *E, const ASTContext &Ctx) {
  if (!E->getType()->isPointerType())
    return false;
  const Expr *Inner = E->IgnoreParenCasts();
  if (Inner == E || !Inner->getType()->isIntegerType())
    return false;
  Expr::EvalResult R;
  if (Inner->isValueDependent() || !Inner->EvaluateAsInt(R, Ctx))
    return false;
  return R.Val.getInt().isAllOnes();
}

const ResourceKind *FunctionAnalysis::kindOf(const ObjInfo &I) const {
  if (A.tracksMemory())
    return nullptr;
  if (!I.Dealloc.empty())
    if (const ResourceKind *K = releaserOf(A.Opts.Family, I.Dealloc))
      return K;
  if (const ResourceKind *K = acquirerOf(A.Opts.Family, I.AllocName))
    return K;
  if (const auto *E = dyn_cast_or_null<Expr>(I.Site))
    return kindOfType(E->getType());
  return nullptr;
}

std::string FunctionAnalysis::kindMessage(unsigned O, const std::string &Name,
                                          const Event &Ev,
                                          const std::string &Release) {
  const ObjInfo &I = Objs[O];
  const ResourceKind *K = kindOf(I);
  std::string Noun = K ? K->Noun : "handle";
  std::string By = I.AllocName.empty()
                       ? std::string()
                       : " " + std::string(K ? K->Acquired : "acquired") +
                             " by '" + I.AllocName + "'";
  std::string Suffix =
      Release.empty() ? std::string()
                      : "; " + std::string(K ? K->ReleaseVerb : "release") +
                            " it with '" + Release + "' first";
  if (auto W = Overwritten.find(O); W != Overwritten.end() && !W->second.empty())
    return Noun + " '" + W->second + "'" + By + " is leaked when '" +
           W->second + "' is overwritten" + Suffix;
  if (Name.empty())
    return Noun + By + " is leaked: the result is never stored or " +
           (K ? K->Released : "released");
  std::string What = Noun + " '" + Name + "'" + By + " is leaked";
  if (auto F = FreedContainer.find(O);
      F != FreedContainer.end() && !F->second.empty())
    return What + " when '" + F->second + "' is released" + Suffix;
  if (Ev.Kind == EventKind::Return)
    return What + " when the function returns" + Suffix;
  if (Ev.Kind == EventKind::Scope)
    return What + " when '" + Ev.Var + "' goes out of scope" + Suffix;
  return What + ": its last reference is lost here" + Suffix;
}

std::string FunctionAnalysis::noneName(const Expr *C) const {
  C = C->IgnoreParenImpCasts();
  while (const auto *U = dyn_cast<UnaryOperator>(C)) {
    if (U->getOpcode() != UO_LNot)
      break;
    C = U->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *BO = dyn_cast<BinaryOperator>(C);
  if (A.tracksMemory() || !BO || !BO->isEqualityOp())
    return "null";
  for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
    if (isAllOnesPointer(Side, Ctx)) {
      std::string T = textOf(Side, Ctx);
      return T.empty() ? "MAP_FAILED" : "'" + T + "'";
    }
  return "null";
}

std::string FunctionAnalysis::acquiredNote(const ObjInfo &I) const {
  const ResourceKind *K = kindOf(I);
  return std::string(K ? K->Noun : "handle") + " " +
         (K ? K->Acquired : "acquired") + " here by '" + I.AllocName + "'";
}

} // namespace ownership
} // namespace leakhound
