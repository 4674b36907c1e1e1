//===--- ThreadLifecycleIndex.cpp - the one walk of the TU
//------------------===//
//
// The TU index of leak-blocked-thread, built once, lazily, by the one walk of
// the TU the check makes (it registers no matcher of its own for starts):
// over the declarations outside system headers, template instantiations
// included.
//
// The walk finds the thread starts and the *wrappers* (a function or
// constructor starting a thread with a callable it was given: later calls to
// it are starts, see ThreadLifecycleOptions::Wrapper). For every object key
// it records the *writes* (assignments, ++/--, atomic stores, request_stop),
// the *wakes* (notify, release, count_down, set_value, ...), the joins and
// detaches of thread handles; for every function its call sites and
// references (ThreadLifecycleReach.cpp decides from them whether a function
// runs); and, for every thread start, the enclosing function, whether it
// sits in a loop, and its *handle* (the variable, field or container that
// owns the thread, a discarded temporary, ...).
//
//===----------------------------------------------------------------------===//

#include "ExprUtils.h"
#include "SystemHeaders.h"
#include "ThreadLifecycleImpl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

using Impl = ThreadLifecycleAnalysis::Impl;

namespace {

class IndexBuilder : public RecursiveASTVisitor<IndexBuilder> {
  using Base = RecursiveASTVisitor<IndexBuilder>;

public:
  IndexBuilder(TUIndex &Idx, ThreadLifecycleOptions &Opts)
      : Idx(Idx), Opts(Opts) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D || D->isInvalidDecl())
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return Base::TraverseDecl(D);
    Stack.push_back({normalizeFn(FD), 0});
    Idx.Bodies.push_back(FD);
    bool R = Base::TraverseDecl(D);
    Stack.pop_back();
    return R;
  }

  bool TraverseStmt(Stmt *S, DataRecursionQueue * = nullptr) {
    if (!S)
      return true;
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
      return true;
    if (auto *LE = dyn_cast<LambdaExpr>(S)) {
      Stack.push_back({normalizeFn(LE->getCallOperator()), 0});
      bool R = Base::TraverseStmt(S);
      Stack.pop_back();
      return R;
    }
    bool Loop = isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S);
    if (Loop && !Stack.empty()) {
      ++Stack.back().second;
      LoopStack.push_back(S);
    }
    bool R = Base::TraverseStmt(S);
    if (Loop && !Stack.empty()) {
      --Stack.back().second;
      LoopStack.pop_back();
    }
    return R;
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (Init->isMemberInitializer() && Init->getInit()) {
      bindHandle(Init->getInit(), HandleKind::Field,
                 normalizeKey(Init->getMember()));
      if (stdTypeName(Init->getMember()->getType()).ends_with("future")) {
        // Where a future member comes from (not a flag write: no function).
        Site W;
        W.S = Init->getInit();
        W.Value = Init->getInit();
        Idx.Writes[normalizeKey(Init->getMember())].push_back(W);
      }
    }
    return Base::TraverseConstructorInitializer(Init);
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getInit() && !isa<ParmVarDecl>(VD))
      bindHandle(VD->getInit(), HandleKind::Var, normalizeKey(VD));
    return true;
  }

  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    if (S->getLoopVariable() && S->getRangeInit())
      if (Key K = objectKey(S->getRangeInit()))
        Idx.Alias[normalizeKey(S->getLoopVariable())] = K;
    return true;
  }

  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (Stmt *Child : CS->body())
      if (const auto *E = dyn_cast<Expr>(Child))
        bindHandle(E, HandleKind::Discarded, nullptr);
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    if (RS->getRetValue())
      bindHandle(RS->getRetValue(), HandleKind::Unknown, nullptr);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      write(BO->getLHS(), BO, BO->getRHS());
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      write(UO->getSubExpr(), UO, nullptr);
    return true;
  }

  // References that are not the callee of a call: the function's address
  // is taken (a callback). Calls are recorded in CallsTo.
  bool VisitDeclRefExpr(DeclRefExpr *DR) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DR->getDecl()))
      if (!Callees.erase(DR))
        Idx.RefsTo[normalizeFn(FD)].push_back(here(DR));
    return true;
  }

  bool VisitMemberExpr(MemberExpr *ME) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
      if (!Callees.erase(ME))
        Idx.RefsTo[normalizeFn(MD)].push_back(here(ME));
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    noteStart(CE);
    // A task or promise handed to a thread, a std::function, a container
    // element: it may be run (or dropped, so that get throws) there.
    for (const Expr *Arg : CE->arguments())
      if (isProducer(Arg->getType()) || isProducer(strip(Arg)->getType()))
        if (Key K = objectKey(Arg))
          Idx.Escaped.insert(K);
    return true;
  }

  /// A promise or packaged_task: what sets the futures it gave out.
  static bool isProducer(QualType T) {
    llvm::StringRef N = stdTypeName(T);
    return N == "promise" || N == "packaged_task";
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return true;
    Fn Callee = normalizeFn(FD);
    Idx.CallsTo[Callee].push_back(here(CE));
    if (const Expr *E = CE->getCallee())
      Callees.insert(E->IgnoreParenImpCasts());
    if (Fn Cur = current())
      Idx.CallsIn[Cur].push_back({CE, Callee});
    bool IsStart = noteStart(CE);

    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      OverloadedOperatorKind K = OC->getOperator();
      if (OC->isAssignmentOp() && OC->getNumArgs() == 2) {
        write(OC->getArg(0), OC, OC->getArg(1));
        if (K == OO_Equal)
          if (Key H = objectKey(OC->getArg(0)))
            bindHandle(OC->getArg(1),
                       isa<FieldDecl>(H) ? HandleKind::Field : HandleKind::Var,
                       H);
      } else if ((K == OO_PlusPlus || K == OO_MinusMinus) &&
                 OC->getNumArgs() >= 1) {
        write(OC->getArg(0), OC, nullptr);
      }
    }
    if (const Expr *Obj = flagWriteObject(CE))
      write(Obj, CE, nullptr);
    if (auto W = wakeSpec(CE)) {
      if (Key K = objectKey(W->Object)) {
        Site S = here(CE);
        S.Broadcast = W->Broadcast;
        Idx.Wakes[K].push_back(S);
        if (Fn Cur = current())
          Idx.WakesIn[Cur].push_back({K, CE});
      }
    }
    if (auto JD = joinOrDetach(CE)) {
      const Expr *Obj = strip(JD->second);
      if (!JD->first)
        if (Idx.Starts.count(Obj) || startInfo(Obj, Opts)) {
          Idx.start(Obj).Handle = HandleKind::Temporary;
          Idx.start(Obj).InlineDetach = CE;
        }
      if (Key K = objectKey(JD->second)) {
        auto A = Idx.Alias.find(K);
        Key H = A != Idx.Alias.end() ? A->second : K;
        (JD->first ? Idx.Joins : Idx.Detaches)[H].push_back(here(CE));
      }
    }
    if ((isCFunction(FD, "pthread_barrier_init") ||
         isCFunction(FD, "sem_init")) &&
        CE->getNumArgs() == 3)
      if (Key K = objectKey(CE->getArg(0)))
        Idx.CInits.try_emplace(K, CE);
    if ((isCFunction(FD, "fcntl") || isCFunction(FD, "ioctl")) &&
        CE->getNumArgs() >= 1)
      if (Key K = objectKey(CE->getArg(0)))
        Idx.FdControlled.insert(K);
    if (isCFunction(FD, "pthread_attr_setdetachstate") &&
        CE->getNumArgs() == 2) {
      Expr::EvalResult R;
      if (!CE->getArg(1)->isValueDependent() &&
          CE->getArg(1)->EvaluateAsInt(R, FD->getASTContext()) &&
          R.Val.getInt() != 0)
        if (Key K = objectKey(CE->getArg(0)))
          Idx.DetachedAttrs.insert(K);
    }
    // Promises handed to other code may be set or destroyed there; lambdas
    // handed to other code are handlers (they may run many times).
    bool MemberOfArg = isa<CXXMemberCallExpr>(CE);
    // The object of a member operator call (task()) is not handed over.
    unsigned First =
        isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) ? 1 : 0;
    for (unsigned I = First; I < CE->getNumArgs(); ++I) {
      const Expr *Arg = CE->getArg(I);
      const Expr *Callable = strip(Arg);
      // A lambda converted to a callback type (std::function, ...).
      if (const auto *Conv = dyn_cast_or_null<CXXConstructExpr>(Callable))
        if (Conv->getNumArgs() == 1)
          Callable = strip(Conv->getArg(0));
      if (const auto *LE = dyn_cast_or_null<LambdaExpr>(Callable))
        if (!IsStart)
          Idx.Handlers.insert(normalizeFn(LE->getCallOperator()));
      if (isProducer(strip(Arg)->getType()) || isProducer(Arg->getType()))
        if (Key K = objectKey(Arg))
          if (!MemberOfArg || !isStdFunction(FD, "get_future"))
            Idx.Escaped.insert(K);
    }
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *LE) {
    // A promise moved into a closure dies with it.
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable())
        if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
          if (VD->isInitCapture() && VD->getInit() && isProducer(VD->getType()))
            if (Key K = objectKey(VD->getInit()))
              Idx.Escaped.insert(K);
    return true;
  }

