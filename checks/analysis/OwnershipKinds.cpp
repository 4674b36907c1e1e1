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
//  * inertParams: a function of no concern to descriptors or handles still
//    tells other files which of its `int` and pointer parameters it only
//    reads (a sink that ignores, tests or logs what it is given): their
//    callers' findings are then decided.
//  * kindOf, kindMessage, acquiredNote: the words of a handle's report,
//    from its releaser, its acquirer or, for a wrapper from another TU
//    whose releaser is not named, the type of the value.
//  * isAllOnesPointer: the none value of mappings, tested like null.
//  * Descriptors are `int` values (isDescriptorType): the dataflow follows
//    them as it follows pointers (a copy aliases the descriptor, which is
//    the value, not the variable). `pipe`/`socketpair` fill the two
//    elements of their array (out slots with an index, fresh when the call
//    returns 0); `dup2`/`dup3` return their target (RetArgs). An `int`
//    result of a function defined in another file is a possible descriptor
//    only where the caller uses it as one (condFreshDescriptor), and an
//    `int`-taking function gets a summary for other files only if it
//    touches descriptors (touchesDescriptors): most `int`s are not.
//  * releaseFix: the fix-it of a handle lost at a `return`, when inserting
//    the release before it is mechanical.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "SystemCalls.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/StringSet.h"
#include <cctype>

using namespace clang;

