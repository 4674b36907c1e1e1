//===--- ThreadLifecycleModel.cpp - what calls mean for thread lifetimes --===//
//
// See ThreadLifecycleModel.h. The standard library's synchronisation API is a
// fixed vocabulary (its types and members are recognised by their std names);
// user code is never recognised by name: a user-written blocking queue is
// found by following calls into its body (ThreadLifecycle.cpp).
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycleModel.h"
#include "ExprUtils.h"
#include "SystemHeaders.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace leakhound {

std::vector<ThreadLifecycleOptions::Starter>
ThreadLifecycleOptions::parseStarters(llvm::StringRef List) {
  std::vector<Starter> Out;
  llvm::SmallVector<llvm::StringRef, 8> Items;
  List.split(Items, ';', -1, false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    Starter S;
    size_t Colon = Item.rfind(':');
    llvm::StringRef Suffix = Colon == llvm::StringRef::npos
                                 ? llvm::StringRef()
                                 : Item.substr(Colon + 1);
    unsigned Index = 0;
    // "a::b:2": a single ':' followed by digits gives the callable's index.
    if (!Suffix.empty() && Colon > 0 && Item[Colon - 1] != ':' &&
        !Suffix.getAsInteger(10, Index)) {
      S.CallableArg = static_cast<int>(Index);
      Item = Item.substr(0, Colon);
    }
    S.Name = Item.str();
    Out.push_back(std::move(S));
  }
  return Out;
}

namespace tl {

llvm::StringRef stdRecordName(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier())
    return {};
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  if (!Outer || !Outer->getIdentifier() || Outer->getName() != "std")
    return {};
  return RD->getName();
}

llvm::StringRef stdTypeName(QualType T) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    (void)PT; // A pointer to a sync object is not the object.
  return stdRecordName(T->getAsCXXRecordDecl());
}

static bool inStd(const Decl *D) {
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  return Outer && Outer->getIdentifier() && Outer->getName() == "std";
}

bool isStdFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  return FD && FD->getIdentifier() && FD->getName() == Name && inStd(FD);
}

bool isCFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  return FD && FD->getIdentifier() && FD->getName() == Name &&
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

const Expr *strip(const Expr *E) {
  for (unsigned I = 0; E && I < 16; ++I) {
    E = ignoreTemporaries(E);
    if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = F->getSubExpr();
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() == 1 && CE->getConstructor() &&
          CE->getConstructor()->isCopyOrMoveConstructor()) {
        E = CE->getArg(0);
        continue;
      }
      return E;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (Call->getNumArgs() == 1 && FD &&
          (isStdFunction(FD, "move") || isStdFunction(FD, "forward") ||
           isStdFunction(FD, "ref") || isStdFunction(FD, "cref"))) {
        E = Call->getArg(0);
        continue;
      }
    }
    return E;
  }
  return E;
}

const ValueDecl *normalizeKey(const ValueDecl *D) {
  if (!D)
    return nullptr;
  if (const auto *FD = dyn_cast<FieldDecl>(D)) {
    const auto *Spec =
        dyn_cast<ClassTemplateSpecializationDecl>(FD->getParent());
    if (Spec && FD->getDeclName().isIdentifier()) {
      const CXXRecordDecl *Pattern =
          Spec->getSpecializedTemplate()->getTemplatedDecl();
      for (const FieldDecl *F : Pattern->fields())
        if (F->getDeclName() == FD->getDeclName())
          return F;
    }
    return FD;
  }
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    if (const VarDecl *P = VD->getInstantiatedFromStaticDataMember())
      VD = P;
    return VD->getCanonicalDecl();
  }
  return D;
}

const FunctionDecl *normalizeFn(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    FD = P;
  return FD->getCanonicalDecl();
}

