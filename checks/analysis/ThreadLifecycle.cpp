//===--- ThreadLifecycle.cpp - can a started thread wait forever? ---------===//
//
// Design (terms are defined in ThreadLifecycle.h and ThreadLifecycleModel.h).
//
// 1. TU index (built once, lazily, by the one walk of the TU the check
//    makes: it registers no matcher of its own for starts; over the
//    declarations outside system headers, template instantiations
//    included). It finds the thread starts and the *wrappers* (a function
//    or constructor starting a thread with a callable it was given: later
//    calls to it are starts, see ThreadLifecycleOptions::Wrapper). For
//    every object key it
//    records the *writes* (assignments, ++/--, atomic stores, request_stop),
//    the *wakes* (notify, release, count_down, set_value, ...), the joins and
//    detaches of thread handles; for every function its call sites and
//    references (to decide whether a function is *live*: a *root* (a
//    constructor, destructor, main, virtual function, lambda, external free
//    function), referenced as a value, or called from outside the thread's
//    body by a live function, followed to depth 3; a method nothing in the TU
//    calls may be called by another TU: the finding is then conditional and
//    the merge of the call facts decides, ThreadLifecycleFacts.cpp); and,
//    for every thread start, the enclosing
//    function, whether it sits in a loop, and its *handle* (the variable,
//    field or container that owns the thread, a discarded temporary, ...).
//
// 2. Function summary (memoized per function): the blocking waits and the
//    calls to functions defined in the TU, each with the loops around it.
//    A loop *exits* unless its condition is constant true and its body has
//    no break/return/throw/goto/noreturn call; its *guards* are the flags
//    read by its condition and by the conditions of the ifs that leave it.
//
// 3. Body walk: from the entry, calls are followed depth-first up to
//    MaxDepth, binding parameters to the keys of the arguments. The visited
//    functions are the thread's *body*: writes and wakes inside it do not
//    count as coming from outside.
//
// 4. Fate of a wait (the first wait that can block forever is reported):
//    - any loop around it (along the call chain) that never exits: the
//      thread can never finish;
//    - a timed wait is otherwise fine; so is a wait that takes a
//      std::stop_token or sits in a loop that checks one;
//    - a condition-variable wait needs a stop flag among the flags its
//      predicate (or the loop around it in the same function) reads: a flag
//      written outside the body, in a live function, and followed there by a
//      wake of the same condition variable (a write by another waiter with no
//      wake after it is a reset, not a signal); in a loop, the flag the loop
//      exits on must be set from outside as well. When the wait is inside a
//      member function called on an object (a queue's pop), the member
//      function that sets the flag (close) must be called on that object;
//    - a loop that exits on a local value (a poison pill received through
//      the wait) ends when a live wake of the same object exists;
//    - a semaphore acquire in a loop needs the same through the loop guards;
//      a single acquire, a latch or barrier wait needs a live wake from
//      outside the body;
//    - future.get/wait: the promise behind the future (found through
//      get_future/share) must be set on every path (CFG of the setting
//      function), moved away (it dies and get throws), or be a local of a
//      function that does not join the thread;
//    - pthread_join/thread::join inside the thread: the joined thread's fate;
//    - a configured blocking function always can block forever.
//    A thread *owned by process-lifetime storage* (Lifetime.h: a static
//    std::thread, a member of a process-lifetime class, an element of such a
//    container) and *started at most once* (in code that runs at most once,
//    under a latch, or into a single std::thread handle that nothing joins:
//    starting a second thread into a running handle terminates) is a
//    deliberate background thread: it is not reported unless
//    ReportProcessLifetimeThreads is set.
//    A thread started repeatedly (in a loop, in a function called from a
//    loop, or in a lambda handed to another function: a handler) whose wait
//    is ended only by single-waiter wakes (notify_one, release(1)) leaves all
//    but one of its copies blocked.
//
// 5. Lifecycle: detached, joined (where), a std::jthread destroyed, a
//    std::async future destroyed, a pool's task, or never joined. A thread
//    whose waits are all fine thanks to a stop flag is still reported when a
//    destructor (or a std::jthread's destruction) joins it without first
//    writing that flag: the destructor hangs if nobody stopped it before.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycle.h"
#include "ExprUtils.h"
#include "Lifetime.h"
#include "ThreadLifecycleModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace leakhound::tl;

namespace leakhound {

bool isThreadStart(const Expr *E, const ThreadLifecycleOptions &Opts) {
  return startInfo(E, Opts).has_value();
}

namespace {

using Key = const ValueDecl *;
using Fn = const FunctionDecl *;

struct Site {
  const Stmt *S = nullptr;
  Fn In = nullptr; ///< Normalized enclosing function (null: global init).
  bool InLoop = false;
  bool Broadcast = false;
  const Expr *Value = nullptr; ///< Assigned value, for writes.
};

enum class HandleKind { Unknown, Var, Field, Container, Temporary, Discarded };

struct StartContext {
  Fn In = nullptr;
  bool InLoop = false;
  HandleKind Handle = HandleKind::Unknown;
  Key HandleKey = nullptr;
  const Stmt *InlineDetach = nullptr;
};

/// Everything the TU says about objects, functions and thread starts.
struct TUIndex {
  llvm::DenseMap<Key, llvm::SmallVector<Site, 2>> Writes, Wakes, Joins,
      Detaches;
  llvm::DenseMap<Fn, llvm::SmallVector<Site, 2>> CallsTo, RefsTo;
  /// Per function: calls it makes, wakes and writes it contains.
  llvm::DenseMap<Fn, llvm::SmallVector<std::pair<const CallExpr *, Fn>, 4>>
      CallsIn;
  llvm::DenseMap<Fn, llvm::SmallVector<std::pair<Key, const Stmt *>, 4>>
      WakesIn, WritesIn;
  llvm::DenseMap<const Expr *, StartContext> Starts;
  /// The keys of Starts in the order the walk met them (deterministic).
  std::vector<const Expr *> StartOrder;
  StartContext &start(const Expr *E) {
    auto [It, New] = Starts.try_emplace(E);
    if (New)
      StartOrder.push_back(E);
    return It->second;
  }
  llvm::DenseMap<Key, const Expr *> StartOfHandle;
  llvm::DenseMap<Key, Key> Alias;
  llvm::DenseSet<Key> Escaped, DetachedAttrs;
  llvm::DenseSet<Fn> Handlers;
};

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
    if (Loop && !Stack.empty())
      ++Stack.back().second;
    bool R = Base::TraverseStmt(S);
    if (Loop && !Stack.empty())
      --Stack.back().second;
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
          if (VD->isInitCapture() && VD->getInit() &&
              isProducer(VD->getType()))
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
  /// Callee expressions of calls met, until their reference is visited.
  llvm::SmallPtrSet<const Expr *, 8> Callees;
};

//===-- Function summaries ------------------------------------------------===//

struct Read {
  Key K;
  const Expr *At;
};

struct LoopInfo {
  bool Exits = true;
  /// An exit condition tests a local variable: the loop can end on a value
  /// the thread received (a poison pill), not only on a stop flag.
  bool ExitsOnLocal = false;
  llvm::SmallVector<Read, 4> Guards;
};

struct WaitSite {
  const CallExpr *Call;
  WaitSpec Spec;
  llvm::SmallVector<const Stmt *, 2> Loops;
};

struct CallSite {
  const CallExpr *Call;
  Fn Callee; ///< The definition.
  llvm::SmallVector<const Stmt *, 2> Loops;
};

struct Summary {
  llvm::SmallVector<WaitSite, 2> Waits;
  llvm::SmallVector<CallSite, 4> Calls;
  /// The body holds an error-recovery expression: no finding may rely on it.
  bool Broken = false;
};


} // namespace

//===-- The analysis ------------------------------------------------------===//

struct ThreadLifecycleAnalysis::Impl {
  ASTContext &Ctx;
  const SourceManager &SM;
  /// The options, and the wrappers the index walk finds.
  ThreadLifecycleOptions Opts;
  std::unique_ptr<TUIndex> Index;
  llvm::DenseMap<Fn, std::unique_ptr<Summary>> Summaries;
  llvm::DenseMap<const Stmt *, LoopInfo> Loops;
  llvm::DenseMap<std::pair<Fn, Key>, bool> EveryPath;
  llvm::DenseMap<const Expr *, std::optional<ThreadFinding>> Results;
  llvm::SmallPtrSet<const Expr *, 4> InProgress;
  std::unique_ptr<Lifetime> LT; ///< Built on the first blocking thread.
  /// live(): the functions on the current call chain.
  llvm::SmallPtrSet<Fn, 8> Visiting;
  /// Methods found not to run in this TU that other TUs may call (with the
  /// instance they must be called on, if any): the current finding holds
  /// only if none of them runs elsewhere (see ThreadFinding::Unless).
  llvm::SmallVector<std::pair<Fn, Key>, 4> Assumed;
  /// The way out the last "does not run" reason named (see finish()).
  std::optional<WayOut> CurWayOut;
  unsigned ViewDepth = 0; ///< Wrappers of wrappers, in view().