private:
  Fn current() const { return Stack.empty() ? nullptr : Stack.back().first; }
  Site here(const Stmt *S) const {
    Site R;
    R.S = S;
    R.In = current();
    R.InLoop = !Stack.empty() && Stack.back().second > 0;
    return R;
  }

  void write(const Expr *Target, const Stmt *S, const Expr *Value) {
    Key K = objectKey(Target);
    if (!K)
      return;
    Site W = here(S);
    W.Value = Value;
    Idx.Writes[K].push_back(W);
    if (Fn Cur = current())
      Idx.WritesIn[Cur].push_back({K, S});
  }

  bool noteStart(const Expr *E) {
    auto SI = startInfo(E, Opts);
    if (!SI)
      return false;
    // A start of a callable the enclosing function was given: that
    // function is a wrapper, and calls to it met later are starts.
    if (Fn Cur = current())
      if (!isa<CallExpr>(E) ||
          normalizeFn(cast<CallExpr>(E)->getDirectCallee()) != Cur)
        if (std::optional<unsigned> P = wrappedParam(E, Cur, Opts))
          Opts.Wrappers.try_emplace(Cur,
                                    ThreadLifecycleOptions::Wrapper{*P, E});
    StartContext &C = Idx.start(E);
    C.In = current();
    C.InLoop = !Stack.empty() && Stack.back().second > 0;
    if (C.InLoop)
      C.Loop = LoopStack.back();
    if (SI->Container)
      if (Key K = objectKey(SI->Container)) {
        C.Handle = HandleKind::Container;
        C.HandleKey = K;
        Idx.StartOfHandle[K] = E;
      }
    if (SI->Kind == StartKind::PThread)
      if (Key K = objectKey(cast<CallExpr>(E)->getArg(0))) {
        C.Handle = HandleKind::Var;
        C.HandleKey = K;
        Idx.StartOfHandle[K] = E;
      }
    return true;
  }

  void bindHandle(const Expr *Init, HandleKind Kind, Key K) {
    const Expr *E = strip(Init);
    if (!E || !startInfo(E, Opts))
      return;
    StartContext &C = Idx.start(E);
    if (C.Handle == HandleKind::Temporary || C.Handle == HandleKind::Container)
      return;
    C.Handle = Kind;
    C.HandleKey = K;
    if (K)
      Idx.StartOfHandle[K] = E;
  }

  TUIndex &Idx;
  ThreadLifecycleOptions &Opts; ///< Gains the wrappers the walk finds.
  llvm::SmallVector<std::pair<Fn, unsigned>, 8> Stack;
  llvm::SmallVector<const Stmt *, 8> LoopStack;
  /// Callee expressions of calls met, until their reference is visited.
  llvm::SmallPtrSet<const Expr *, 8> Callees;
};

} // namespace