const ValueDecl *objectKey(const Expr *E) {
  for (unsigned I = 0; E && I < 12; ++I) {
    E = strip(E);
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref) {
        E = U->getSubExpr();
        continue;
      }
      return nullptr;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *VD = dyn_cast<ValueDecl>(ME->getMemberDecl());
      if (!VD || isa<CXXMethodDecl>(VD))
        return nullptr;
      return normalizeKey(VD);
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
      if (!VD)
        return nullptr;
      // A local reference bound once names the object it is bound to.
      if (VD->getType()->isReferenceType() && !isa<ParmVarDecl>(VD) &&
          VD->getInit() && !VD->isInitCapture() && !VD->isCXXForRangeDecl()) {
        E = VD->getInit();
        continue;
      }
      return normalizeKey(VD);
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = OC->getOperator();
      if ((K == OO_Star || K == OO_Arrow || K == OO_Subscript) &&
          OC->getNumArgs() >= 1) {
        E = OC->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && MD->getIdentifier() && MD->getName() == "get" &&
          MC->getNumArgs() == 0) {
        E = MC->getImplicitObjectArgument();
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

bool isStopTokenType(QualType T) {
  llvm::StringRef N = stdTypeName(T);
  return N == "stop_token" || N == "stop_source";
}

bool isFlagType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isScalarType())
    return true;
  llvm::StringRef N = stdTypeName(T);
  return N == "atomic" || N == "atomic_flag" || N == "stop_token" ||
         N == "stop_source" || N == "atomic_ref";
}

static bool isThreadType(QualType T) {
  llvm::StringRef N = stdTypeName(T);
  return N == "thread" || N == "jthread";
}

static bool isCallableType(const Expr *E) {
  E = strip(E);
  if (isa<LambdaExpr>(E))
    return true;
  QualType T = E->getType();
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isFunctionType() || T->isFunctionPointerType() ||
      T->isMemberFunctionPointerType())
    return true;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    if (RD->hasDefinition())
      for (const CXXMethodDecl *M : RD->methods())
        if (M->getOverloadedOperator() == OO_Call)
          return true;
  return false;
}

/// The parameter of \p In that \p E names, directly or through a capture.
static const ParmVarDecl *paramOf(const Expr *E, const FunctionDecl *In) {
  for (unsigned I = 0; E && I < 4; ++I) {
    const auto *DR = dyn_cast<DeclRefExpr>(strip(E));
    if (!DR)
      return nullptr;
    if (const auto *P = dyn_cast<ParmVarDecl>(DR->getDecl()))
      return normalizeFn(dyn_cast_or_null<FunctionDecl>(
                 P->getDeclContext())) == normalizeFn(In)
                 ? P
                 : nullptr;
    const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    if (!VD || !VD->isInitCapture())
      return nullptr;
    E = VD->getInit();
  }
  return nullptr;
}

/// A wrapper's start with the call's arguments in place of its parameters.
static StartInfo wrapperStart(const ThreadLifecycleOptions::Wrapper &W,
                              const FunctionDecl *FD,
                              llvm::ArrayRef<const Expr *> CallArgs,
                              const ThreadLifecycleOptions &Opts) {
  StartInfo S;
  S.Kind = StartKind::Wrapper;
  S.Callable = CallArgs[W.CallableArg];
  S.Starter = FD->getQualifiedNameAsString();
  S.Inner = W.Inner;
  if (std::optional<StartInfo> In = startInfo(W.Inner, Opts))
    for (const Expr *A : In->Args) {
      const ParmVarDecl *P = A ? paramOf(A, FD) : nullptr;
      unsigned I = P ? P->getFunctionScopeIndex() : CallArgs.size();
      S.Args.push_back(I < CallArgs.size() ? CallArgs[I] : nullptr);
    }
  return S;
}

static const ThreadLifecycleOptions::Wrapper *
wrapperOf(const FunctionDecl *FD, const ThreadLifecycleOptions &Opts) {
  if (Opts.Wrappers.empty() || !FD)
    return nullptr;
  auto It = Opts.Wrappers.find(normalizeFn(FD));
  return It == Opts.Wrappers.end() ? nullptr : &It->second;
}

