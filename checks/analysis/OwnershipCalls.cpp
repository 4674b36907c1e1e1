//===--- OwnershipCalls.cpp - what a call does to ownership ---------------===//
//
// The call models of the ownership engine: for a call, what happens to each
// argument's pointee (self) and what it reaches (deep), and whether the
// result is fresh memory (see OwnershipModel.h for the terms).
//
// A callee is modelled, first rule that applies:
//  1. by its name (namedModel): the configured Allocators/Deallocators, the
//     C library's allocators, realloc, deallocators, borrowers (read their
//     arguments, keep nothing) and copiers (copy bytes, so what the blocks
//     reach gets a second reference), and the global operators new/delete;
//     functions whose result is an argument (memcpy's destination; the
//     table is systemReturnedArg in SystemCalls.h) get RetArgs;
//  2. by the summary of its definition in this TU (summarisedDefinition,
//     summaryFor), the summary's deps resolved against the merged facts (a
//     function that returns one of its parameters gets RetArgs);
//  3. a library function (system header, `malloc` or ownership attribute)
//     without a model keeps everything;
//  4. by the merged facts of another TU's definition (deps on its USR);
//  5. with RecordConditions, by deps on its USR, decided at the merge
//     (conditional findings);
//  6. by the unknown-call rule (UnknownCallsEscape: escape, or borrow).
// Ownership attributes then refine the model. A call through a function
// pointer variable named in the options is an allocator or deallocator
// hook (modelForPointerVar); so is a global function pointer the program
// stores allocators or deallocators into (OwnershipHooks.cpp). A constructor that stores a pointer parameter
// through a member initializer keeps it (keepParamsStoredByInitializers).
// Models are cached per callee, except while its summary is being computed
// (recursion).
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "SystemCalls.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

namespace ownership {

StringRef baseName(StringRef N) {
  N.consume_front("::");
  if (N.consume_front("__builtin___"))
    N.consume_back("_chk");
  else
    N.consume_front("__builtin_");
  return N;
}

} // namespace ownership

static bool isOneOf(StringRef N, std::initializer_list<StringRef> L) {
  return llvm::is_contained(L, N);
}

/// C library functions that allocate, in their C names.
static bool isLibAllocator(StringRef N) {
  return isOneOf(N, {"malloc", "calloc", "strdup", "strndup", "aligned_alloc",
                     "valloc", "pvalloc", "memalign", "wcsdup"});
}
static bool isLibRealloc(StringRef N) {
  return isOneOf(N, {"realloc", "reallocf", "reallocarray"});
}
static bool isLibDeallocator(StringRef N) {
  return isOneOf(N, {"free", "cfree"});
}
/// Library functions that read their pointer arguments and keep nothing.
static bool isLibBorrower(StringRef N) {
  return isOneOf(
      N, {"strlen",   "strnlen",  "strcmp",   "strncmp",  "strcasecmp",
          "strncasecmp", "strchr", "strrchr", "strstr",   "strspn",
          "strcspn",  "strpbrk",  "strtok",   "strtok_r", "memchr",
          "memrchr",  "memcmp",   "memset",   "wmemset",  "bzero",
          "explicit_bzero",
          "printf",   "fprintf",  "sprintf",  "snprintf", "vprintf",
          "vfprintf", "vsprintf", "vsnprintf", "dprintf", "puts",
          "fputs",    "fputc",    "putc",     "fwrite",   "fread",
          "fgets",    "sscanf",   "fscanf",   "scanf",    "atoi",
          "atol",     "atoll",    "atof",     "strtol",   "strtoul",
          "strtoll",  "strtoull", "strtod",   "strtof",   "perror",
          "write",    "read",     "send",     "recv",     "open",
          "fopen",    "stat",     "access",   "unlink",   "qsort",
          "bsearch",  "strcoll",  "strxfrm",  "wcslen",   "getenv",
          "setenv",   "strerror", "assert",   "__assert_fail",
          "__assert", "__assert_rtn", "strftime", "mbstowcs", "wcstombs"});
}
/// Library functions that copy bytes between their pointer arguments: the
/// blocks are only read or written, but pointers stored inside them may now
/// have a second copy, so whatever they reach escapes.
static bool isLibCopier(StringRef N) {
  return isOneOf(N, {"memcpy", "memmove", "strcpy", "strncpy", "strcat",
                     "strncat", "stpcpy", "stpncpy", "mempcpy", "strlcpy",
                     "strlcat", "wcscpy", "wcsncpy", "wcscat", "wcsncat",
                     "wmemcpy", "wmemmove", "wmempcpy"});
}