namespace leakhound {

using namespace ownership;

bool OwnershipAnalysis::Impl::kindModel(const FunctionDecl *FD,
                                        StringRef Name, CallModel &M) {
  unsigned NParams = FD->getNumParams();
  const Acquirer *Acq = nullptr;
  const Releaser *Rel = nullptr;
  if (const ResourceKind *K = acquirerOf(Opts.Family, Name, &Acq)) {
    M.Params.assign(NParams, ArgEffect());
    if (Acq->Pair >= 0) {
      // `pipe(fds)`: two descriptors, `fds[0]` and `fds[1]`, each fresh
      // when the call returns 0.
      if (static_cast<unsigned>(Acq->Pair) >= NParams)
        return false;
      for (int Index : {0, 1}) {
        OutModel O;
        O.Param = Acq->Pair;
        O.Index = Index;
        O.FreshOn = {0};
        O.Dealloc = Acq->Releaser;
        M.Outs.push_back(std::move(O));
      }
      return true;
    }
    bool Descriptor = K->Held == ResourceKind::Value::Descriptor;
    if (!(Descriptor ? isDescriptorType(FD->getReturnType())
                     : FD->getReturnType()->isPointerType()))
      return false;
    M.Ret = CallModel::RetFresh;
    M.AllocName = Name.str();
    M.Dealloc = Acq->Releaser;
    if (Acq->Takes >= 0 && static_cast<unsigned>(Acq->Takes) < NParams)
      M.Params[Acq->Takes].Self.Kind = PartKind::Release;
    return true;
  }
  if (int R = returnedDescriptor(Name); R >= 0 && !tracksMemory()) {
    // `dup2(fd, target)`: the target is a copy of fd now, still owned by
    // whoever owned it; the result is the target.
    M.Params.assign(NParams, ArgEffect());
    if (static_cast<unsigned>(R) < NParams)
      M.RetArgs = {static_cast<unsigned>(R)};
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
  // `syscall(SYS_close, fd)`: the gate to every system call may release
  // or keep anything it is given.
  if (FD->getIdentifier() && FD->getName() == "syscall")
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

/// Whether a parameter of type \p T can hold a handle (a struct passed by
/// value, through its fields); sets \p Ints if it holds an `int`.
static bool paramCarriesHandle(QualType T, bool &Ints, unsigned Depth) {
  if (carriesHandle(T))
    return true;
  Ints |= isDescriptorType(T);
  if (const RecordDecl *RD = ownership::byValueRecord(T); RD && Depth < 2)
    for (const FieldDecl *F : RD->fields())
      if (paramCarriesHandle(F->getType(), Ints, Depth + 1))
        return true;
  return false;
}

bool OwnershipAnalysis::Impl::summaryMatters(const FunctionDecl *Def) {
  if (tracksMemory())
    return true;
  if (carriesHandle(Def->getReturnType()))
    return true;
  bool Ints = isDescriptorType(Def->getReturnType());
  for (const ParmVarDecl *P : Def->parameters())
    if (paramCarriesHandle(P->getType(), Ints, 0))
      return true;
  // An `int` parameter or result is nearly always not a descriptor: only
  // functions that do something with descriptors are summarised for
  // other files.
  return Ints && touchesDescriptors(Def);
}

bool OwnershipAnalysis::Impl::touchesDescriptors(const FunctionDecl *Def) {
  if (auto It = TouchesFds.find(Def); It != TouchesFds.end())
    return It->second;
  TouchesFds[Def] = false; // Recursion: decided by the other calls.
  bool Found = false;
  llvm::SmallVector<const Stmt *, 64> Work{Def->getBody()};
  while (!Work.empty() && !Found) {
    const Stmt *St = Work.pop_back_val();
    if (!St)
      continue;
    if (const auto *CE = dyn_cast<CallExpr>(St))
      if (const FunctionDecl *Callee = CE->getDirectCallee()) {
        if (inSystemHeader(Callee->getFirstDecl())) {
          if (const IdentifierInfo *II = Callee->getIdentifier()) {
            StringRef N = II->getName();
            Found = usesDescriptor(N) || N == "syscall" ||
                    isHandleFunction(ResourceFamily::Handles, N);
          }
        } else if (const FunctionDecl *D = analysableDefinition(Callee)) {
          Found = touchesDescriptors(D);
        }
      }
    for (const Stmt *C : St->children())
      Work.push_back(C);
  }
  return TouchesFds[Def] = Found;
}

namespace {
/// Platform functions that read their pointer arguments and keep nothing.
bool readsOnly(StringRef N) {
  static const llvm::StringSet<> Names = {
      "printf", "fprintf", "dprintf", "puts", "fputs", "putchar", "strlen",
      "strnlen", "strcmp", "strncmp", "strcasecmp", "strncasecmp", "memcmp",
      "strchr", "strrchr", "strstr", "memchr", "strspn", "strcspn", "perror",
      "wprintf", "fwprintf", "wcslen", "wcscmp", "__builtin_expect"};
  return Names.contains(N);
}
} // namespace

/// Whether the value of \p U (a parameter's value, or what it points to,
/// followed through copies into locals, casts, dereferences and members)
/// is only read: tested, used as a condition or an index, given to a
/// platform function that reads it (\p Body calls none that uses a
/// descriptor or a handle), or to a parameter of a function of this TU
/// that only reads it in turn. \p Uses lists each local's references.
bool OwnershipAnalysis::Impl::onlyRead(const Expr *U, InertScan &Scan,
                                       unsigned Depth) {
  const Expr *Child = U;
  const Stmt *Par = Scan.Body.PM.getParent(Child);
  while (Par && (isa<ParenExpr>(Par) || isa<ImplicitCastExpr>(Par) ||
                 (isa<ExplicitCastExpr>(Par) &&
                  !cast<Expr>(Par)->getType()->isVoidType()))) {
    Child = cast<Expr>(Par);
    Par = Scan.Body.PM.getParent(Par);
  }
  if (!Par || isa<CompoundStmt>(Par))
    return true; // A discarded expression statement.
  if (const auto *C = dyn_cast<ExplicitCastExpr>(Par))
    return C->getType()->isVoidType(); // `(void)fd;`
  if (const auto *BO = dyn_cast<BinaryOperator>(Par)) {
    if (BO->isComparisonOp() || BO->isLogicalOp())
      return true;
    if (!BO->isAssignmentOp())
      return false; // Computed with: the result could go anywhere.
    // Assigning over this function's copy changes nothing of the caller's.
    if (BO->getLHS()->IgnoreParens() == Child)
      return Child->IgnoreParenImpCasts() == U->IgnoreParenImpCasts() &&
             isa<DeclRefExpr>(U);
    // Copied into a local: the local's uses decide.
    if (BO->getOpcode() != BO_Assign)
      return false;
    const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V && localCopyOnlyRead(V, Scan, Depth);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(Par)) {
    if (UO->getOpcode() == UO_LNot || UO->isIncrementDecrementOp())
      return UO->getOpcode() == UO_LNot || isa<DeclRefExpr>(U);
    if (UO->getOpcode() == UO_Deref)
      return onlyRead(UO, Scan, Depth); // What it points to, read.
    return false;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Par)) {
    if (AS->getIdx()->IgnoreParenImpCasts() == Child->IgnoreParenImpCasts())
      return true;
    return onlyRead(AS, Scan, Depth);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(Par))
    return onlyRead(ME, Scan, Depth);
  if (const auto *DS = dyn_cast<DeclStmt>(Par)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D);
          V && V->getInit() && V->getInit()->IgnoreParenImpCasts() ==
                                   Child->IgnoreParenImpCasts())
        return localCopyOnlyRead(V, Scan, Depth);
    return false;
  }
  if (const auto *If = dyn_cast<IfStmt>(Par))
    return If->getCond() == Child;
  if (const auto *W = dyn_cast<WhileStmt>(Par))
    return W->getCond() == Child;
  if (const auto *D = dyn_cast<DoStmt>(Par))
    return D->getCond() == Child;
  if (const auto *F = dyn_cast<ForStmt>(Par))
    return F->getCond() == Child;
  if (const auto *Sw = dyn_cast<SwitchStmt>(Par))
    return Sw->getCond() == Child;
  if (const auto *CE = dyn_cast<CallExpr>(Par)) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || CE->getCallee()->IgnoreParenImpCasts() == Child)
      return false;
    if (inSystemHeader(Callee->getFirstDecl())) {
      // Only where the function just reads: a library in a system header
      // may keep a descriptor (libevent's `event_set`).
      const IdentifierInfo *II = Callee->getIdentifier();
      return II && readsOnly(II->getName());
    }
    const FunctionDecl *D = analysableDefinition(Callee);
    if (!D || Depth > 8)
      return false;
    for (unsigned I = 0; I < CE->getNumArgs() && I < D->getNumParams(); ++I)
      if (CE->getArg(I)->IgnoreParenImpCasts() ==
          Child->IgnoreParenImpCasts()) {
        std::optional<std::vector<bool>> R = inertParams(D, Depth + 1);
        return R && I < R->size() && (*R)[I];
      }
    return false; // A variadic argument.
  }
  return false;
}