std::optional<unsigned> wrappedParam(const Expr *E, const FunctionDecl *In,
                                     const ThreadLifecycleOptions &Opts) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(In);
  if (!In || (MD && MD->getParent()->isLambda()))
    return std::nullopt;
  std::optional<StartInfo> S = startInfo(E, Opts);
  if (!S || !S->Callable)
    return std::nullopt;
  if (const ParmVarDecl *P = paramOf(S->Callable, In))
    return P->getFunctionScopeIndex();
  // std::thread([f] { f(); }): a lambda that calls a captured parameter.
  const auto *LE = dyn_cast<LambdaExpr>(strip(S->Callable));
  const auto *Body = LE ? dyn_cast<CompoundStmt>(LE->getBody()) : nullptr;
  if (!Body)
    return std::nullopt;
  for (const Stmt *St : Body->body()) {
    const auto *CE = dyn_cast<CallExpr>(St);
    if (!CE)
      continue;
    const Expr *Callee = CE->getCallee();
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
      Callee = OC->getOperator() == OO_Call ? OC->getArg(0) : nullptr;
    if (const ParmVarDecl *P = paramOf(Callee, In))
      return P->getFunctionScopeIndex();
  }
  return std::nullopt;
}

std::optional<StartInfo> startInfo(const Expr *E,
                                   const ThreadLifecycleOptions &Opts) {
  if (!E || E->containsErrors() || E->isValueDependent())
    return std::nullopt;
  StartInfo S;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (!Ctor || CE->getNumArgs() < 1)
      return std::nullopt;
    llvm::StringRef N = stdRecordName(Ctor->getParent());
    if (N != "thread" && N != "jthread") {
      const ThreadLifecycleOptions::Wrapper *W = wrapperOf(Ctor, Opts);
      if (!W || W->CallableArg >= CE->getNumArgs())
        return std::nullopt;
      llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
      return wrapperStart(*W, Ctor, Args, Opts);
    }
    if (Ctor->isCopyOrMoveConstructor() || isThreadType(CE->getArg(0)->getType()))
      return std::nullopt;
    S.Kind = N == "jthread" ? StartKind::JThread : StartKind::Thread;
    S.Callable = CE->getArg(0);
    for (unsigned I = 1; I < CE->getNumArgs(); ++I)
      S.Args.push_back(CE->getArg(I));
    return S;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return std::nullopt;
  if (isStdFunction(FD, "async")) {
    if (Call->getNumArgs() < 1)
      return std::nullopt;
    unsigned First = 0;
    if (stdTypeName(Call->getArg(0)->getType()).empty() &&
        Call->getArg(0)->getType()->isEnumeralType()) {
      // A launch policy. launch::deferred alone runs the task lazily, in
      // the thread that calls get(): it starts no thread.
      First = 1;
      if (const auto *DR = dyn_cast<DeclRefExpr>(strip(Call->getArg(0))))
        if (DR->getDecl()->getName() == "deferred")
          return std::nullopt;
    }
    if (Call->getNumArgs() <= First)
      return std::nullopt;
    S.Kind = StartKind::Async;
    S.Callable = Call->getArg(First);
    for (unsigned I = First + 1; I < Call->getNumArgs(); ++I)
      S.Args.push_back(Call->getArg(I));
    return S;
  }
  if (isCFunction(FD, "pthread_create")) {
    if (Call->getNumArgs() != 4)
      return std::nullopt;
    S.Kind = StartKind::PThread;
    S.Callable = Call->getArg(2);
    S.Args.push_back(Call->getArg(3));
    return S;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() &&
        (MD->getName() == "emplace_back" || MD->getName() == "emplace_front") &&
        Call->getNumArgs() >= 1 && !isThreadType(Call->getArg(0)->getType())) {
      const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(MD->getParent());
      if (Spec && !stdRecordName(Spec).empty() &&
          Spec->getTemplateArgs().size() >= 1 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
          isThreadType(Spec->getTemplateArgs()[0].getAsType())) {
        S.Kind = stdTypeName(Spec->getTemplateArgs()[0].getAsType()) ==
                         "jthread"
                     ? StartKind::JThread
                     : StartKind::Thread;
        S.Callable = Call->getArg(0);
        for (unsigned I = 1; I < Call->getNumArgs(); ++I)
          S.Args.push_back(Call->getArg(I));
        S.Container = MC->getImplicitObjectArgument();
        return S;
      }
    }
  }
  if (const ThreadLifecycleOptions::Wrapper *W = wrapperOf(FD, Opts)) {
    llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
    if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD))
      Args.erase(Args.begin());
    if (W->CallableArg < Args.size())
      return wrapperStart(*W, FD, Args, Opts);
    return std::nullopt;
  }
  if (Opts.Starters.empty())
    return std::nullopt;
  std::string Qualified = FD->getQualifiedNameAsString();
  for (const ThreadLifecycleOptions::Starter &St : Opts.Starters) {
    llvm::StringRef Want = llvm::StringRef(St.Name);
    Want.consume_front("::");
    llvm::StringRef Have(Qualified);
    if (Have != Want && !(Have.ends_with(Want) &&
                          Have.drop_back(Want.size()).ends_with("::")))
      continue;
    unsigned Skip = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
    int Index = -1;
    if (St.CallableArg >= 0) {
      if (St.CallableArg + Skip < Call->getNumArgs())
        Index = St.CallableArg + Skip;
    } else {
      for (unsigned I = Skip; I < Call->getNumArgs(); ++I)
        if (isCallableType(Call->getArg(I))) {
          Index = I;
          break;
        }
    }
    if (Index < 0)
      return std::nullopt;
    S.Kind = StartKind::Starter;
    S.Callable = Call->getArg(Index);
    for (unsigned I = Index + 1; I < Call->getNumArgs(); ++I)
      S.Args.push_back(Call->getArg(I));
    S.Starter = Qualified;
    return S;
  }
  return std::nullopt;
}