PartEffect OwnershipAnalysis::Impl::resolve(const EffectDeps &E) {
  PartEffect P;
  if (E.Takes) {
    P.Kind = PartKind::Escape;
    return P;
  }
  bool Unknown = false;
  for (const std::string &D : E.Deps) {
    Fate F = Merged ? Merged->fateOf(D) : Fate::Unknown;
    if (F == Fate::Takes) {
      P.Kind = PartKind::Escape;
      P.Deps.clear();
      return P;
    }
    if (F == Fate::Unknown) {
      Unknown = true;
      addTarget(P.Deps, depId(D));
    }
  }
  if (!Unknown)
    return P;
  if (Opts.RecordConditions) {
    P.Kind = PartKind::Cond;
    return P;
  }
  P.Deps.clear();
  P.Kind = Opts.UnknownCallsEscape ? PartKind::Escape : PartKind::Borrow;
  return P;
}

void OwnershipAnalysis::Impl::retUnless(const OwnershipSummary &S,
                                        CallModel &M) {
  // As resolve() decides a parameter: a dep that takes makes the result
  // not the caller's; one nobody decides yet waits for the merge.
  bool Kept = false;
  for (const std::string &D : S.RetUnless) {
    Fate F = Merged ? Merged->fateOf(D) : Fate::Unknown;
    if (F == Fate::Takes)
      Kept = true;
    else if (F == Fate::Unknown && Opts.RecordConditions)
      addTarget(M.RetUnless, depId(D));
    else if (F == Fate::Unknown)
      Kept |= Opts.UnknownCallsEscape;
  }
  if (!Kept)
    return;
  M.Ret = CallModel::RetNone;
  M.FreshUsrs.clear();
  M.RetUnless.clear();
}

CallModel OwnershipAnalysis::Impl::modelFor(const FunctionDecl *FD,
                                            const CallExpr *CE) {
  if (!FD)
    return computeModel(FD, CE);
  if (auto It = Models.find(FD); It != Models.end())
    return It->second;
  bool Cacheable = true;
  CallModel M = computeModel(FD, CE, &Cacheable);
  keepParamsStoredByInitializers(FD, M);
  if (Cacheable)
    Models[FD] = M;
  return M;
}

/// A constructor that stores a parameter through a member initializer
/// (`Ptr(P) : Obj(P) {}`) hands what it points to to the new object, which
/// the body's CFG (built without initializers) does not show.
/// The parameters whose value (not something read through them) \p E hands
/// on: directly, or as an argument of a construction or call.
static void collectParams(const Expr *E,
                          llvm::SmallPtrSetImpl<const ParmVarDecl *> &Out) {
  if (!E)
    return;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      Out.insert(PVD);
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *A : CE->arguments())
      collectParams(A, Out);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    for (const Expr *A : Call->arguments())
      collectParams(A, Out);
  } else if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    for (const Expr *A : IL->inits())
      collectParams(A, Out);
  } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
    collectParams(MT->getSubExpr(), Out);
  } else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E)) {
    collectParams(BT->getSubExpr(), Out);
  } else if (const auto *EC = dyn_cast<ExplicitCastExpr>(E)) {
    collectParams(EC->getSubExpr(), Out);
  }
}

/// The pointer (or descriptor) parameters of \p CD that its written member
/// initializers keep.
static llvm::SmallPtrSet<const ParmVarDecl *, 4>
keptByInitializers(const CXXConstructorDecl *CD) {
  llvm::SmallPtrSet<const ParmVarDecl *, 4> Stored, Pointers;
  for (const CXXCtorInitializer *Init : CD->inits())
    if (Init->isWritten() && Init->getInit())
      collectParams(Init->getInit(), Stored);
  for (const ParmVarDecl *P : Stored)
    if (P->getType()->isPointerType() || isDescriptorType(P->getType()))
      Pointers.insert(P);
  return Pointers;
}

