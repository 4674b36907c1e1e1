//===--- ThreadLifecycleImpl.h - the analysis' shared state -*- C++ -*-===//
//
// Private to the ThreadLifecycle*.cpp files: the TU index, the function
// summaries and the state of ThreadLifecycleAnalysis::Impl, whose member
// functions are defined by responsibility in one file each (the comment
// before each group of declarations names it):
//  * ThreadLifecycle.cpp          the design and the driver: one start, its
//                                 body, the first wait that can block
//  * ThreadLifecycleIndex.cpp     the one walk of the TU (starts, wrappers,
//                                 writes, wakes, calls, joins)
//  * ThreadLifecycleWalk.cpp      function summaries and the body walk
//  * ThreadLifecycleIndirect.cpp  the targets of indirect calls
//  * ThreadLifecycleLoops.cpp     loops: do they exit, on what guards
//  * ThreadLifecycleReach.cpp     does a way out run: liveness of functions,
//                                 events in callers, the program's call facts
//  * ThreadLifecycleFlags.cpp     predicates and wakes: stop flags
//  * ThreadLifecycleFate.cpp      the fate of one wait, per kind of wait
//  * ThreadLifecycleCounting.cpp  latches sized by a collection
//  * ThreadLifecycleArrivals.cpp  every path of the code meant to arrive
//                                 arrives (returns, exceptions)
//  * ThreadLifecyclePromises.cpp  promises and packaged tasks behind futures
//  * ThreadLifecycleOwner.cpp     deliberate process-lifetime threads
//  * ThreadLifecycleReport.cpp    lifecycle, messages, notes and fixes
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLEIMPL_H
#define LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLEIMPL_H

#include "Lifetime.h"
#include "ThreadLifecycle.h"
#include "ThreadLifecycleModel.h"
#include "VisibleThrows.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace leakhound {
class CallTargets;
namespace tl {

using clang::CallExpr;
using clang::Expr;
using clang::FunctionDecl;
using clang::Stmt;
using clang::ValueDecl;

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
  /// The innermost loop of In around the start (when InLoop).
  const Stmt *Loop = nullptr;
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
  /// Descriptors the TU passes to fcntl or ioctl (perhaps made
  /// non-blocking: a read on them need not park).
  llvm::DenseSet<Key> FdControlled;
  llvm::DenseSet<Fn> Handlers;
  /// The function definitions of the TU, in the order the walk met them.
  std::vector<Fn> Bodies;
  /// pthread_barrier_init and sem_init calls, by the object they set up.
  llvm::DenseMap<Key, const CallExpr *> CInits;
};

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

/// A path through a function that does not arrive at an object (see
/// ThreadLifecycleArrivals.cpp), explained by its first early exit.
struct SkipPath {
  /// The first return, throw or throwing call on the path (null: the path
  /// only bypasses a condition around the arrival).
  const Stmt *Leave = nullptr;
  /// Leave is a call that may throw.
  const CallExpr *Thrower = nullptr;
};

struct Summary {
  llvm::SmallVector<WaitSite, 2> Waits;
  llvm::SmallVector<CallSite, 4> Calls;
  /// The body holds an error-recovery expression: no finding may rely on it.
  bool Broken = false;
};
} // namespace tl

struct ThreadLifecycleAnalysis::Impl {
  using ASTContext = clang::ASTContext;
  using SourceManager = clang::SourceManager;
  using CallExpr = clang::CallExpr;
  using Decl = clang::Decl;
  using Expr = clang::Expr;
  using SourceLocation = clang::SourceLocation;
  using Stmt = clang::Stmt;
  using Key = tl::Key;
  using Fn = tl::Fn;
  using Site = tl::Site;
  using TUIndex = tl::TUIndex;
  using Summary = tl::Summary;
  using LoopInfo = tl::LoopInfo;
  using Read = tl::Read;
  using WaitSite = tl::WaitSite;
  using StartInfo = tl::StartInfo;
  using StartKind = tl::StartKind;
  using StartContext = tl::StartContext;