static llvm::StringRef methodName(const CallExpr *CE,
                                  const CXXRecordDecl **Record) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
  if (!MC)
    return {};
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return {};
  *Record = MD->getParent();
  return MD->getName();
}

/// Blocking I/O: read/recv/accept park until the descriptor has data or the
/// other end acts (a non-blocking recv, MSG_DONTWAIT, does not);
/// poll/epoll_wait/select park only without a timeout (a negative constant,
/// a null timeval). The object is the descriptor (the epoll instance, the
/// pollfd array); select's is not named.
static std::optional<WaitSpec> ioWait(const CallExpr *CE,
                                      const FunctionDecl *FD) {
  if (!FD->getIdentifier() ||
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return std::nullopt;
  llvm::StringRef N = FD->getName();
  unsigned Args = CE->getNumArgs();
  const ASTContext &Ctx = FD->getASTContext();
  auto Constant = [&](unsigned I) { return intConstant(CE->getArg(I), Ctx); };
  auto Null = [&](unsigned I) {
    return CE->getArg(I)->IgnoreParenImpCasts()->isNullPointerConstant(
        const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull);
  };
  if ((N == "read" || N == "accept") && Args >= 1)
    return WaitSpec{WaitKind::Io, false, CE->getArg(0)};
  if (N == "accept4" && Args == 4) {
    std::optional<int64_t> Flags = Constant(3);
    if (!Flags || (*Flags & 04000) != 0) // SOCK_NONBLOCK
      return std::nullopt;
    return WaitSpec{WaitKind::Io, false, CE->getArg(0)};
  }
  if ((N == "recv" && Args == 4) || (N == "recvfrom" && Args == 6) ||
      (N == "recvmsg" && Args == 3)) {
    std::optional<int64_t> Flags = Constant(N == "recvmsg" ? 2 : 3);
    if (!Flags || (*Flags & 0x40) != 0) // MSG_DONTWAIT
      return std::nullopt;
    return WaitSpec{WaitKind::Io, false, CE->getArg(0)};
  }
  if ((N == "poll" && Args == 3) || (N == "epoll_wait" && Args == 4) ||
      (N == "epoll_pwait" && Args == 5)) {
    std::optional<int64_t> Timeout = Constant(N == "poll" ? 2 : 3);
    if (!Timeout || *Timeout >= 0)
      return std::nullopt;
    return WaitSpec{WaitKind::Io, false, CE->getArg(0)};
  }
  if (N == "ppoll" && Args == 4 && Null(2))
    return WaitSpec{WaitKind::Io, false, CE->getArg(0)};
  if ((N == "select" && Args == 5 && Null(4)) ||
      (N == "pselect" && Args == 6 && Null(4)))
    return WaitSpec{WaitKind::Io, false, nullptr};
  return std::nullopt;
}

bool isIoWake(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier() ||
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  return llvm::StringSwitch<bool>(FD->getName())
      .Cases("close", "shutdown", "write", "send", "sendto", "sendmsg", true)
      .Cases("writev", "eventfd_write", "pthread_kill", "pthread_cancel",
             "kill", "raise", true)
      .Default(false);
}

std::optional<WaitSpec> waitSpec(const CallExpr *CE,
                                 const ThreadLifecycleOptions &Opts) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || CE->containsErrors())
    return std::nullopt;
  const CXXRecordDecl *RD = nullptr;
  llvm::StringRef M = methodName(CE, &RD);
  if (!M.empty()) {
    llvm::StringRef Class = stdRecordName(RD);
    const Expr *Obj =
        cast<CXXMemberCallExpr>(CE)->getImplicitObjectArgument();
    if (Class == "condition_variable" || Class == "condition_variable_any") {
      bool Timed = M == "wait_for" || M == "wait_until";
      if (M != "wait" && !Timed)
        return std::nullopt;
      WaitSpec W{WaitKind::CondVar, Timed, Obj};
      unsigned N = CE->getNumArgs();
      unsigned PredIndex = Timed ? 2 : 1;
      for (unsigned I = 1; I < N; ++I)
        if (isStopTokenType(CE->getArg(I)->getType())) {
          W.TokenInWait = true;
          PredIndex = I + (Timed ? 2 : 1);
        }
      if (PredIndex < N)
        W.Predicate = CE->getArg(PredIndex);
      return W;
    }
    if (Class == "counting_semaphore") {
      if (M == "acquire")
        return WaitSpec{WaitKind::Semaphore, false, Obj};
      if (M == "try_acquire_for" || M == "try_acquire_until")
        return WaitSpec{WaitKind::Semaphore, true, Obj};
      return std::nullopt;
    }
    if (Class == "latch" && (M == "wait" || M == "arrive_and_wait"))
      return WaitSpec{WaitKind::Latch, false, Obj};
    if (Class == "barrier" && (M == "wait" || M == "arrive_and_wait"))
      return WaitSpec{WaitKind::Barrier, false, Obj};
    if (Class == "future" || Class == "shared_future") {
      if (M == "get" || M == "wait")
        return WaitSpec{WaitKind::Future, false, Obj};
      if (M == "wait_for" || M == "wait_until")
        return WaitSpec{WaitKind::Future, true, Obj};
      return std::nullopt;
    }
    if ((Class == "thread" || Class == "jthread") && M == "join")
      return WaitSpec{WaitKind::Join, false, Obj};
  }
  if (isCFunction(FD, "pthread_cond_wait") && CE->getNumArgs() == 2)
    return WaitSpec{WaitKind::PCond, false, CE->getArg(0)};
  if (isCFunction(FD, "pthread_cond_timedwait") && CE->getNumArgs() == 3)
    return WaitSpec{WaitKind::PCond, true, CE->getArg(0)};
  if (isCFunction(FD, "sem_wait") && CE->getNumArgs() == 1)
    return WaitSpec{WaitKind::PSem, false, CE->getArg(0)};
  if ((isCFunction(FD, "sem_timedwait") ||
       isCFunction(FD, "sem_clockwait")) &&
      CE->getNumArgs() >= 1)
    return WaitSpec{WaitKind::PSem, true, CE->getArg(0)};
  if (isCFunction(FD, "pthread_join") && CE->getNumArgs() == 2)
    return WaitSpec{WaitKind::Join, false, CE->getArg(0)};
  if (isCFunction(FD, "pthread_barrier_wait") && CE->getNumArgs() == 1)
    return WaitSpec{WaitKind::Barrier, false, CE->getArg(0)};
  if (!Opts.BlockingFunctions.empty() && FD->getIdentifier()) {
    std::string Q = FD->getQualifiedNameAsString();
    for (const std::string &B : Opts.BlockingFunctions) {
      llvm::StringRef Want(B);
      Want.consume_front("::");
      if (Q == Want)
        return WaitSpec{WaitKind::Custom, false, nullptr};
    }
  }
  return ioWait(CE, FD);
}