bool OwnershipAnalysis::Impl::localCopyOnlyRead(const VarDecl *V,
                                                InertScan &Scan,
                                                unsigned Depth) {
  if (!V->isLocalVarDecl() || V->isStaticLocal() ||
      V->getType()->isReferenceType())
    return false;
  if (!Scan.Following.insert(V).second)
    return true; // Already being followed: its other uses decide.
  auto It = Scan.Body.Refs.find(V);
  if (It == Scan.Body.Refs.end())
    return true; // Never used again.
  for (const DeclRefExpr *Use : It->second)
    if (!onlyRead(Use, Scan, Depth))
      return false;
  return true;
}

std::optional<std::vector<bool>>
OwnershipAnalysis::Impl::inertParams(const FunctionDecl *Def,
                                     unsigned Depth) {
  Def = Def->getCanonicalDecl();
  if (auto It = InertParams.find(Def); It != InertParams.end())
    return It->second;
  const FunctionDecl *Body = analysableDefinition(Def);
  if (tracksMemory() || !Body || touchesDescriptors(Body)) {
    InertParams[Def] = std::nullopt;
    return std::nullopt;
  }
  // Recursion: a cycle of calls decides nothing (kept).
  InertParams[Def] = std::nullopt;
  InertScan Scan{bodyRefs(Body), {}};
  std::vector<bool> Inert(Body->getNumParams(), false);
  for (unsigned I = 0; I < Body->getNumParams(); ++I) {
    const ParmVarDecl *P = Body->getParamDecl(I);
    QualType T = P->getType();
    if (!isDescriptorType(T) && !T->isPointerType() &&
        !ownership::byValueRecord(T))
      continue;
    bool Read = true;
    Scan.Following.clear();
    Scan.Following.insert(P);
    if (auto It = Scan.Body.Refs.find(P); It != Scan.Body.Refs.end())
      for (const DeclRefExpr *Use : It->second)
        if (!(Read = onlyRead(Use, Scan, Depth)))
          break;
    Inert[I] = Read;
  }
  return InertParams[Def] = Inert;
}