  ASTContext &Ctx;
  const SourceManager &SM;
  /// The options, and the wrappers the index walk finds.
  ThreadLifecycleOptions Opts;
  std::unique_ptr<TUIndex> Index;
  llvm::DenseMap<Fn, std::unique_ptr<Summary>> Summaries;
  llvm::DenseMap<const Stmt *, LoopInfo> Loops;
  llvm::DenseMap<std::pair<Fn, Key>, std::optional<tl::SkipPath>> SkipPaths;
  /// The entries of threads (an exception leaving them ends the process).
  std::optional<llvm::DenseSet<Fn>> EntryFns;
  std::optional<VisibleThrows> ThrowOracle; ///< Made on first use.
  /// The resolver of indirect calls, made on the first one a body makes.
  std::shared_ptr<CallTargets> Targets;
  std::vector<const clang::FunctionDecl *> TargetBodies;
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
  Impl(ASTContext &Ctx, const ThreadLifecycleOptions &Opts);
  ~Impl();
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
    Fn Starter = nullptr; ///< The function holding the start.
    /// The argument expression each parameter of the body was called with.
    llvm::DenseMap<Key, const Expr *> ParamArgs;
    const Expr *Start = nullptr;
  };
  using EventMap = decltype(TUIndex::WakesIn);
  enum class FlagState { NotWritten, NoWake, Dead, SingleWake, Ok };
  struct FlagResult {
    FlagState State = FlagState::NotWritten;
    Key Flag = nullptr;
    const Stmt *Write = nullptr;
    Fn Setter = nullptr;
    /// Dead: the function that does not run (the setter or its caller).
    Fn NotRun = nullptr;
    /// NoWake: a wake of the object before the write (a lost wake-up), or a
    /// wake of another object of the same type after it.
    const Stmt *EarlyWake = nullptr;
    const Stmt *OtherWake = nullptr;
    Key OtherObj = nullptr;
  };
  enum class Fix {
    StopFlag,
    SetFlag,
    ReadFlag,
    NotifyAfter,
    CallClose,
    AddClose,
    NotifyAll,
    Semaphore,
    Latch,
    Barrier,
    Count,
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
  struct StartView {
    const Expr *Start;
    StartInfo Info;
    StartContext Ctx;
    bool Repeated;
    llvm::SmallVector<Site, 2> JoinSites;
    const Stmt *DetachSite = nullptr;
    bool DetachedByAttr = false;
  };
  Key SkipLatch = nullptr;
  llvm::DenseMap<const Decl *, std::string> USRs;

  // ThreadLifecycleIndex.cpp
  TUIndex &index();
  /// Can code of this TU start a thread at all? Looks names up, walks
  /// nothing: a TU that declares neither pthread_create nor std::thread,
  /// std::jthread or std::async, and has no configured starter, starts none.
  bool mayStartThreads() const;
  std::vector<const Expr *> starts();

  // ThreadLifecycleReport.cpp
  std::string text(const Expr *E) const;
  std::string calleeText(const CallExpr *CE) const;
  static std::string nameOf(const Decl *D);
  static std::string shortName(const Decl *D);
  static SourceLocation locOf(const Stmt *S);
  bool before(const Stmt *A, const Stmt *B) const;
  StartView view(const Expr *Start, const StartInfo &Info);
  /// The lifecycle clause of the message, and its note.
  std::string lifecycle(const StartView &SV, std::vector<ThreadNote> &Notes,
                        bool EntryTakesToken);
  std::string fixText(Fix K, const Fate &F, const Candidate &C, StartKind Kind);
  std::string startNoun(const StartInfo &I) const;
  std::optional<ThreadFinding> report(const StartView &SV, const Candidate &C,
                                      const Fate &F, bool TakesToken);
  std::optional<ThreadFinding> reportJoin(const StartView &SV, const Body &B,
                                          const Fate &F, Fn Joiner,
                                          const Stmt *Join, bool TakesToken);

  // ThreadLifecycleWalk.cpp
  const Summary &summary(Fn Def);
  void scan(const Stmt *S, Summary &Out,
            llvm::SmallVector<const Stmt *, 4> &LoopStack);
  Key resolve(Key K, const Binding &B) const;
  Binding bindArgs(Fn Callee, llvm::ArrayRef<const Expr *> Args, unsigned Skip,
                   const Binding &Outer, Body &Out) const;
  void walk(Fn Def, unsigned Depth, const Binding &Bind, Key Instance,
            llvm::SmallVector<const CallExpr *, 4> &Chain,
            llvm::SmallVector<const Stmt *, 4> &Outer, Body &Out);

  // ThreadLifecycleIndirect.cpp
  /// The definitions a call that does not name its callee can run (a
  /// function pointer, a virtual call, a std::function).
  void indirectTargets(const CallExpr *CE, llvm::SmallVectorImpl<Fn> &Out);

  // ThreadLifecycleLoops.cpp
  /// True if \p S leaves the loop it is in (Depth counts nested loops and
  /// switches a break would only leave).
  bool leaves(const Stmt *S, unsigned Depth) const;
  /// Does the condition \p S test the value of a local variable (not an
  /// object reached through a local pointer, not an argument to a call)?
  static bool mentionsLocal(const Stmt *S);
  void collectGuardIfs(const Stmt *S, LoopInfo &LI, unsigned Depth);
  const LoopInfo &loop(const Stmt *L);
  /// Does a function called in the loop condition \p S decide its result
  /// on a value it received (`while (process_next())` where process_next
  /// returns false on a terminate message)? That is: a return of a value
  /// computed from one of its locals, or a return under a condition that
  /// tests one; calls returned are followed up to MaxDepth.
  bool decidedByCallee(const Stmt *S, unsigned Depth);
  bool returnsOnLocal(const Stmt *S, bool UnderLocalTest, unsigned Depth);
  /// The flags \p S reads, following predicates and getters.
  void reads(const Stmt *S, llvm::SmallVectorImpl<Read> &Out, unsigned Depth);

  // ThreadLifecycleReach.cpp
  /// A function that runs by itself: a constructor, destructor, main, a
  /// virtual function or a lambda, a free function other TUs can call, or
  /// code outside any function (a global's initialiser).
  static bool root(Fn F);
  /// Other TUs may call \p F (the merge of the call facts decides).
  static bool calledElsewhere(Fn F);
  /// A function that runs: the one that starts the thread, a root, a
  /// function whose address is taken outside the body, or one called from
  /// outside the body by a function that itself runs (the chain is followed
  /// to depth 3; deeper counts as running). A method nothing in this TU
  /// calls is recorded in Assumed: the finding then holds only if no other
  /// TU calls it either.
  bool live(Fn F, Body &B, unsigned Depth = 0);
  bool liveCaller(Fn F, Body &B, unsigned Depth);
  /// Like live(), but a member function that writes the flag of one object
  /// (a queue's close) must be called on \p Instance, the object the thread
  /// waits on, or from another member function of the same object, by code
  /// that runs.
  bool liveOn(Fn F, Body &B, Key Instance);
  /// Why \p F, which sets \p Flag, does not count as running, in words that
  /// are true of the analysed code; a note at a call that does not count.
  std::string whyNotRun(Fn F, Key Flag, Key Instance, Body &B,
                        std::vector<ThreadNote> &Notes);
  /// The first event on \p K recorded in \p Events for function \p F, or the
  /// call through which F reaches one (following calls to depth 2), that lies
  /// after \p After and before \p Before (either may be null: no bound).
  const Stmt *eventIn(const EventMap &Events, Fn F, Key K, const Stmt *After,
                      const Stmt *Before, unsigned Depth);
  /// Does function \p F contain (or call, to depth 2) a wake of \p Obj
  /// after \p After (any position if null)?
  const Stmt *wakeIn(Fn F, Key Obj, const Stmt *After, unsigned Depth);
  /// Does \p F wake \p Obj (or call a function that does, to depth 2)
  /// before \p Before?
  bool wakeBefore(Fn F, Key Obj, const Stmt *Before, unsigned Depth);
  /// Does \p F write \p Flag (or call a function that does, to depth 2)
  /// before \p Before?
  bool writesBefore(Fn F, Key Flag, const Stmt *Before, unsigned Depth);
  /// Is \p K written outside the body, in a live function, other than to
  /// initialise it before the thread starts?
  const Site *writtenOutside(Key K, Body &B);
  /// By value: a reference into USRs dangles once another USR is added.
  std::string usr(const Decl *D);
  Json callFacts();
  bool stoppedBefore(Fn F, const Stmt *Before, const std::vector<Fate> &Fates);

  // ThreadLifecycleFlags.cpp
  /// Does \p F itself wait on \p Obj?
  bool waitsOn(Fn F, Key Obj);
  /// The best a flag gets: written outside the body, then a wake of Obj.
  FlagResult flagFate(Key Flag, Key Obj, Body &B, bool Repeated, Key Instance);
  /// Resolves the keys of \p Reads; returns false when one of them cannot be
  /// judged (an unbound reference parameter) or is a stop token: the wait is
  /// then cancellable as far as the analysis can tell.
  bool keysOf(llvm::ArrayRef<Read> Reads, const Candidate &C, const Body &B,
              llvm::SmallVectorImpl<Key> &Out, Key &Copied);
  /// Wakes: the flags the wait's predicate (or the loop around it in its
  /// function) reads. Exits: the flags the loops around it exit on.
  Fate flagCancel(const Candidate &C, Key Obj, llvm::ArrayRef<Read> Wakes,
                  llvm::ArrayRef<Read> Exits, Body &B, const StartView &SV,
                  bool HasPredicate, bool QueueLike);
  /// A condition-variable wait with a predicate that blocks although a flag
  /// read around it (\p Guards) is set and followed by a wake of \p Obj:
  /// the predicate does not read that flag, so the wake finds it false and
  /// the wait goes on. Null unless that is so and the function setting the
  /// flag touches nothing the predicate reads (a pushed item, a counter).
  std::optional<Fate> unreadStopFlag(const Candidate &C, Key Obj,
                                     llvm::ArrayRef<Read> Guards, Body &B,
                                     const StartView &SV, bool QueueLike);
  /// A wake, in \p F after \p After, of another object of \p Obj's type.
  std::pair<const Stmt *, Key> otherWakeAfter(Fn F, Key Obj,
                                              const Stmt *After);
  /// Does \p S (or a function it calls, to depth 2) name one of \p Keys?
  bool namesAny(const Stmt *S, const llvm::DenseSet<Key> &Keys,
                unsigned Depth);
  /// The objects \p S names, through lambdas and calls (to depth 2).
  void namedObjects(const Stmt *S, llvm::DenseSet<Key> &Out, unsigned Depth);

  // ThreadLifecyclePromises.cpp
  /// The promise a future comes from; Async set if it comes from std::async
  /// or a packaged_task (which always end by themselves).
  Key promiseOf(const Expr *E, bool &Other, unsigned Depth);
  Key promiseOfKey(Key K, bool &Other, unsigned Depth, const Body *B = nullptr);
  /// Every path through \p F from entry to exit sets \p Promise.
  bool setOnEveryPath(Fn F, Key Promise);

  // ThreadLifecycleFate.cpp
  static bool isLocalStorage(Key K);
  /// An object the analysis cannot name: the wait's fate is unknown.
  static bool opaque(Key K);
  Fate fate(const Candidate &C, Body &B, const StartView &SV);

  // ThreadLifecycleIo.cpp
  /// A thread that can park in blocking I/O (\p C) joined by a function
  /// that does something that wakes it (close, shutdown, a write) only after
  /// the join: the join hangs.
  std::optional<ThreadFinding> ioJoin(const StartView &SV, const Candidate &C,
                                      Body &B);
  /// The first call in \p F (or in a function it calls, to depth 2: then the
  /// call to it) that can wake a thread parked in blocking I/O, after
  /// \p Join when \p AfterJoin, else before it; a close or shutdown
  /// counts only of \p Fd when it is set.
  const CallExpr *ioWakeIn(Fn F, const Stmt *Join, bool AfterJoin, Key Fd,
                           unsigned Depth);

  // ThreadLifecycleCounting.cpp
  /// The container whose size a latch was constructed with
  /// (`std::latch L(shards.size())`), or null.
  Key sizedBy(Key Latch);
  /// A latch sized by a container's size, counted down once per element in
  /// a range-for over that container (directly, or by a thread started in
  /// it): a `continue` or `return` before the count_down skips an arrival.
  /// Returns the statement that skips it.
  const Stmt *skippedArrival(Key Latch);
  const Stmt *skipIn(const Stmt *S, Key Range, const Stmt *Arrive);
  /// Does the latch being judged (SkipLatch) get counted down in the loop
  /// body \p Body before \p Skip (the skipping path arrives itself)?
  bool arrivesBetween(const Stmt *Body, const Stmt *Skip);
  /// A continue (of this loop) or return before \p Arrive in a loop body.
  const Stmt *skipBefore(const Stmt *S, const Stmt *Arrive, unsigned Depth);

  // ThreadLifecycleArrivals.cpp
  /// Does \p CE arrive at \p K (wake it, or call a function that does, to
  /// depth 2)?
  bool arrivesAt(const CallExpr *CE, Key K);
  /// Is \p F the entry of a thread start (not of an async task)?
  bool threadEntry(Fn F);
  /// A path of \p F from entry to exit that does not arrive at \p K.
  std::optional<tl::SkipPath> skipPath(Fn F, Key K);
  /// Does \p Arrival run on every run of \p F (no condition of F guards
  /// it)?
  bool meantToArrive(Fn F, const Stmt *Arrival);
  /// "'f'", or "the lambda in 'f'".
  std::string fnLabel(Fn F);
  /// A live arrival at \p Obj outside the thread that is meant to happen
  /// whenever its code runs, but that an early return or an exception
  /// skips; with \p Every, only if every live arrival outside is so.
  std::optional<std::pair<const Site *, tl::SkipPath>>
  skippedArrivalSite(Key Obj, Body &B, Key Instance, bool Every);
  /// The arrivals a latch or barrier waits for (its constructor's or
  /// pthread_barrier_init's constant count), when known.
  std::optional<uint64_t> expectedArrivals(Key Obj);
  /// How many arrivals the analysed code makes at \p Obj, when every
  /// arrival site can be counted (see ThreadLifecycleArrivals.cpp).
  std::optional<uint64_t> countedArrivals(Key Obj);
  /// The reason and notes of a wait left short by \p P.
  void skipReason(Fate &F, Key Obj, const Site &S, const tl::SkipPath &P,
                  llvm::StringRef Verb, llvm::StringRef Doing);

  // ThreadLifecycleOwner.cpp
  /// A thread not joined, with no handle that owns it (detached, a
  /// temporary, a local pthread_t): it is owned by what it works for.
  bool ownedByWhatItWorksFor(const StartView &SV) const;
  /// The Lifetime facts condition under which the owner of the thread lives
  /// for the process, when only other TUs can tell: the thread works for a
  /// local the starting function returns, and that function is not decided
  /// in this TU ("stores_result" of its USR).
  std::optional<std::pair<std::string, std::string>>
  ownerByMerge(const StartView &SV);
  /// A background thread the program means to keep for its whole life: owned
  /// by process-lifetime storage, started at most once, never joined.
  bool deliberate(const StartView &SV);
  bool worksForProcessStorage(const StartView &SV);

  // ThreadLifecycle.cpp
  std::optional<ThreadFinding> analyzeStart(const Expr *Start);
  std::optional<ThreadFinding> compute(const Expr *Start);
  /// Attaches the program-wide condition of a finding (see Assumed).
  std::optional<ThreadFinding> finish(std::optional<ThreadFinding> R,
                                      const Body &B);
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLEIMPL_H