std::optional<WakeSpec> wakeSpec(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || CE->containsErrors())
    return std::nullopt;
  const CXXRecordDecl *RD = nullptr;
  llvm::StringRef M = methodName(CE, &RD);
  if (!M.empty()) {
    llvm::StringRef Class = stdRecordName(RD);
    const Expr *Obj =
        cast<CXXMemberCallExpr>(CE)->getImplicitObjectArgument();
    if (Class == "condition_variable" || Class == "condition_variable_any") {
      if (M == "notify_all")
        return WakeSpec{WaitKind::CondVar, Obj, true};
      if (M == "notify_one")
        return WakeSpec{WaitKind::CondVar, Obj, false};
    }
    if (Class == "counting_semaphore" && M == "release") {
      bool Many = CE->getNumArgs() == 1;
      if (Many) {
        Expr::EvalResult R;
        if (CE->getArg(0)->isDefaultArgument() ||
            (!CE->getArg(0)->isValueDependent() &&
             CE->getArg(0)->EvaluateAsInt(R, FD->getASTContext()) &&
             R.Val.getInt() == 1))
          Many = false;
      }
      return WakeSpec{WaitKind::Semaphore, Obj, Many};
    }
    if (Class == "latch" && (M == "count_down" || M == "arrive_and_wait"))
      return WakeSpec{WaitKind::Latch, Obj, true};
    if (Class == "barrier" &&
        (M == "arrive" || M == "arrive_and_wait" || M == "arrive_and_drop"))
      return WakeSpec{WaitKind::Barrier, Obj, true};
    if (Class == "packaged_task" && M == "make_ready_at_thread_exit")
      return WakeSpec{WaitKind::Future, Obj, true};
    if (Class == "promise" &&
        llvm::StringSwitch<bool>(M)
            .Cases("set_value", "set_exception", "set_value_at_thread_exit",
                   "set_exception_at_thread_exit", true)
            .Default(false))
      return WakeSpec{WaitKind::Future, Obj, true};
    return std::nullopt;
  }
  // Running a packaged_task sets the shared state its futures wait on.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
    if (OC->getOperator() == OO_Call && OC->getNumArgs() >= 1 &&
        stdTypeName(OC->getArg(0)->getType()) == "packaged_task")
      return WakeSpec{WaitKind::Future, OC->getArg(0), true};
  if ((isCFunction(FD, "pthread_cond_signal") ||
       isCFunction(FD, "pthread_cond_broadcast")) &&
      CE->getNumArgs() == 1)
    return WakeSpec{WaitKind::PCond, CE->getArg(0),
                    FD->getName() == "pthread_cond_broadcast"};
  if (isCFunction(FD, "sem_post") && CE->getNumArgs() == 1)
    return WakeSpec{WaitKind::PSem, CE->getArg(0), false};
  if (isCFunction(FD, "pthread_barrier_wait") && CE->getNumArgs() == 1)
    return WakeSpec{WaitKind::Barrier, CE->getArg(0), true};
  return std::nullopt;
}