void OwnershipAnalysis::Impl::summariseInitializers(const FunctionDecl *Def,
                                                    OwnershipSummary &S) {
  // The summary other files read: the dataflow of the body does not see
  // the member initializers, so say here what they keep.
  const auto *CD = dyn_cast<CXXConstructorDecl>(Def);
  if (!CD)
    return;
  llvm::SmallPtrSet<const ParmVarDecl *, 4> Stored = keptByInitializers(CD);
  for (unsigned I = 0; I < CD->getNumParams() && I < S.Params.size(); ++I)
    if (Stored.count(CD->getParamDecl(I))) {
      S.Params[I].Self = S.Params[I].Deep = EffectDeps();
      S.Params[I].Self.Takes = S.Params[I].Deep.Takes = true;
    }
}

void OwnershipAnalysis::Impl::keepParamsStoredByInitializers(
    const FunctionDecl *FD, CallModel &M) {
  const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(FD);
  if (!Ctor)
    return;
  const FunctionDecl *Def = nullptr;
  if (!Ctor->hasBody(Def))
    return;
  const auto *CD = dyn_cast<CXXConstructorDecl>(Def);
  if (!CD)
    return;
  llvm::SmallPtrSet<const ParmVarDecl *, 4> Stored = keptByInitializers(CD);
  for (unsigned I = 0; I < CD->getNumParams() && I < M.Params.size(); ++I) {
    if (!Stored.count(CD->getParamDecl(I)))
      continue;
    if (M.Params[I].Self.Kind == PartKind::Borrow)
      M.Params[I].Self.Kind = PartKind::Escape;
    if (M.Params[I].Deep.Kind == PartKind::Borrow)
      M.Params[I].Deep.Kind = PartKind::Escape;
  }
}