TUIndex &Impl::index() {
  if (!Index) {
    Index = std::make_unique<TUIndex>();
    IndexBuilder B(*Index, Opts);
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      if (D->isImplicit())
        continue;
      SourceLocation L = D->getLocation();
      if (inSystemHeader(SM, L))
        continue;
      B.TraverseDecl(D);
    }
  }
  return *Index;
}

bool Impl::mayStartThreads() const {
  if (!Opts.Starters.empty())
    return true;
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  auto Declares = [&](DeclContext *DC, StringRef Name) {
    return !DC->lookup(DeclarationName(&Ctx.Idents.get(Name))).empty();
  };
  if (Declares(TU, "pthread_create"))
    return true;
  if (!Ctx.getLangOpts().CPlusPlus)
    return false;
  for (NamedDecl *ND : TU->lookup(DeclarationName(&Ctx.Idents.get("std"))))
    if (auto *NS = dyn_cast<NamespaceDecl>(ND))
      for (StringRef N : {"thread", "jthread", "async"})
        if (Declares(NS, N))
          return true;
  return false;
}

std::vector<const Expr *> Impl::starts() {
  if (!mayStartThreads())
    return {};
  std::vector<const Expr *> Out;
  for (const Expr *E : index().StartOrder) {
    SourceLocation L = SM.getExpansionLoc(E->getBeginLoc());
    if (E->containsErrors() || SM.isInSystemHeader(L))
      continue;
    // The start inside a wrapper runs what each caller gives it: the
    // calls are judged, not the wrapper.
    auto It = index().Starts.find(E);
    if (It != index().Starts.end() && wrappedParam(E, It->second.In, Opts))
      continue;
    if (startInfo(E, Opts))
      Out.push_back(E);
  }
  return Out;
}

} // namespace leakhound