const Expr *flagWriteObject(const CallExpr *CE) {
  const CXXRecordDecl *RD = nullptr;
  llvm::StringRef M = methodName(CE, &RD);
  if (M.empty())
    return nullptr;
  llvm::StringRef Class = stdRecordName(RD);
  const Expr *Obj = cast<CXXMemberCallExpr>(CE)->getImplicitObjectArgument();
  if ((Class == "atomic" || Class == "__atomic_base" ||
       Class == "__atomic_float" || Class == "atomic_ref" ||
       Class == "atomic_flag" || Class == "__atomic_ref") &&
      (M == "store" || M == "exchange" || M.starts_with("fetch_") ||
       M.starts_with("compare_exchange") || M == "test_and_set" ||
       M == "clear"))
    return Obj;
  if ((Class == "stop_source" || Class == "jthread") && M == "request_stop")
    return Obj;
  return nullptr;
}

std::optional<std::pair<bool, const Expr *>> joinOrDetach(const CallExpr *CE) {
  const CXXRecordDecl *RD = nullptr;
  llvm::StringRef M = methodName(CE, &RD);
  if (!M.empty()) {
    llvm::StringRef Class = stdRecordName(RD);
    if (Class != "thread" && Class != "jthread")
      return std::nullopt;
    const Expr *Obj =
        cast<CXXMemberCallExpr>(CE)->getImplicitObjectArgument();
    if (M == "join")
      return std::make_pair(true, Obj);
    if (M == "detach")
      return std::make_pair(false, Obj);
    return std::nullopt;
  }
  const FunctionDecl *FD = CE->getDirectCallee();
  if (CE->getNumArgs() >= 1 && isCFunction(FD, "pthread_join"))
    return std::make_pair(true, CE->getArg(0));
  if (CE->getNumArgs() == 1 && isCFunction(FD, "pthread_detach"))
    return std::make_pair(false, CE->getArg(0));
  return std::nullopt;
}