bool OwnershipAnalysis::Impl::namedModel(const FunctionDecl *FD,
                                         CallModel &M) {
  unsigned NParams = FD->getNumParams();
  std::string Qual = FD->getQualifiedNameAsString();
  StringRef Name = baseName(Qual);
  bool CLib = inSystemHeader(FD->getFirstDecl()) || FD->getBuiltinID() != 0;
  OverloadedOperatorKind OO = FD->getOverloadedOperator();
  bool GlobalOp = !isa<CXXMethodDecl>(FD);
  bool Memory = tracksMemory();

  auto Fresh = [&](StringRef Alloc, StringRef Dealloc) {
    M.Ret = CallModel::RetFresh;
    M.AllocName = Alloc.str();
    M.Dealloc = Dealloc.str();
  };

  if (Deallocators.contains(Qual) || Deallocators.contains(Name) ||
      (Memory && CLib && isLibDeallocator(Name)) ||
      (Memory && GlobalOp && (OO == OO_Delete || OO == OO_Array_Delete))) {
    M.Rest.Self.Kind = PartKind::Release;
    M.Params.assign(NParams, M.Rest);
    return true;
  }
  if (Memory && CLib && isLibRealloc(Name)) {
    M.Realloc = true;
    Fresh(Name, "free");
    return true;
  }
  if (ReallocFunctions.contains(Qual) || ReallocFunctions.contains(Name)) {
    M.Realloc = true;
    M.NullKeepsOld = false;
    Fresh(Name, Opts.Deallocators.size() == 1
                    ? StringRef(Opts.Deallocators[0]).ltrim(':')
                    : StringRef());
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (Allocators.contains(Qual) || Allocators.contains(Name)) {
    Fresh(Name, Opts.Deallocators.size() == 1
                    ? StringRef(Opts.Deallocators[0]).ltrim(':')
                    : StringRef());
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (CLib && kindModel(FD, Name, M))
    return true;
  if (Memory && CLib && isLibAllocator(Name)) {
    Fresh(Name, "free");
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (Memory && GlobalOp && (OO == OO_New || OO == OO_Array_New)) {
    Fresh(OO == OO_New ? "operator new" : "operator new[]",
          OO == OO_New ? "operator delete" : "operator delete[]");
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (CLib)
    if (std::optional<unsigned> R = systemReturnedArg(Name); R && *R < NParams)
      M.RetArgs = {*R};
  if (CLib && isLibBorrower(Name)) {
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (CLib && isLibCopier(Name)) {
    ArgEffect Copy;
    Copy.Deep.Kind = PartKind::Escape;
    M.Params.assign(NParams, Copy);
    M.Rest = Copy;
    return true;
  }
  M.RetArgs.clear();
  return false;
}

const FunctionDecl *
OwnershipAnalysis::Impl::summarisedDefinition(const FunctionDecl *FD) {
  auto [It, New] = SummarisedDefs.try_emplace(FD, nullptr);
  if (New) {
    CallModel Unused;
    if (!namedModel(FD, Unused) && !FD->hasAttr<OwnershipAttr>())
      It->second = analysableDefinition(FD);
  }
  return It->second;
}

CallModel OwnershipAnalysis::Impl::computeModel(const FunctionDecl *FD,
                                                const CallExpr *CE,
                                                bool *Cacheable) {
  CallModel M;
  ArgEffect UnknownRule = uniform(Opts.UnknownCallsEscape ? PartKind::Escape
                                                          : PartKind::Borrow);
  if (!FD) {
    M.This = M.Rest = UnknownRule;
    return M;
  }
  if (namedModel(FD, M))
    return M;
  unsigned NParams = FD->getNumParams();
  std::string Qual = FD->getQualifiedNameAsString();
  StringRef Name = baseName(Qual);
  bool System = inSystemHeader(FD->getFirstDecl());
  auto Fresh = [&](StringRef Alloc, StringRef Dealloc) {
    M.Ret = CallModel::RetFresh;
    M.AllocName = Alloc.str();
    M.Dealloc = Dealloc.str();
  };

  bool HasOwnershipAttr = FD->hasAttr<OwnershipAttr>();
  bool MallocAttr = FD->hasAttr<RestrictAttr>() && tracksMemory();
  if (const FunctionDecl *Def = summarisedDefinition(FD)) {
    const OwnershipSummary *S = summaryFor(Def);
    if (!S) { // Recursion: the summary is being computed.
      if (Cacheable)
        *Cacheable = false;
      M.Params.assign(NParams, UnknownRule);
      M.This = M.Rest = UnknownRule;
      if (MallocAttr)
        Fresh(Name, "");
      return M;
    }
    for (unsigned I = 0; I < NParams; ++I) {
      ArgEffect A;
      if (I < S->Params.size()) {
        A.Self = resolve(S->Params[I].Self);
        A.Deep = resolve(S->Params[I].Deep);
      }
      M.Params.push_back(A);
    }
    if (isa<CXXMethodDecl>(FD) && S->Params.size() > NParams) {
      M.This.Self = resolve(S->Params[NParams].Self);
      M.This.Deep = resolve(S->Params[NParams].Deep);
    }
    M.Rest = UnknownRule;
    if (auto It = InteriorOffsets.find(Def->getCanonicalDecl());
        It != InteriorOffsets.end()) {
      M.RetOffset = It->second;
      M.RetType = Def->getReturnType();
    }
    if (MallocAttr) {
      Fresh(Name, S->Dealloc);
    } else if (!S->RetOther && (S->RetFresh || !S->RetDeps.empty())) {
      bool AllFresh = true, AnyUnknown = false;
      std::vector<std::string> Unresolved;
      for (const std::string &U : S->RetDeps) {
        Fate F = Merged ? Merged->returnsFresh(U) : Fate::Unknown;
        if (F == Fate::Borrow)
          AllFresh = false;
        else if (F == Fate::Unknown) {
          AnyUnknown = true;
          Unresolved.push_back(U);
        }
      }
      if (AllFresh && !AnyUnknown)
        Fresh(Name, S->RetDeps.empty() ? S->Dealloc : "");
      else if (AllFresh && Opts.RecordConditions) {
        M.Ret = CallModel::RetCondFresh;
        M.AllocName = Name.str();
        M.Dealloc = S->Dealloc;
        M.FreshUsrs = Unresolved;
      }
    }
    if (M.Ret != CallModel::RetNone)
      retUnless(*S, M);
    M.MaybeNull = S->RetNull || !S->RetDeps.empty();
    // Returns one of its parameters (summarise keeps RetParams only when
    // it returns nothing else): the caller's argument again.
    M.RetArgs.assign(S->RetParams.begin(), S->RetParams.end());
    outModels(FD, *S, M);
    return M;
  }

  if (System || MallocAttr || HasOwnershipAttr) {
    // A library function we have no model of: it may keep anything.
    M.Params.assign(NParams, uniform(PartKind::Escape));
    M.This = M.Rest = uniform(PartKind::Escape);
    if (!HasOwnershipAttr && !lendingModel(FD, M))
      lendConstParams(FD, M);
  } else if (std::string Usr = usrOf(FD->getCanonicalDecl());
             !Usr.empty() && Merged && Merged->has(Usr)) {
    for (unsigned I = 0; I <= NParams; ++I) {
      EffectDeps Self, Deep;
      Self.Deps.insert(depKey(Usr, I, false));
      Deep.Deps.insert(depKey(Usr, I, true));
      ArgEffect A{resolve(Self), resolve(Deep)};
      if (I < NParams)
        M.Params.push_back(A);
      else if (isa<CXXMethodDecl>(FD))
        M.This = A;
    }
    M.Rest = UnknownRule;
    // The deallocator of memory from another TU is not named: the message
    // must not depend on whether the facts were there (driver and plugin
    // report the same text).
    if (Merged->returnsFresh(Usr) == Fate::Takes)
      Fresh(Name, "");
    if (const OwnershipSummary *S = Merged->summary(Usr)) {
      outModels(FD, *S, M);
      for (OutModel &O : M.Outs)
        O.Dealloc.clear(); // As for returns: not named across TUs.
    }
  } else if (!Usr.empty() && Opts.RecordConditions) {
    for (unsigned I = 0; I <= NParams; ++I) {
      ArgEffect A;
      A.Self.Kind = A.Deep.Kind = PartKind::Cond;
      // A pointer to const is lent when no TU has a summary, as it is
      // without the merge (lendConstParams).
      bool Lends = I < NParams && !Opts.SystemCallsEscape &&
                   lendsByConst(FD->getParamDecl(I));
      A.Self.Deps.push_back(
          depId((Lends ? "lend:" : "") + depKey(Usr, I, false)));
      A.Deep.Deps.push_back(depId(depKey(Usr, I, true)));
      if (I < NParams)
        M.Params.push_back(A);
      else if (isa<CXXMethodDecl>(FD))
        M.This = A;
    }
    M.Rest = UnknownRule;
    if (FD->getReturnType()->isPointerType() &&
        resultMayHold(FD->getReturnType())) {
      M.Ret = CallModel::RetCondFresh;
      M.AllocName = Name.str();
      M.FreshUsrs = {Usr};
    }
    condOutModels(FD, Usr, M);
  } else {
    M.Params.assign(NParams, UnknownRule);
    M.This = M.Rest = UnknownRule;
    lendConstParams(FD, M);
  }

  // Ownership attributes refine whatever the rest said.
  for (const auto *A : FD->specific_attrs<OwnershipAttr>()) {
    switch (A->getOwnKind()) {
    case OwnershipAttr::Returns:
      if (tracksMemory())
        Fresh(Name, "");
      break;
    case OwnershipAttr::Takes:
    case OwnershipAttr::Holds:
      for (const ParamIdx &P : A->args()) {
        unsigned I = P.getASTIndex();
        if (I >= M.Params.size())
          continue;
        M.Params[I] = ArgEffect();
        M.Params[I].Self.Kind = A->getOwnKind() == OwnershipAttr::Takes
                                    ? PartKind::Release
                                    : PartKind::Escape;
        M.Params[I].Deep.Kind = PartKind::Escape;
      }
      break;
    }
  }
  if (HasOwnershipAttr && System) {
    // Parameters the attributes do not name are only read.
    for (unsigned I = 0; I < M.Params.size(); ++I) {
      bool Named = false;
      for (const auto *A : FD->specific_attrs<OwnershipAttr>())
        for (const ParamIdx &P : A->args())
          Named |= P.getASTIndex() == I;
      if (!Named)
        M.Params[I] = ArgEffect();
    }
  }
  if (MallocAttr && M.Ret == CallModel::RetNone)
    Fresh(Name, "");
  (void)CE;
  return M;
}

bool OwnershipAnalysis::Impl::modelForPointerVar(const CallExpr *CE,
                                                 CallModel &M) {
  const auto *DR =
      dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!V)
    return false;
  std::string Qual = V->getQualifiedNameAsString();
  if (Deallocators.contains(Qual)) {
    M = CallModel();
    M.Rest.Self.Kind = PartKind::Release;
    return true;
  }
  if (Allocators.contains(Qual) && CE->getType()->isPointerType()) {
    M = CallModel();
    M.Ret = CallModel::RetFresh;
    M.AllocName = V->getName().str();
    if (Opts.Deallocators.size() == 1)
      M.Dealloc = StringRef(Opts.Deallocators[0]).ltrim(':').str();
    return true;
  }
  return false;
}

} // namespace leakhound