  Impl(ASTContext &Ctx, const ThreadLifecycleOptions &Opts)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts) {}

  TUIndex &index() {
    if (!Index) {
      Index = std::make_unique<TUIndex>();
      IndexBuilder B(*Index, Opts);
      for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
        if (D->isImplicit())
          continue;
        SourceLocation L = D->getLocation();
        if (L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L)))
          continue;
        B.TraverseDecl(D);
      }
    }
    return *Index;
  }

  /// Can code of this TU start a thread at all? Looks names up, walks
  /// nothing: a TU that declares neither pthread_create nor std::thread,
  /// std::jthread or std::async, and has no configured starter, starts none.
  bool mayStartThreads() const {
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

  std::vector<const Expr *> starts() {
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

  // -- Text helpers --------------------------------------------------------

  std::string text(const Expr *E) const {
    if (!E)
      return "";
    CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
    R = SM.getExpansionRange(R);
    StringRef T = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
    std::string Out;
    for (char C : T) {
      if (C == '\n' || C == '\t' || C == ' ') {
        if (!Out.empty() && Out.back() != ' ')
          Out += ' ';
        continue;
      }
      Out += C;
    }
    if (Out.size() > 60)
      Out = Out.substr(0, 57) + "...";
    return Out;
  }

  std::string calleeText(const CallExpr *CE) const {
    const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
    std::string T = text(Callee);
    if (T.empty() && CE->getDirectCallee())
      T = CE->getDirectCallee()->getNameAsString();
    return T;
  }

  static std::string nameOf(const Decl *D) {
    if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
      return ND->getQualifiedNameAsString();
    return "?";
  }
  static std::string shortName(const Decl *D) {
    if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
      return ND->getNameAsString();
    return "?";
  }

  static SourceLocation locOf(const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S))
      return E->getExprLoc();
    return S->getBeginLoc();
  }

  bool before(const Stmt *A, const Stmt *B) const {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  }

  // -- Summaries -----------------------------------------------------------

  const Summary &summary(Fn Def) {
    auto &Slot = Summaries[Def];
    if (Slot)
      return *Slot;
    Slot = std::make_unique<Summary>();
    Summary &S = *Slot;
    llvm::SmallVector<const Stmt *, 4> LoopStack;
    const Stmt *Body = Def->getBody();
    S.Broken = Def->isInvalidDecl() || hasRecoveryErrors(Body);
    if (Body && !S.Broken)
      scan(Body, S, LoopStack);
    return S;
  }

  void scan(const Stmt *S, Summary &Out,
            llvm::SmallVector<const Stmt *, 4> &LoopStack) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
      return;
    bool Loop = isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S);
    if (Loop)
      LoopStack.push_back(S);
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      if (auto W = waitSpec(CE, Opts)) {
        Out.Waits.push_back({CE, *W, {LoopStack.begin(), LoopStack.end()}});
      } else if (!startInfo(CE, Opts)) {
        if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
          Out.Calls.push_back(
              {CE, Def, {LoopStack.begin(), LoopStack.end()}});
      }
    }
    for (const Stmt *Child : S->children())
      scan(Child, Out, LoopStack);
    if (Loop)
      LoopStack.pop_back();
  }

  // -- Loops ---------------------------------------------------------------

  /// True if \p S leaves the loop it is in (Depth counts nested loops and
  /// switches a break would only leave).
  bool leaves(const Stmt *S, unsigned Depth) const {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (isa<ReturnStmt, GotoStmt, CXXThrowExpr, CoreturnStmt>(S))
      return true;
    if (isa<BreakStmt>(S))
      return Depth == 0;
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = CE->getDirectCallee())
        if (FD->isNoReturn())
          return true;
    unsigned D = Depth;
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S))
      ++D;
    for (const Stmt *Child : S->children())
      if (leaves(Child, D))
        return true;
    return false;
  }

  /// Does the condition \p S test the value of a local variable (not an
  /// object reached through a local pointer, not an argument to a call)?
  static bool mentionsLocal(const Stmt *S) {
    if (!S)
      return false;
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      return !ME->isArrow() && mentionsLocal(ME->getBase());
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      return mentionsLocal(MC->getImplicitObjectArgument());
    if (isa<CallExpr>(S) && !isa<CXXOperatorCallExpr>(S))
      return false;
    if (const auto *DR = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
            !DR->refersToEnclosingVariableOrCapture())
          return true;
    for (const Stmt *Child : S->children())
      if (mentionsLocal(Child))
        return true;
    return false;
  }

  void collectGuardIfs(const Stmt *S, LoopInfo &LI, unsigned Depth) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (leaves(If->getThen(), Depth) || leaves(If->getElse(), Depth)) {
        reads(If->getCond(), LI.Guards, 0);
        LI.ExitsOnLocal |= mentionsLocal(If->getCond());
      }
    }
    unsigned D = Depth;
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S))
      ++D;
    for (const Stmt *Child : S->children())
      collectGuardIfs(Child, LI, D);
  }

  const LoopInfo &loop(const Stmt *L) {
    auto It = Loops.find(L);
    if (It != Loops.end())
      return It->second;
    LoopInfo LI;
    const Expr *Cond = nullptr;
    const Stmt *Body = nullptr;
    bool Finite = false;
    if (const auto *W = dyn_cast<WhileStmt>(L)) {
      Cond = W->getCond();
      Body = W->getBody();
    } else if (const auto *F = dyn_cast<ForStmt>(L)) {
      Cond = F->getCond();
      Body = F->getBody();
    } else if (const auto *D = dyn_cast<DoStmt>(L)) {
      Cond = D->getCond();
      Body = D->getBody();
    } else if (const auto *R = dyn_cast<CXXForRangeStmt>(L)) {
      Body = R->getBody();
      Finite = true;
    }
    bool AlwaysTrue = !Finite;
    if (Cond) {
      bool B = false;
      AlwaysTrue = !Cond->isValueDependent() &&
                   Cond->EvaluateAsBooleanCondition(B, Ctx) && B;
      if (!AlwaysTrue) {
        reads(Cond, LI.Guards, 0);
        LI.ExitsOnLocal |= mentionsLocal(Cond) || decidedByCallee(Cond, 0);
      }
    }
    LI.Exits = !AlwaysTrue || leaves(Body, 0);
    collectGuardIfs(Body, LI, 0);
    return Loops[L] = std::move(LI);
  }

  /// Does a function called in the loop condition \p S decide its result
  /// on a value it received (`while (process_next())` where process_next
  /// returns false on a terminate message)? That is: a return of a value
  /// computed from one of its locals, or a return under a condition that
  /// tests one; calls returned are followed up to MaxDepth.
  bool decidedByCallee(const Stmt *S, unsigned Depth) {
    if (!S || isa<LambdaExpr>(S) || Depth >= Opts.MaxDepth)
      return false;
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
        if (!Def->getReturnType()->isVoidType() &&
            returnsOnLocal(Def->getBody(), false, Depth))
          return true;
    for (const Stmt *Child : S->children())
      if (decidedByCallee(Child, Depth))
        return true;
    return false;
  }

  bool returnsOnLocal(const Stmt *S, bool UnderLocalTest, unsigned Depth) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (const auto *RS = dyn_cast<ReturnStmt>(S))
      return UnderLocalTest || mentionsLocal(RS->getRetValue()) ||
             decidedByCallee(RS->getRetValue(), Depth + 1);
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      bool Tests = UnderLocalTest || mentionsLocal(If->getCond());
      return returnsOnLocal(If->getThen(), Tests, Depth) ||
             returnsOnLocal(If->getElse(), Tests, Depth);
    }
    if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      return returnsOnLocal(Sw->getBody(),
                            UnderLocalTest || mentionsLocal(Sw->getCond()),
                            Depth);
    for (const Stmt *Child : S->children())
      if (returnsOnLocal(Child, UnderLocalTest, Depth))
        return true;
    return false;
  }

  /// The flags \p S reads, following predicates and getters.
  void reads(const Stmt *S, llvm::SmallVectorImpl<Read> &Out, unsigned Depth) {
    if (!S)
      return;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      if (Depth < 3)
        reads(LE->getBody(), Out, Depth + 1);
      return;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
        if (isFlagType(VD->getType()))
          Out.push_back({objectKey(DR), DR});
        else if (!isa<ParmVarDecl>(VD) && VD->getInit() && Depth < 3 &&
                 isa<LambdaExpr>(strip(VD->getInit())))
          reads(strip(VD->getInit()), Out, Depth + 1);
      }
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      if (const auto *VD = dyn_cast<ValueDecl>(ME->getMemberDecl()))
        if (!isa<CXXMethodDecl>(VD) && isFlagType(VD->getType()))
          if (Key K = objectKey(ME))
            Out.push_back({K, ME});
    }
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (Depth < 2)
        if (Fn Def = definitionOf(CE->getDirectCallee(), SM))
          reads(Def->getBody(), Out, Depth + 1);
    for (const Stmt *Child : S->children())
      reads(Child, Out, Depth);
  }

  // -- Body walk -----------------------------------------------------------

  using Binding = llvm::DenseMap<Key, Key>;

  struct Candidate {
    const WaitSite *Wait;
    Fn In;
    llvm::SmallVector<const CallExpr *, 4> Chain;
    llvm::SmallVector<const Stmt *, 4> OuterLoops;
    Binding Bind;
    /// The object whose member function holds the wait (a queue instance),
    /// when the call chain names it.
    Key Instance = nullptr;
  };

  struct Body {
    llvm::SmallPtrSet<Fn, 8> Fns;
    std::vector<Candidate> Waits;
    llvm::DenseSet<Key> ByCopy;
    bool Broken = false;
    Fn Starter = nullptr;          ///< The function holding the start.
    /// The argument expression each parameter of the body was called with.
    llvm::DenseMap<Key, const Expr *> ParamArgs;
    const Expr *Start = nullptr;
  };

  Key resolve(Key K, const Binding &B) const {
    for (unsigned I = 0; K && I < 4; ++I) {
      auto It = B.find(K);
      if (It == B.end())
        break;
      K = It->second;
    }
    return K;
  }

  Binding bindArgs(Fn Callee, llvm::ArrayRef<const Expr *> Args,
                   unsigned Skip, const Binding &Outer, Body &Out) const {
    Binding B;
    for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
      if (I + Skip >= Args.size())
        break;
      if (Args[I + Skip])
        Out.ParamArgs[normalizeKey(Callee->getParamDecl(I))] = Args[I + Skip];
      if (Key K = objectKey(Args[I + Skip]))
        B[normalizeKey(Callee->getParamDecl(I))] = resolve(K, Outer);
    }
    return B;
  }

  void walk(Fn Def, unsigned Depth, const Binding &Bind, Key Instance,
            llvm::SmallVector<const CallExpr *, 4> &Chain,
            llvm::SmallVector<const Stmt *, 4> &Outer, Body &Out) {
    if (!Out.Fns.insert(normalizeFn(Def)).second)
      return;
    const Summary &S = summary(Def);
    Out.Broken |= S.Broken;
    for (const WaitSite &W : S.Waits)
      Out.Waits.push_back({&W, Def, Chain, Outer, Bind, Instance});
    if (Depth >= Opts.MaxDepth)
      return;
    for (const CallSite &C : S.Calls) {
      llvm::SmallVector<const Expr *, 4> Args(C.Call->arguments());
      unsigned Skip = isa<CXXOperatorCallExpr>(C.Call) &&
                              isa<CXXMethodDecl>(C.Callee)
                          ? 1
                          : 0;
      Binding B = bindArgs(C.Callee, Args, Skip, Bind, Out);
      Key Inst = Instance;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C.Call)) {
        const Expr *Obj = MC->getImplicitObjectArgument();
        if (Obj && !isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()))
          Inst = resolve(objectKey(Obj), Bind);
      }
      Chain.push_back(C.Call);
      size_t OldOuter = Outer.size();
      Outer.append(C.Loops.begin(), C.Loops.end());
      walk(C.Callee, Depth + 1, B, Inst, Chain, Outer, Out);
      Outer.resize(OldOuter);
      Chain.pop_back();
    }
  }

  // -- Liveness, writes and wakes -----------------------------------------

  /// A function that runs by itself: a constructor, destructor, main, a
  /// virtual function or a lambda, a free function other TUs can call, or
  /// code outside any function (a global's initialiser).
  static bool root(Fn F) {
    if (!F)
      return true;
    if (isa<CXXConstructorDecl, CXXDestructorDecl>(F) || F->isMain())
      return true;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
      return MD->isVirtual() || MD->getParent()->isLambda();
    return F->isExternallyVisible();
  }

  /// Other TUs may call \p F (the merge of the call facts decides).
  static bool calledElsewhere(Fn F) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
    return MD && !MD->isStatic() && MD->isExternallyVisible();
  }

  /// A function that runs: the one that starts the thread, a root, a
  /// function whose address is taken outside the body, or one called from
  /// outside the body by a function that itself runs (the chain is followed
  /// to depth 3; deeper counts as running). A method nothing in this TU
  /// calls is recorded in Assumed: the finding then holds only if no other
  /// TU calls it either.
  bool live(Fn F, Body &B, unsigned Depth = 0) {
    if (!F || F == B.Starter || root(F))
      return true;
    if (Depth >= 3 || !Visiting.insert(F).second)
      return Depth >= 3;
    bool Live = liveCaller(F, B, Depth);
    Visiting.erase(F);
    if (!Live && calledElsewhere(F))
      Assumed.push_back({F, nullptr});
    return Live;
  }

  bool liveCaller(Fn F, Body &B, unsigned Depth) {
    TUIndex &Idx = index();
    auto Refs = Idx.RefsTo.find(F);
    if (Refs != Idx.RefsTo.end())
      for (const Site &S : Refs->second)
        if (S.In != F && (!S.In || !B.Fns.count(S.In)))
          return true; // Its address is taken: a callback.
    auto Calls = Idx.CallsTo.find(F);
    if (Calls != Idx.CallsTo.end())
      for (const Site &S : Calls->second)
        if (S.In != F && (!S.In || !B.Fns.count(S.In)) &&
            live(S.In, B, Depth + 1))
          return true;
    return false;
  }

  /// Does \p F itself wait on \p Obj?
  bool waitsOn(Fn F, Key Obj) {
    const FunctionDecl *Def = definitionOf(F, SM);
    if (!Def)
      return false;
    for (const WaitSite &W : summary(Def).Waits)
      if (W.Spec.Object && objectKey(W.Spec.Object) == Obj)
        return true;
    return false;
  }

  /// Like live(), but a member function that writes the flag of one object
  /// (a queue's close) must be called on \p Instance, the object the thread
  /// waits on, or from another member function of the same object, by code
  /// that runs.
  bool liveOn(Fn F, Body &B, Key Instance) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
    if (!Instance || opaque(Instance) || !MD || MD->isStatic() ||
        isa<CXXConstructorDecl, CXXDestructorDecl>(MD) ||
        MD->getParent()->isLambda())
      return live(F, B);
    if (MD->isVirtual())
      return true;
    TUIndex &Idx = index();
    auto It = Idx.CallsTo.find(F);
    if (It != Idx.CallsTo.end())
      for (const Site &S : It->second) {
        if (S.In == F || (S.In && B.Fns.count(S.In)))
          continue;
        const auto *MC = dyn_cast<CXXMemberCallExpr>(S.S);
        const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
        if (!MC || !Obj || isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) {
          if (live(S.In, B))
            return true;
          continue;
        }
        Key K = objectKey(Obj);
        if ((!K || opaque(K) || K == Instance) && live(S.In, B))
          return true;
      }
    if (calledElsewhere(F))
      Assumed.push_back({F, Instance});
    return false;
  }

  /// Why \p F, which sets \p Flag, does not count as running, in words that
  /// are true of the analysed code; a note at a call that does not count.
  std::string whyNotRun(Fn F, Key Flag, Key Instance, Body &B,
                        std::vector<ThreadNote> &Notes) {
    TUIndex &Idx = index();
    const Site *InThread = nullptr, *OtherObject = nullptr,
               *DeadCaller = nullptr;
    auto It = Idx.CallsTo.find(F);
    if (It != Idx.CallsTo.end())
      for (const Site &S : It->second) {
        if (S.In == F)
          continue;
        if (S.In && B.Fns.count(S.In)) {
          InThread = InThread ? InThread : &S;
          continue;
        }
        const auto *MC = dyn_cast<CXXMemberCallExpr>(S.S);
        const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
        if (Instance && Obj && !isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) {
          Key K = objectKey(Obj);
          if (K && !opaque(K) && K != Instance) {
            OtherObject = OtherObject ? OtherObject : &S;
            continue;
          }
        }
        DeadCaller = DeadCaller ? DeadCaller : &S;
      }
    WayOut W;
    W.Fn = usr(F);
    W.Name = nameOf(F);
    W.Flag = shortName(Flag);
    W.On = Instance ? usr(Instance) : "";
    W.OnName = Instance ? shortName(Instance) : "";
    std::string Name = "'" + W.Name + "'";
    if (DeadCaller)
      Notes.push_back({locOf(DeadCaller->S),
                       Name + " is called here, in '" + nameOf(DeadCaller->In) +
                           "', which nothing in the analysed code runs"});
    else if (OtherObject)
      Notes.push_back({locOf(OtherObject->S),
                       Name + " is called here, on another object"});
    else if (InThread)
      Notes.push_back({locOf(InThread->S),
                       Name + " is called here, by the thread itself"});
    W.Clause = wayOutClause(W, DeadCaller != nullptr, OtherObject != nullptr,
                            InThread != nullptr);
    CurWayOut = W;
    return W.Clause;
  }

  using EventMap = decltype(TUIndex::WakesIn);

  /// The first event on \p K recorded in \p Events for function \p F, or the
  /// call through which F reaches one (following calls to depth 2), that lies
  /// after \p After and before \p Before (either may be null: no bound).
  const Stmt *eventIn(const EventMap &Events, Fn F, Key K, const Stmt *After,
                      const Stmt *Before, unsigned Depth) {
    TUIndex &Idx = index();
    auto Inside = [&](const Stmt *S) {
      return (!After || before(After, S)) && (!Before || before(S, Before));
    };
    auto It = Events.find(F);
    if (It != Events.end())
      for (auto &[EK, S] : It->second)
        if (EK == K && Inside(S))
          return S;
    if (Depth >= 2)
      return nullptr;
    auto Ct = Idx.CallsIn.find(F);
    if (Ct != Idx.CallsIn.end())
      for (auto &[CE, Callee] : Ct->second)
        if (Inside(CE) && eventIn(Events, Callee, K, nullptr, nullptr, Depth + 1))
          return CE;
    return nullptr;
  }

  /// Does function \p F contain (or call, to depth 2) a wake of \p Obj
  /// after \p After (any position if null)?
  const Stmt *wakeIn(Fn F, Key Obj, const Stmt *After, unsigned Depth) {
    return eventIn(index().WakesIn, F, Obj, After, nullptr, Depth);
  }

  /// Does \p F wake \p Obj (or call a function that does, to depth 2)
  /// before \p Before?
  bool wakeBefore(Fn F, Key Obj, const Stmt *Before, unsigned Depth) {
    return eventIn(index().WakesIn, F, Obj, nullptr, Before, Depth);
  }

  /// Does \p F write \p Flag (or call a function that does, to depth 2)
  /// before \p Before?
  bool writesBefore(Fn F, Key Flag, const Stmt *Before, unsigned Depth) {
    return eventIn(index().WritesIn, F, Flag, nullptr, Before, Depth);
  }

  enum class FlagState { NotWritten, NoWake, Dead, SingleWake, Ok };
  struct FlagResult {
    FlagState State = FlagState::NotWritten;
    Key Flag = nullptr;
    const Stmt *Write = nullptr;
    Fn Setter = nullptr;
    /// Dead: the function that does not run (the setter or its caller).
    Fn NotRun = nullptr;
  };

  /// The best a flag gets: written outside the body, then a wake of Obj.
  FlagResult flagFate(Key Flag, Key Obj, Body &B, bool Repeated,
                      Key Instance) {
    FlagResult R;
    R.Flag = Flag;
    TUIndex &Idx = index();
    auto It = Idx.Writes.find(Flag);
    if (It == Idx.Writes.end())
      return R;
    auto Better = [&](FlagState S, const Site &W) {
      if (static_cast<int>(S) > static_cast<int>(R.State)) {
        R.State = S;
        R.Write = W.S;
        R.Setter = W.In;
      }
    };
    for (const Site &W : It->second) {
      if (!W.In || B.Fns.count(W.In))
        continue; // Initialisation, or the thread itself.
      const Stmt *Wake = wakeIn(W.In, Obj, W.S, 0);
      Fn Where = W.In;
      if (!Wake) {
        // The writer may be a helper: its caller wakes after calling it.
        auto Callers = Idx.CallsTo.find(W.In);
        if (Callers != Idx.CallsTo.end())
          for (const Site &C : Callers->second)
            if (C.In && !B.Fns.count(C.In))
              if ((Wake = wakeIn(C.In, Obj, C.S, 0))) {
                Where = C.In;
                break;
              }
      }
      if (!Wake) {
        // A waiter resetting the flag it consumed is not a signaller.
        if (!waitsOn(W.In, Obj))
          Better(FlagState::NoWake, W);
        continue;
      }
      // liveOn already asks whether the setter's callers run.
      bool WhereRuns = Where == W.In || live(Where, B);
      if (!WhereRuns || !liveOn(W.In, B, Instance)) {
        Better(FlagState::Dead, W);
        if (R.Write == W.S)
          R.NotRun = WhereRuns ? W.In : Where;
        continue;
      }
      bool Broadcast = true;
      if (Repeated) {
        auto Wk = Idx.Wakes.find(Obj);
        if (Wk != Idx.Wakes.end()) {
          Broadcast = false;
          for (const Site &S : Wk->second)
            if (S.Broadcast || S.InLoop)
              Broadcast = true;
        }
      }
      Better(Broadcast ? FlagState::Ok : FlagState::SingleWake, W);
    }
    return R;
  }

  // -- Promises ------------------------------------------------------------

  /// The promise a future comes from; Async set if it comes from std::async
  /// or a packaged_task (which always end by themselves).
  Key promiseOf(const Expr *E, bool &Other, unsigned Depth) {
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

  Key promiseOfKey(Key K, bool &Other, unsigned Depth,
                   const Body *B = nullptr) {
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

  /// Every path through \p F from entry to exit sets \p Promise.
  bool setOnEveryPath(Fn F, Key Promise) {
    auto Slot = EveryPath.find({F, Promise});
    if (Slot != EveryPath.end())
      return Slot->second;
    bool Result = true;
    const FunctionDecl *Def = definitionOf(F, SM);
    if (Def && Def->getBody()) {
      CFG::BuildOptions BO;
      std::unique_ptr<CFG> G =
          CFG::buildCFG(Def, Def->getBody(), &Ctx, BO);
      if (G && G->size() < 4000) {
        llvm::DenseSet<const CFGBlock *> Sets;
        for (const CFGBlock *Blk : *G)
          for (const CFGElement &El : *Blk)
            if (auto CS = El.getAs<CFGStmt>())
              if (const auto *CE = dyn_cast<CallExpr>(CS->getStmt()))
                if (auto W = wakeSpec(CE))
                  if (W->Kind == WaitKind::Future &&
                      objectKey(W->Object) == Promise)
                    Sets.insert(Blk);
        llvm::SmallVector<const CFGBlock *, 16> Work{&G->getEntry()};
        llvm::DenseSet<const CFGBlock *> Seen{&G->getEntry()};
        while (!Work.empty()) {
          const CFGBlock *Blk = Work.pop_back_val();
          if (Sets.count(Blk))
            continue;
          if (Blk == &G->getExit()) {
            Result = false;
            break;
          }
          for (const CFGBlock *Succ : Blk->succs())
            if (Succ && Seen.insert(Succ).second)
              Work.push_back(Succ);
        }
      }
    }
    return EveryPath[{F, Promise}] = Result;
  }

  // -- Fate of one wait ---------------------------------------------------

  enum class Fix {
    StopFlag,
    SetFlag,
    NotifyAfter,
    CallClose,
    AddClose,
    NotifyAll,
    Semaphore,
    Latch,
    Barrier,
    Promise,
    Task,
    Loop,
    Custom,
    Join
  };

  struct Fate {
    bool Blocks = false;
    std::string Reason;
    Fix FixKind = Fix::StopFlag;
    std::vector<ThreadNote> Extra;
    /// The flag the wait's cancellation relies on (when fine by a flag).
    Key ViaFlag = nullptr;
    Key WaitObj = nullptr;
    Fn Setter = nullptr;
    std::string FlagName, ObjName;
  };

  static bool isLocalStorage(Key K) {
    const auto *VD = dyn_cast_or_null<VarDecl>(K);
    return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD);
  }

  /// An object the analysis cannot name: the wait's fate is unknown.
  static bool opaque(Key K) {
    if (!K)
      return true;
    if (const auto *P = dyn_cast<ParmVarDecl>(K))
      return P->getType()->isReferenceType() ||
             P->getType()->isPointerType();
    return false;
  }

  struct StartView {
    const Expr *Start;
    StartInfo Info;
    StartContext Ctx;
    bool Repeated;
    llvm::SmallVector<Site, 2> JoinSites;
    const Stmt *DetachSite = nullptr;
    bool DetachedByAttr = false;
  };

  /// Is \p K written outside the body, in a live function, other than to
  /// initialise it before the thread starts?
  const Site *writtenOutside(Key K, Body &B) {
    TUIndex &Idx = index();
    auto It = Idx.Writes.find(K);
    if (It == Idx.Writes.end())
      return nullptr;
    for (const Site &W : It->second) {
      if (!W.In || B.Fns.count(W.In))
        continue;
      if (W.In == B.Starter && B.Start && before(W.S, B.Start))
        continue;
      if (live(W.In, B))
        return &W;
    }
    return nullptr;
  }

  /// Resolves the keys of \p Reads; returns false when one of them cannot be
  /// judged (an unbound reference parameter) or is a stop token: the wait is
  /// then cancellable as far as the analysis can tell.
  bool keysOf(llvm::ArrayRef<Read> Reads, const Candidate &C, const Body &B,
              llvm::SmallVectorImpl<Key> &Out, Key &Copied) {
    for (const Read &R : Reads) {
      Key K = resolve(R.K, C.Bind);
      if (!K)
        continue;
      if (B.ByCopy.count(K)) {
        Copied = K;
        continue;
      }
      if (opaque(K) || isStopTokenType(K->getType()))
        return false;
      if (!llvm::is_contained(Out, K))
        Out.push_back(K);
    }
    return true;
  }

  /// Wakes: the flags the wait's predicate (or the loop around it in its
  /// function) reads. Exits: the flags the loops around it exit on.
  Fate flagCancel(const Candidate &C, Key Obj, llvm::ArrayRef<Read> Wakes,
                  llvm::ArrayRef<Read> Exits, Body &B, const StartView &SV,
                  bool HasPredicate, bool QueueLike) {
    Fate F;
    llvm::SmallVector<Key, 4> WakeKeys, ExitKeys;
    Key Copied = nullptr;
    if (!keysOf(Wakes, C, B, WakeKeys, Copied) ||
        !keysOf(Exits, C, B, ExitKeys, Copied))
      return F;
    FlagResult Best, BestExit;
    for (Key K : WakeKeys) {
      FlagResult FR =
          flagFate(K, Obj, B, SV.Repeated && SV.DetachSite, C.Instance);
      if (!Best.Flag ||
          static_cast<int>(FR.State) > static_cast<int>(Best.State))
        Best = FR;
      if (llvm::is_contained(ExitKeys, K) &&
          (!BestExit.Flag ||
           static_cast<int>(FR.State) > static_cast<int>(BestExit.State)))
        BestExit = FR;
    }
    // When nothing wakes the wait, blame the flag the loop exits on: it is
    // the stop flag (the others are work counters).
    if (Best.State != FlagState::Ok && BestExit.Flag)
      Best = BestExit;
    std::string ObjName = shortName(Obj);
    F.Blocks = true;
    F.FixKind = QueueLike ? Fix::AddClose : Fix::StopFlag;
    switch (Best.State) {
    case FlagState::Ok: {
      // The wait can be woken; the loop around it must also be able to end.
      const Site *ExitSet = nullptr;
      for (Key K : ExitKeys)
        if ((ExitSet = writtenOutside(K, B)))
          break;
      if (ExitKeys.empty() || ExitSet ||
          llvm::is_contained(ExitKeys, Best.Flag)) {
        F.Blocks = false;
        F.ViaFlag = Best.Flag;
        F.Setter = Best.Setter;
        return F;
      }
      F.Reason = "the loop around it exits on '" + shortName(ExitKeys.front()) +
                 "', which is never set outside the thread";
      return F;
    }
    case FlagState::NotWritten:
      if (Best.Flag) {
        F.Reason = "'" + shortName(Best.Flag) +
                   "' is never set outside the thread";
        F.FixKind = QueueLike ? Fix::AddClose : Fix::SetFlag;
        F.FlagName = shortName(Best.Flag);
        F.ObjName = ObjName;
      }
      else if (Copied)
        F.Reason = "'" + shortName(Copied) +
                   "' is captured by copy, so the thread never sees it set";
      else if (HasPredicate)
        F.Reason = "its predicate observes no stop request";
      else
        F.Reason = "the wait has no predicate and observes no stop request";
      return F;
    case FlagState::NoWake:
      F.Reason = "'" + shortName(Best.Flag) + "' is set but '" + ObjName +
                 "' is not woken after it";
      F.FixKind = Fix::NotifyAfter;
      F.FlagName = shortName(Best.Flag);
      F.ObjName = ObjName;
      F.Extra.push_back({locOf(Best.Write), "'" + shortName(Best.Flag) +
                                                "' is set here, with no wake "
                                                "after it"});
      return F;
    case FlagState::Dead: {
      Fn NotRun = Best.NotRun ? Best.NotRun : Best.Setter;
      Key On = NotRun == Best.Setter ? C.Instance : nullptr;
      F.Reason = whyNotRun(NotRun, Best.Flag, On, B, F.Extra);
      F.FixKind = Fix::CallClose;
      F.Setter = NotRun;
      F.Extra.insert(F.Extra.begin(),
                     {locOf(Best.Write),
                      "'" + shortName(Best.Flag) + "' is set here, in '" +
                          nameOf(Best.Setter) + "'"});
      return F;
    }
    case FlagState::SingleWake:
      F.Reason = "the thread is started repeatedly but '" + ObjName +
                 "' wakes only one waiter";
      F.FixKind = Fix::NotifyAll;
      return F;
    }
    return F;
  }

  Fate fate(const Candidate &C, Body &B, const StartView &SV) {
    Fate F;
    const WaitSite &W = *C.Wait;
    llvm::SmallVector<const Stmt *, 6> AllLoops(C.OuterLoops.begin(),
                                                C.OuterLoops.end());
    AllLoops.append(W.Loops.begin(), W.Loops.end());
    for (const Stmt *L : AllLoops)
      if (!loop(L).Exits) {
        F.Blocks = true;
        F.Reason = "the loop around it never exits";
        F.FixKind = Fix::Loop;
        F.Extra.push_back({L->getBeginLoc(), "this loop never exits"});
        return F;
      }
    if (W.Spec.Timed || W.Spec.TokenInWait)
      return F;
    // A stop token checked by the predicate or any loop guard.
    llvm::SmallVector<Read, 8> Pred, Guards, LocalGuards;
    if (W.Spec.Predicate)
      reads(W.Spec.Predicate, Pred, 0);
    for (const Stmt *L : AllLoops)
      Guards.append(loop(L).Guards.begin(), loop(L).Guards.end());
    for (const Stmt *L : W.Loops)
      LocalGuards.append(loop(L).Guards.begin(), loop(L).Guards.end());
    for (const auto *Set : {&Pred, &Guards})
      for (const Read &R : *Set)
        if (R.K && isStopTokenType(R.K->getType()))
          return F;

    Key Obj = nullptr;
    if (W.Spec.Object) {
      Obj = resolve(objectKey(W.Spec.Object), C.Bind);
      if (opaque(Obj))
        return F; // Cannot name the sync object: no claim.
    }
    bool QueueLike = !C.Chain.empty() && isa<FieldDecl>(Obj) &&
                     isa<CXXMethodDecl>(C.In);
    TUIndex &Idx = index();
    const Site *DeadWake = nullptr;
    auto liveWakeOutside = [&](Key O) -> bool {
      auto It = Idx.Wakes.find(O);
      if (It == Idx.Wakes.end())
        return false;
      for (const Site &S : It->second) {
        if (!S.In || (!B.Fns.count(S.In) && liveOn(S.In, B, C.Instance)))
          return true;
        if (!B.Fns.count(S.In) && !DeadWake)
          DeadWake = &S;
      }
      return false;
    };
    // A wake outside the thread that is in code that never runs: the reason
    // names it instead of claiming that nothing wakes the object.
    auto deadWakeReason = [&](llvm::StringRef Verb) {
      std::string R = "'" + shortName(Obj) + "' is " + Verb.str() + " only in '" +
                      nameOf(DeadWake->In) +
                      "', which nothing in the analysed code runs";
      F.Extra.push_back({locOf(DeadWake->S),
                         "'" + shortName(Obj) + "' is " + Verb.str() +
                             " here, in code that never runs"});
      return R;
    };
    bool Repeated = !AllLoops.empty();
    if (W.Spec.Kind == WaitKind::CondVar || W.Spec.Kind == WaitKind::PCond ||
        W.Spec.Kind == WaitKind::Semaphore || W.Spec.Kind == WaitKind::PSem)
      for (const Stmt *L : AllLoops)
        if (loop(L).ExitsOnLocal && liveWakeOutside(Obj))
          return F; // A message from outside can end the loop.
    switch (W.Spec.Kind) {
    case WaitKind::CondVar:
    case WaitKind::PCond: {
      llvm::SmallVector<Read, 8> Flags(Pred.begin(), Pred.end());
      Flags.append(LocalGuards.begin(), LocalGuards.end());
      Fate G = flagCancel(C, Obj, Flags, Guards, B, SV,
                          W.Spec.Predicate != nullptr, QueueLike);
      G.WaitObj = Obj;
      return G;
    }
    case WaitKind::Semaphore:
    case WaitKind::PSem: {
      if (Repeated) {
        Fate G = flagCancel(C, Obj, Guards, {}, B, SV, false, QueueLike);
        G.WaitObj = Obj;
        if (G.Blocks && G.Reason.find("observes no stop") != std::string::npos)
          G.Reason = "it is acquired in a loop that observes no stop request";
        if (G.Blocks)
          G.FixKind = G.FixKind == Fix::StopFlag ? Fix::Semaphore : G.FixKind;
        return G;
      }
      if (!liveWakeOutside(Obj)) {
        F.Blocks = true;
        F.Reason = DeadWake ? deadWakeReason("released")
                            : "nothing outside the thread releases '" +
                                  shortName(Obj) + "'";
        F.FixKind = Fix::Semaphore;
      } else if (SV.Repeated && SV.DetachSite && isa<FieldDecl, VarDecl>(Obj) &&
                 !isLocalStorage(Obj)) {
        bool Broadcast = false;
        for (const Site &S : Idx.Wakes[Obj])
          if (S.Broadcast || S.InLoop)
            Broadcast = true;
        if (!Broadcast) {
          F.Blocks = true;
          F.Reason = "the thread is started repeatedly but '" +
                     shortName(Obj) + "' is released only once";
          F.FixKind = Fix::Semaphore;
        }
      }
      return F;
    }
    case WaitKind::Latch:
      // Threads started together may count the latch down for each other.
      if (!liveWakeOutside(Obj) && !SV.Repeated &&
          SV.Ctx.Handle != HandleKind::Container) {
        F.Blocks = true;
        F.Reason = DeadWake ? deadWakeReason("counted down")
                            : "nothing outside the thread counts '" +
                                  shortName(Obj) + "' down";
        F.FixKind = Fix::Latch;
        return F;
      }
      if (const Stmt *Skip = skippedArrival(Obj)) {
        F.Blocks = true;
        F.Reason = "'" + shortName(Obj) + "' expects one arrival per element "
                   "of '" + shortName(sizedBy(Obj)) +
                   "', but the loop over it skips some";
        F.FixKind = Fix::Latch;
        F.Extra.push_back({Skip->getBeginLoc(),
                           "this skips the 'count_down' of that element"});
      }
      return F;
    case WaitKind::Barrier:
      if (!liveWakeOutside(Obj) && !SV.Repeated &&
          SV.Ctx.Handle != HandleKind::Container) {
        F.Blocks = true;
        F.Reason = DeadWake ? deadWakeReason("arrived at")
                            : "no other thread arrives at '" + shortName(Obj) +
                                  "'";
        F.FixKind = Fix::Barrier;
      }
      return F;
    case WaitKind::Future: {
      bool Other = false;
      Key P = promiseOfKey(Obj, Other, 0, &B);
      if (!P || Other || opaque(P) || Idx.Escaped.count(P))
        return F;
      if (isLocalStorage(P)) {
        // The promise dies with its function (then get() throws), unless
        // that function joins the thread first.
        const auto *VD = cast<VarDecl>(P);
        Fn Owner = normalizeFn(
            dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod()));
        bool JoinedThere = false;
        for (const Site &J : SV.JoinSites)
          if (J.In == Owner)
            JoinedThere = true;
        if (SV.Info.Kind == StartKind::JThread && SV.Ctx.In == Owner &&
            !SV.DetachSite && SV.Ctx.Handle == HandleKind::Var)
          JoinedThere = true;
        if (!JoinedThere)
          return F;
      }
      auto It = Idx.Wakes.find(P);
      llvm::SmallVector<const Site *, 4> Sets;
      if (It != Idx.Wakes.end())
        for (const Site &S : It->second)
          if (!S.In || !B.Fns.count(S.In))
            Sets.push_back(&S);
      bool Task = stdTypeName(P->getType()) == "packaged_task";
      std::string What = Task ? "the packaged_task '" + shortName(P) + "'"
                              : "the promise '" + shortName(P) + "'";
      std::string Set = Task ? "run" : "set";
      if (Sets.empty()) {
        F.Blocks = true;
        F.Reason = What + " is never " + Set;
        F.FixKind = Task ? Fix::Task : Fix::Promise;
        return F;
      }
      for (const Site *S : Sets)
        if (!S->In || setOnEveryPath(S->In, P))
          return F;
      F.Blocks = true;
      F.Reason = What + " is " + Set + " only on some paths";
      F.FixKind = Task ? Fix::Task : Fix::Promise;
      F.Extra.push_back({locOf(Sets.front()->S),
                         "'" + shortName(P) + "' is " + Set +
                             " here, but not on every path of '" +
                             nameOf(Sets.front()->In) + "'"});
      return F;
    }
    case WaitKind::Join: {
      auto It = Idx.StartOfHandle.find(Obj);
      if (It == Idx.StartOfHandle.end() || It->second == SV.Start)
        return F;
      if (auto Inner = analyzeStart(It->second)) {
        F.Blocks = true;
        F.Reason = "it joins a thread that can block forever";
        F.FixKind = Fix::Join;
        F.Extra.push_back({Inner->Loc, "the joined thread starts here"});
      }
      return F;
    }
    case WaitKind::Custom:
      F.Blocks = true;
      F.Reason = "nothing in the program can interrupt the call";
      F.FixKind = Fix::Custom;
      return F;
    }
    return F;
  }

  // -- Counting primitives ------------------------------------------------

  /// The container whose size a latch was constructed with
  /// (`std::latch L(shards.size())`), or null.
  Key sizedBy(Key Latch) {
    const auto *VD = dyn_cast_or_null<VarDecl>(Latch);
    const Expr *Init = VD ? VD->getInit() : nullptr;
    if (const auto *FD = dyn_cast_or_null<FieldDecl>(Latch))
      Init = FD->getInClassInitializer();
    const auto *CE = Init ? dyn_cast<CXXConstructExpr>(strip(Init)) : nullptr;
    if (!CE || CE->getNumArgs() < 1)
      return nullptr;
    const auto *MC =
        dyn_cast<CXXMemberCallExpr>(CE->getArg(0)->IgnoreParenImpCasts());
    const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
    if (!MD || !MD->getIdentifier() || MD->getName() != "size")
      return nullptr;
    return objectKey(MC->getImplicitObjectArgument());
  }

  /// A latch sized by a container's size, counted down once per element in
  /// a range-for over that container (directly, or by a thread started in
  /// it): a `continue` or `return` before the count_down skips an arrival.
  /// Returns the statement that skips it.
  const Stmt *skippedArrival(Key Latch) {
    Key Range = sizedBy(Latch);
    if (!Range)
      return nullptr;
    SkipLatch = Latch;
    auto It = index().Wakes.find(Latch);
    if (It == index().Wakes.end())
      return nullptr;
    for (const Site &W : It->second) {
      // The function holding the count_down, and those around a lambda.
      Fn F = W.In;
      for (unsigned I = 0; F && I < 3; ++I) {
        if (const Stmt *S = skipIn(F->getBody(), Range, W.S))
          return S;
        const auto *MD = dyn_cast<CXXMethodDecl>(F);
        if (!MD || !MD->getParent()->isLambda())
          break;
        F = dyn_cast_or_null<FunctionDecl>(
            MD->getParent()->getDeclContext()->getNonClosureAncestor());
        F = normalizeFn(F);
      }
    }
    return nullptr;
  }

  const Stmt *skipIn(const Stmt *S, Key Range, const Stmt *Arrive) {
    if (!S)
      return nullptr;
    if (const auto *R = dyn_cast<CXXForRangeStmt>(S))
      if (R->getRangeInit() && objectKey(R->getRangeInit()) == Range &&
          SM.isBeforeInTranslationUnit(R->getBeginLoc(),
                                       Arrive->getBeginLoc()) &&
          SM.isBeforeInTranslationUnit(Arrive->getBeginLoc(),
                                       R->getEndLoc()))
        if (const Stmt *Skip = skipBefore(R->getBody(), Arrive, 0))
          if (!arrivesBetween(R->getBody(), Skip))
            return Skip;
    for (const Stmt *Child : S->children())
      if (const Stmt *Found = skipIn(Child, Range, Arrive))
        return Found;
    return nullptr;
  }

  /// Does the latch being judged (SkipLatch) get counted down in the loop
  /// body \p Body before \p Skip (the skipping path arrives itself)?
  bool arrivesBetween(const Stmt *Body, const Stmt *Skip) {
    auto It = index().Wakes.find(SkipLatch);
    if (It == index().Wakes.end())
      return false;
    for (const Site &W : It->second)
      if (SM.isBeforeInTranslationUnit(Body->getBeginLoc(),
                                       W.S->getBeginLoc()) &&
          SM.isBeforeInTranslationUnit(W.S->getBeginLoc(),
                                       Skip->getBeginLoc()))
        return true;
    return false;
  }
  Key SkipLatch = nullptr;

  /// A continue (of this loop) or return before \p Arrive in a loop body.
  const Stmt *skipBefore(const Stmt *S, const Stmt *Arrive, unsigned Depth) {
    if (!S || isa<LambdaExpr>(S) ||
        !SM.isBeforeInTranslationUnit(S->getBeginLoc(), Arrive->getBeginLoc()))
      return nullptr;
    if ((isa<ContinueStmt>(S) && Depth == 0) || isa<ReturnStmt>(S))
      return S;
    unsigned D = Depth;
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S))
      ++D;
    for (const Stmt *Child : S->children())
      if (const Stmt *Found = skipBefore(Child, Arrive, D))
        return Found;
    return nullptr;
  }

  // -- Lifecycle -----------------------------------------------------------

  StartView view(const Expr *Start, const StartInfo &Info) {
    TUIndex &Idx = index();
    StartView SV{Start, Info, {}, false, {}, nullptr, false};
    auto It = Idx.Starts.find(Start);
    if (It != Idx.Starts.end())
      SV.Ctx = It->second;
    SV.Repeated = SV.Ctx.InLoop;
    if (SV.Ctx.In) {
      if (Idx.Handlers.count(SV.Ctx.In))
        SV.Repeated = true;
      auto Callers = Idx.CallsTo.find(SV.Ctx.In);
      if (Callers != Idx.CallsTo.end())
        for (const Site &S : Callers->second)
          if (S.InLoop)
            SV.Repeated = true;
    }
    SV.DetachSite = SV.Ctx.InlineDetach;
    if (Key H = SV.Ctx.HandleKey) {
      auto J = Idx.Joins.find(H);
      if (J != Idx.Joins.end())
        SV.JoinSites = J->second;
      auto D = Idx.Detaches.find(H);
      if (!SV.DetachSite && D != Idx.Detaches.end() && !D->second.empty())
        SV.DetachSite = D->second.front().S;
    }
    if (Info.Kind == StartKind::PThread) {
      const auto *CE = cast<CallExpr>(Start);
      if (Key A = objectKey(CE->getArg(1)))
        SV.DetachedByAttr = Idx.DetachedAttrs.count(A);
    }
    // A wrapper's thread lives as the start inside the wrapper lets it
    // (detached there, joined by its owner's destructor, ...).
    if (Info.Kind == StartKind::Wrapper && Info.Inner && Info.Inner != Start &&
        ViewDepth < 4)
      if (std::optional<StartInfo> II = startInfo(Info.Inner, Opts)) {
        ++ViewDepth;
        StartView IV = view(Info.Inner, *II);
        --ViewDepth;
        if (!SV.DetachSite)
          SV.DetachSite = IV.DetachSite;
        if (SV.JoinSites.empty())
          SV.JoinSites = IV.JoinSites;
        SV.DetachedByAttr |= IV.DetachedByAttr;
      }
    return SV;
  }

  /// The lifecycle clause of the message, and its note.
  std::string lifecycle(const StartView &SV, std::vector<ThreadNote> &Notes,
                        bool EntryTakesToken) {
    const StartInfo &I = SV.Info;
    if (I.Kind == StartKind::Wrapper && I.Inner)
      Notes.push_back({I.Inner->getBeginLoc(),
                       "'" + I.Starter + "' starts the thread here"});
    if (SV.DetachSite) {
      Notes.push_back(
          {locOf(SV.DetachSite), "the thread is detached here"});
      std::string S = "the thread is detached";
      if (SV.Repeated)
        S += ", and a new one is started each time this code runs";
      return S;
    }
    if (SV.DetachedByAttr)
      return "the thread is created detached";
    if (I.Kind == StartKind::Async) {
      if (SV.Ctx.Handle == HandleKind::Discarded)
        return "the discarded 'std::future' waits for it at the end of the "
               "statement";
      if (SV.Ctx.HandleKey)
        Notes.push_back({SV.Ctx.HandleKey->getLocation(),
                         "this 'std::future' waits for the task when '" +
                             shortName(SV.Ctx.HandleKey) + "' is destroyed"});
      return "the 'std::future' returned by 'std::async' waits for it when "
             "destroyed";
    }
    if (I.Kind == StartKind::Starter)
      return "the task holds a thread of '" + I.Starter + "' forever";
    if (!SV.JoinSites.empty()) {
      const Site &J = SV.JoinSites.front();
      std::string Where = nameOf(J.In);
      Notes.push_back({locOf(J.S), "the thread is joined here, in '" +
                                               Where + "', which then hangs"});
      return "'" + Where + "' joins it and hangs";
    }
    if (I.Kind == StartKind::JThread) {
      if (SV.Ctx.HandleKey && SV.Ctx.Handle != HandleKind::Container)
        Notes.push_back({SV.Ctx.HandleKey->getLocation(),
                         "the 'std::jthread' joins the thread when '" +
                             shortName(SV.Ctx.HandleKey) + "' is destroyed"});
      if (EntryTakesToken)
        return "the 'std::jthread' destructor requests a stop the thread "
               "never checks, then joins it";
      return "the thread takes no 'std::stop_token', so the 'std::jthread' "
             "destructor joins it and hangs";
    }
    return "the thread is never joined";
  }

  std::string fixText(Fix K, const Fate &F, const Candidate &C,
                      StartKind Kind) {
    switch (K) {
    case Fix::StopFlag:
      return std::string(Kind == StartKind::JThread
                             ? "take the 'std::stop_token' the 'std::jthread' "
                               "passes and wait with it"
                             : "start it as a 'std::jthread' and wait with "
                               "its 'std::stop_token'") +
             " ('std::condition_variable_any::wait(lock, token, pred)'), or "
             "let the predicate read a stop flag that is set before "
             "'notify_all'";
    case Fix::SetFlag:
      return "set '" + F.FlagName + "' on the shutdown path, then wake every "
             "waiter on '" + F.ObjName + "'";
    case Fix::NotifyAfter:
      return "wake '" + F.ObjName + "' right after setting '" + F.FlagName +
             "' ('notify_all' on a condition variable, 'release' on a "
             "semaphore)";
    case Fix::CallClose:
      return "call '" + nameOf(F.Setter) +
             "' on the shutdown path, before the thread is joined or "
             "abandoned";
    case Fix::AddClose: {
      const auto *MD = dyn_cast<CXXMethodDecl>(C.In);
      std::string Q = MD ? MD->getParent()->getNameAsString() : "the queue";
      return "give '" + Q +
             "' a close operation that sets a flag its wait predicate reads "
             "and calls 'notify_all', and call it on shutdown";
    }
    case Fix::NotifyAll:
      return "wake every waiter ('notify_all', or 'release' once per thread)";
    case Fix::Semaphore:
      return "release (post) the semaphore wherever the thread must go on; "
             "in a worker loop, check a stop flag after each acquire and "
             "release after setting it, or use a timed wait "
             "('try_acquire_for', 'sem_timedwait') in a loop that can exit";
    case Fix::Latch:
      return "count the latch down on every path, or wait with a timeout";
    case Fix::Barrier:
      return "make every participant arrive, or use 'arrive_and_drop' on "
             "exit paths";
    case Fix::Promise:
      return "set the promise on every path ('set_exception' on error "
             "paths), or let it be destroyed so that the waiting 'get' throws";
    case Fix::Task:
      return "run the task on every path (call it, or hand it to a thread), "
             "or let it be destroyed so that the waiting 'get' throws";
    case Fix::Loop:
      return "let the loop exit on a stop flag or on "
             "'std::stop_token::stop_requested()'";
    case Fix::Custom:
      return "make the call interruptible: use a timeout, or close what it "
             "waits on during shutdown";
    case Fix::Join:
      return "stop the joined thread before joining it";
    }
    return "";
  }

  // -- Driver --------------------------------------------------------------

  std::optional<ThreadFinding> analyzeStart(const Expr *Start) {
    auto Found = Results.find(Start);
    if (Found != Results.end())
      return Found->second;
    if (!InProgress.insert(Start).second)
      return std::nullopt;
    // A joined thread's assumptions are the joiner's as well.
    llvm::SmallVector<std::pair<Fn, Key>, 4> Outer;
    std::swap(Outer, Assumed);
    CurWayOut.reset();
    std::optional<ThreadFinding> R = compute(Start);
    Outer.append(Assumed.begin(), Assumed.end());
    std::swap(Outer, Assumed);
    InProgress.erase(Start);
    Results[Start] = R;
    return R;
  }

  std::optional<ThreadFinding> compute(const Expr *Start) {
    auto Info = startInfo(Start, Opts);
    if (!Info)
      return std::nullopt;
    auto Entry = resolveCallable(Info->Callable);
    if (!Entry)
      return std::nullopt;
    Fn Def = definitionOf(Entry->Fn, SM);
    if (!Def)
      return std::nullopt;
    StartView SV = view(Start, *Info);

    Body B;
    B.Starter = SV.Ctx.In;
    B.Start = Start;
    if (Entry->Lambda)
      for (const LambdaCapture &Cap : Entry->Lambda->captures())
        if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByCopy)
          if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
            if (VD->getType()->isScalarType())
              B.ByCopy.insert(normalizeKey(VD));
    unsigned Skip = Entry->MemberPointer ? 1 : 0;
    bool TakesToken = false;
    if (Info->Kind == StartKind::JThread && Def->getNumParams() > 0 &&
        isStopTokenType(Def->getParamDecl(0)->getType())) {
      TakesToken = true; // jthread passes its token first.
      Skip = 0;
    }
    llvm::SmallVector<const Expr *, 4> Args;
    if (TakesToken)
      Args.push_back(nullptr);
    Args.append(Info->Args.begin(), Info->Args.end());
    Binding Bind = bindArgs(Def, Args, Skip, Binding(), B);
    llvm::SmallVector<const CallExpr *, 4> Chain;
    llvm::SmallVector<const Stmt *, 4> Outer;
    walk(Def, 0, Bind, nullptr, Chain, Outer, B);
    if (B.Broken)
      return std::nullopt; // Error recovery: invent nothing.

    std::vector<Fate> FlagFates;
    for (const Candidate &C : B.Waits) {
      Fate F = fate(C, B, SV);
      if (F.Blocks) {
        if (!Opts.ReportProcessLifetimeThreads && deliberate(SV))
          return std::nullopt;
        return finish(report(SV, C, F, TakesToken), B);
      }
      if (F.ViaFlag)
        FlagFates.push_back(F);
    }
    // Waits end on a stop flag: whoever joins must set it first.
    if (SV.DetachSite || FlagFates.empty())
      return std::nullopt;
    for (const Site &J : SV.JoinSites) {
      if (!isa_and_nonnull<CXXDestructorDecl>(J.In))
        continue;
      if (!stoppedBefore(J.In, J.S, FlagFates))
        return finish(
            reportJoin(SV, B, FlagFates.front(), J.In, J.S, TakesToken), B);
    }
    if (Info->Kind == StartKind::JThread && SV.JoinSites.empty()) {
      // Destroyed, then joined: in the owner's destructor for a field, at
      // the end of the function for a local.
      if (SV.Ctx.Handle == HandleKind::Field) {
        const auto *FD = dyn_cast<FieldDecl>(SV.Ctx.HandleKey);
        const CXXRecordDecl *RD =
            FD ? dyn_cast<CXXRecordDecl>(FD->getParent()) : nullptr;
        const CXXDestructorDecl *Dtor = RD ? RD->getDestructor() : nullptr;
        Fn DtorFn = Dtor && Dtor->isUserProvided() ? normalizeFn(Dtor) : nullptr;
        if (!DtorFn || !stoppedBefore(DtorFn, nullptr, FlagFates))
          return finish(reportJoin(SV, B, FlagFates.front(), DtorFn,
                                   nullptr, TakesToken),
                        B);
      }
    }
    return std::nullopt;
  }

  /// Attaches the program-wide condition of a finding (see Assumed).
  std::optional<ThreadFinding> finish(std::optional<ThreadFinding> R,
                                      const Body &B) {
    if (!R || Assumed.empty())
      return R;
    if (CurWayOut && R->Message.find(CurWayOut->Clause) != std::string::npos)
      R->Why = CurWayOut;
    for (auto &[F, K] : Assumed) {
      std::pair<std::string, std::string> U{usr(F), K ? usr(K) : ""};
      if (!U.first.empty() && !llvm::is_contained(R->Unless, U))
        R->Unless.push_back(std::move(U));
    }
    for (Fn F : B.Fns)
      if (!usr(F).empty())
        R->Body.push_back(usr(F));
    llvm::sort(R->Body);
    return R;
  }

  llvm::DenseMap<const Decl *, std::string> USRs;
  /// By value: a reference into USRs dangles once another USR is added.
  std::string usr(const Decl *D) {
    auto [It, New] = USRs.try_emplace(D);
    if (New && D) {
      llvm::SmallString<128> Buf;
      if (!clang::index::generateUSRForDecl(D, Buf))
        It->second = std::string(Buf);
    }
    return It->second;
  }

  Json callFacts() {
    Json Out = Json::object();
    if (!Ctx.getLangOpts().CPlusPlus)
      return Out;
    TUIndex &Idx = index();
    auto Record = [&](Fn F, const Site &S, bool Call) {
      if (S.In == F || !calledElsewhere(F) || root(F) ||
          SM.isInSystemHeader(SM.getExpansionLoc(F->getLocation())))
        return;
      std::string Callee = usr(F);
      std::string From = S.In ? usr(S.In) : "";
      if (Callee.empty() || (S.In && From.empty()))
        return;
      std::string On;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S.S))
        if (const Expr *Obj = MC->getImplicitObjectArgument())
          if (!isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())) {
            Key K = objectKey(Obj);
            const auto *VD = dyn_cast_or_null<VarDecl>(K);
            if (K && !opaque(K))
              On = isa<FieldDecl>(K) ||
                           (VD && VD->hasGlobalStorage() &&
                            VD->isExternallyVisible())
                       ? usr(K)
                       : "-";
          }
      // A reference (the address taken) runs like a root.
      Out[Callee].push_back(Json::array({From, On, !Call || root(S.In)}));
    };
    for (const auto &[F, Sites] : Idx.CallsTo)
      for (const Site &S : Sites)
        Record(F, S, true);
    for (const auto &[F, Sites] : Idx.RefsTo)
      for (const Site &S : Sites)
        Record(F, S, false);
    for (auto &[K, V] : Out.items()) {
      std::sort(V.begin(), V.end());
      V.erase(std::unique(V.begin(), V.end()), V.end());
    }
    return Out;
  }

  /// A background thread the program means to keep for its whole life: owned
  /// by process-lifetime storage, started at most once, never joined.
  bool deliberate(const StartView &SV) {
    if (!SV.JoinSites.empty() || (SV.Info.Kind != StartKind::Thread &&
                                  SV.Info.Kind != StartKind::PThread))
      return false;
    if (!LT)
      LT = std::make_unique<Lifetime>(Ctx);
    bool Handle = SV.Ctx.Handle == HandleKind::Var ||
                  SV.Ctx.Handle == HandleKind::Field ||
                  SV.Ctx.Handle == HandleKind::Container;
    if (SV.DetachSite || !Handle) {
      // A detached (or handle-less) thread is owned by the object it works
      // for: `this` of a process-lifetime class, or process-lifetime
      // storage handed to it.
      if (!worksForProcessStorage(SV))
        return false;
      return LT->statementRunsAtMostOnce(SV.Start, SV.Ctx.In);
    }
    if (!LT->ownerLivesForProcess(SV.Ctx.HandleKey))
      return false;
    if (LT->statementRunsAtMostOnce(SV.Start, SV.Ctx.In))
      return true;
    // Starting a thread into a running std::thread terminates the program,
    // so a single handle nothing joins holds one thread per owner.
    return !SV.Repeated && SV.Ctx.Handle != HandleKind::Container &&
           SV.Info.Kind == StartKind::Thread;
  }

  bool worksForProcessStorage(const StartView &SV) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(SV.Ctx.In);
    bool ThisLives = MD && !MD->isStatic() &&
                     LT->isProcessLifetimeClass(MD->getParent());
    if (auto Entry = resolveCallable(SV.Info.Callable))
      if (Entry->Lambda)
        for (const LambdaCapture &C : Entry->Lambda->captures())
          if (C.capturesThis() && ThisLives)
            return true;
    for (const Expr *A : SV.Info.Args) {
      const Expr *E = A ? A->IgnoreParenImpCasts() : nullptr;
      if (!E)
        continue;
      if (isa<CXXThisExpr>(E))
        return ThisLives;
      if (LT->storageOf(E, SV.Ctx.In, E->getType()->isPointerType()))
        return true;
    }
    return false;
  }

  bool stoppedBefore(Fn F, const Stmt *Before,
                     const std::vector<Fate> &Fates) {
    for (const Fate &Fa : Fates)
      if (writesBefore(F, Fa.ViaFlag, Before, 0) ||
          (Fa.WaitObj && wakeBefore(F, Fa.WaitObj, Before, 0)))
        return true;
    return false;
  }

  std::string startNoun(const StartInfo &I) const {
    return I.Kind == StartKind::Async || I.Kind == StartKind::Starter
               ? "task"
               : "thread";
  }

  std::optional<ThreadFinding> report(const StartView &SV, const Candidate &C,
                                      const Fate &F, bool TakesToken) {
    ThreadFinding Out;
    Out.Loc = SV.Start->getBeginLoc();
    Out.Range = SV.Start->getSourceRange();
    const CallExpr *Named = C.Chain.empty() ? C.Wait->Call : C.Chain.front();
    std::string WaitName = calleeText(Named);
    for (const CallExpr *Call : C.Chain)
      Out.Notes.push_back({Call->getExprLoc(),
                           "the " + startNoun(SV.Info) + " calls '" +
                               calleeText(Call) + "' here"});
    Out.Notes.push_back({C.Wait->Call->getExprLoc(),
                         "it can block forever in '" +
                             calleeText(C.Wait->Call) + "' here"});
    std::string Life = lifecycle(SV, Out.Notes, TakesToken);
    for (const ThreadNote &N : F.Extra)
      Out.Notes.push_back(N);
    Out.Notes.push_back({Out.Loc, "fix: " + fixText(F.FixKind, F, C, SV.Info.Kind)});
    Out.Message = startNoun(SV.Info) + " started here can block forever in '" +
                  WaitName + "': " + F.Reason + ", and " + Life;
    return Out;
  }

  std::optional<ThreadFinding> reportJoin(const StartView &SV, const Body &B,
                                          const Fate &F, Fn Joiner,
                                          const Stmt *Join, bool TakesToken) {
    ThreadFinding Out;
    Out.Loc = SV.Start->getBeginLoc();
    Out.Range = SV.Start->getSourceRange();
    std::string Flag = shortName(F.ViaFlag);
    std::string Who = Joiner ? "'" + nameOf(Joiner) + "'"
                             : std::string("the owner's destructor");
    for (const Candidate &C : B.Waits)
      if (!C.Wait->Spec.Timed) {
        Out.Notes.push_back({C.Wait->Call->getExprLoc(),
                             "the thread can be blocked here until '" + Flag +
                                 "' is set"});
        break;
      }
    if (Join)
      Out.Notes.push_back({locOf(Join),
                           "joined here, with no stop request before it"});
    else if (!Joiner && SV.Ctx.HandleKey)
      Out.Notes.push_back({SV.Ctx.HandleKey->getLocation(),
                           "the 'std::jthread' is joined when its owner is "
                           "destroyed; nothing sets '" + Flag + "' before"});
    else if (Joiner)
      Out.Notes.push_back({Joiner->getLocation(),
                           "the 'std::jthread' is joined when this destructor "
                           "ends; nothing here sets '" + Flag + "'"});
    Out.Notes.push_back({Out.Loc, "fix: set '" + Flag +
                                      "' and wake the thread before joining "
                                      "it in " + Who});
    std::string Reason =
        SV.Info.Kind == StartKind::JThread && !Join
            ? "its 'std::jthread' is joined when " +
                  (Joiner ? "'" + nameOf(Joiner) + "' runs"
                          : std::string("its owner is destroyed")) +
                  ", which sets no stop request first"
            : Who + " joins it without setting '" + Flag + "' first";
    Out.Message = startNoun(SV.Info) +
                  " started here can block its joiner forever: " + Reason;
    (void)TakesToken;
    return Out;
  }
};

ThreadLifecycleAnalysis::ThreadLifecycleAnalysis(
    ASTContext &Ctx, const ThreadLifecycleOptions &Opts)
    : P(std::make_unique<Impl>(Ctx, Opts)) {}

ThreadLifecycleAnalysis::~ThreadLifecycleAnalysis() = default;

std::vector<const Expr *> ThreadLifecycleAnalysis::starts() {
  return P->starts();
}

Json ThreadLifecycleAnalysis::callFacts() { return P->callFacts(); }

std::optional<ThreadFinding>
ThreadLifecycleAnalysis::analyze(const Expr *Start) {
  return P->analyzeStart(Start);
}

} // namespace leakhound