std::optional<EntryRef> resolveCallable(const Expr *E) {
  for (unsigned I = 0; E && I < 6; ++I) {
    E = strip(E);
    if (const auto *LE = dyn_cast<LambdaExpr>(E))
      return EntryRef{LE->getCallOperator(), LE, false};
    // A callable converted to a wrapper (std::function, a task type).
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      if (CE->getNumArgs() == 1 && isCallableType(CE->getArg(0))) {
        E = CE->getArg(0);
        continue;
      }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_AddrOf && U->getOpcode() != UO_Deref)
        return std::nullopt;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *FD = dyn_cast<FunctionDecl>(DR->getDecl())) {
        const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        return EntryRef{FD, nullptr, MD && !MD->isStatic()};
      }
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
        if (!isa<ParmVarDecl>(VD) && VD->getInit() &&
            (VD->getType().isConstQualified() || VD->getType()->isRecordType() ||
             VD->getType()->isReferenceType() ||
             VD->getType()->isFunctionPointerType())) {
          // A function object or lambda held in a variable.
          const Expr *Init = strip(VD->getInit());
          if (isa<LambdaExpr>(Init) || isa<DeclRefExpr>(Init) ||
              isa<UnaryOperator>(Init)) {
            E = Init;
            continue;
          }
        }
      }
    }
    // A function object: its operator().
    QualType T = E->getType().getNonReferenceType();
    const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
    if (RD && RD->hasDefinition() && stdRecordName(RD).empty()) {
      for (const CXXMethodDecl *M : RD->methods())
        if (M->getOverloadedOperator() == OO_Call && !M->isDeleted())
          return EntryRef{M, nullptr, false};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

const FunctionDecl *definitionOf(const FunctionDecl *FD,
                                 const SourceManager &SM) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def || Def->isInvalidDecl())
    return nullptr;
  if (inSystemHeader(SM, Def))
    return nullptr;
  return Def;
}

} // namespace tl
} // namespace leakhound