namespace ownership {

bool FunctionAnalysis::condFreshDescriptor(const CallExpr *CE,
                                           CallModel &M) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (M.Ret != CallModel::RetNone || !M.Outs.empty() ||
      !A.possibleDescriptorResult(FD, CE))
    return false;
  M.Ret = CallModel::RetCondFresh;
  M.AllocName = baseName(Callee->getName()).str();
  M.FreshUsrs = {A.usrOf(Callee->getCanonicalDecl())};
  return true;
}

} // namespace ownership

bool OwnershipAnalysis::Impl::possibleDescriptorResult(const FunctionDecl *Fn,
                                                       const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (tracksMemory() || !Opts.RecordConditions || !Callee ||
      !isDescriptorType(CE->getType()) || summarisedDefinition(Callee) ||
      inSystemHeader(Callee->getFirstDecl()))
    return false;
  std::string Usr = usrOf(Callee->getCanonicalDecl());
  if (Usr.empty() || (Merged && Merged->has(Usr)))
    return false;
  // Most `int` results are not descriptors: the result of a function of
  // another file is a possible one only where this function uses it as a
  // descriptor (passes the variable holding it, or the call itself, to
  // `close`, `read`, `fstat`...), or stores it in a local variable it never
  // reads (a status would be tested). The merge decides whether it is fresh.
  BodyRefs &B = bodyRefs(Fn);
  if (passedToDescriptorUser(CE, B.PM))
    return true;
  // The variable holding the result: passed to a descriptor user, or read
  // nowhere but in the call's own arguments (`v = next(v)`; assigning it
  // is no read).
  auto Holder = [&](const VarDecl *V) {
    auto It = B.Refs.find(V);
    if (It == B.Refs.end())
      return V->isLocalVarDecl() && !V->isStaticLocal();
    bool Read = false;
    for (const DeclRefExpr *R : It->second) {
      if (passedToDescriptorUser(R, B.PM))
        return true;
      const auto *BO = dyn_cast_or_null<BinaryOperator>(
          B.PM.getParentIgnoreParens(const_cast<DeclRefExpr *>(R)));
      bool Assigned = BO && BO->getOpcode() == BO_Assign &&
                      BO->getLHS()->IgnoreParens() == R;
      bool InCall = llvm::any_of(CE->arguments(), [&](const Expr *A) {
        return A->IgnoreParenImpCasts() == R;
      });
      Read |= !Assigned && !InCall;
    }
    return !Read && V->isLocalVarDecl() && !V->isStaticLocal();
  };
  const Stmt *P = B.PM.getParentIgnoreParenImpCasts(const_cast<CallExpr *>(CE));
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Assign)
    if (const auto *DR =
            dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        return Holder(V);
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D);
          V && V->getInit() && V->getInit()->IgnoreParenImpCasts() == CE)
        return Holder(V);
  return false;
}

OwnershipAnalysis::Impl::BodyRefs &
OwnershipAnalysis::Impl::bodyRefs(const FunctionDecl *Fn) {
  std::unique_ptr<BodyRefs> &B = BodyRefsOf[Fn];
  if (B)
    return *B;
  B = std::make_unique<BodyRefs>(const_cast<Stmt *>(Fn->getBody()));
  llvm::SmallVector<const Stmt *, 64> Work{Fn->getBody()};
  while (!Work.empty()) {
    const Stmt *St = Work.pop_back_val();
    if (!St)
      continue;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(St))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        B->Refs[V].push_back(DRE);
    for (const Stmt *C : St->children())
      Work.push_back(C);
  }
  return *B;
}

bool OwnershipAnalysis::Impl::passedToDescriptorUser(const Expr *E,
                                                     ParentMap &PM) {
  const auto *Use = dyn_cast_or_null<CallExpr>(
      PM.getParentIgnoreParenImpCasts(const_cast<Expr *>(E)));
  const FunctionDecl *F = Use ? Use->getDirectCallee() : nullptr;
  if (!F || !F->getIdentifier() || !inSystemHeader(F->getFirstDecl()) ||
      !(usesDescriptor(F->getName()) ||
        isHandleFunction(ResourceFamily::Handles, F->getName())))
    return false;
  return llvm::any_of(Use->arguments(), [&](const Expr *A) {
    return A->IgnoreParenImpCasts() == E->IgnoreParenImpCasts();
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
  if (const auto *E = dyn_cast_or_null<Expr>(I.Site)) {
    // An `int` from a wrapper (in another file, whose releaser is not
    // named) is a descriptor, unless the options name it as an acquirer of
    // the project's own handles.
    // An element of an `int` array a wrapper of `pipe` fills is one too.
    QualType T = E->getType();
    if (T->isPointerType() || T->isArrayType())
      T = QualType(T->getPointeeOrArrayElementType(), 0);
    if (isDescriptorType(T) && !A.Allocators.contains(I.AllocName))
      return kindById("descriptor");
    return kindOfType(E->getType());
  }
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
  bool NoneWhenTrue = false;
  int64_t Bound = -1;
  if (!A.tracksMemory() && noneDescriptor(C, NoneWhenTrue, &Bound))
    return Bound < 0 ? "negative" : "a standard descriptor";
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

void FunctionAnalysis::releaseFix(const State &S, unsigned O, const Event &Ev,
                                  FoundLeak &L) {
  // Mechanical only when nothing can go wrong: the handle is lost at a
  // `return` that stands alone in a block (so a statement can go before
  // it), it is open on every path that gets there, a local variable names
  // it, the return value does not use it, and its releaser takes it alone.
  if (Ev.Kind != EventKind::Return || !CurrentReturn || L.Conditional)
    return;
  const ObjInfo &I = Objs[O];
  auto St = S.Objs.find(O);
  if (St == S.Objs.end() || St->second.Bits != BOwned || I.Dealloc.empty())
    return;
  const Releaser *R = nullptr;
  const ResourceKind *K = releaserOf(A.Opts.Family, I.Dealloc, &R);
  if (!K || R->Arg != 0 || StringRef(K->Id) == "mapping")
    return; // `munmap` needs the length too.
  std::string Name;
  if (auto D = Dropped.find(O); D != Dropped.end())
    Name = D->second;
  for (const auto &[Loc, V] : S.Pts)
    if (Name.empty() && Locs[Loc].Var && llvm::is_contained(V, O))
      Name = locName(Loc);
  if (Name.empty() || !llvm::all_of(Name, [](char C) {
        return isalnum(static_cast<unsigned char>(C)) || C == '_';
      }))
    return;
  SourceLocation At = CurrentReturn->getBeginLoc();
  if (!At.isFileID())
    return;
  if (!PM)
    PM = std::make_unique<ParentMap>(const_cast<Stmt *>(FD->getBody()));
  if (!isa_and_nonnull<CompoundStmt>(
          PM->getParent(const_cast<ReturnStmt *>(CurrentReturn))))
    return;
  if (const Expr *RV = CurrentReturn->getRetValue()) {
    bool Uses = false;
    llvm::SmallVector<const Stmt *, 16> Work{RV};
    while (!Work.empty() && !Uses) {
      const Stmt *E = Work.pop_back_val();
      if (const auto *DR = dyn_cast_or_null<DeclRefExpr>(E))
        Uses = DR->getDecl()->getName() == Name;
      if (E)
        for (const Stmt *C : E->children())
          Work.push_back(C);
    }
    if (Uses)
      return;
  }
  // Indented as the return is, on a line of its own when it has one.
  auto [File, Offset] = SM.getDecomposedLoc(At);
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(File, &Invalid);
  if (Invalid || Offset > Buf.size())
    return;
  size_t Start = Buf.rfind('\n', Offset ? Offset - 1 : 0);
  Start = Start == StringRef::npos ? 0 : Start + 1;
  StringRef Lead = Buf.slice(Start, Offset);
  std::string Text = std::string(I.Dealloc) + "(" + Name + ");";
  if (!Start || Lead.find_first_not_of(" \t") != StringRef::npos)
    Text += " ";
  else
    Text += "\n" + Lead.str();
  L.FixLoc = At;
  L.FixText = std::move(Text);
}

std::string FunctionAnalysis::acquiredNote(const ObjInfo &I) const {
  const ResourceKind *K = kindOf(I);
  return std::string(K ? K->Noun : "handle") + " " +
         (K ? K->Acquired : "acquired") + " here by '" + I.AllocName + "'";
}

} // namespace ownership
} // namespace leakhound
