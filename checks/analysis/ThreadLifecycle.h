//===--- ThreadLifecycle.h - can a started thread wait forever? -*- C++ -*-===//
//
// Terms (the design comment of ThreadLifecycle.cpp explains the reasoning).
//  * A *thread start* creates a thread or an asynchronous task: a
//    std::thread / std::jthread construction (also in place, through
//    emplace_back on a container of threads), std::async, pthread_create, a
//    call to a configured *starter* (a thread pool's submit), or a call to a
//    *wrapper* of the program (a function or constructor that starts a
//    thread with the callable it is given, found automatically).
//  * The *entry* is the function the thread runs: a lambda's call operator,
//    a free function, a member function, or a function object's operator().
//  * The *body* of a thread is the entry plus every function defined in the
//    translation unit (TU) that it calls, up to a bounded depth.
//  * A *blocking wait* is a call that returns only when another thread acts
//    on the same *sync object* (a condition variable, semaphore, latch,
//    barrier, promise/future, pthread cond or sem_t, thread handle), or a
//    configured blocking function.
//  * A *wake* is that action (notify, release, count_down, set_value, ...).
//  * A *stop flag* is a scalar or atomic variable a wait's predicate or the
//    loop around it reads, that code outside the body writes and follows by
//    a wake of the same sync object.
//  * The *lifecycle* of a thread is what happens to its handle: detached,
//    joined (where), destroyed (std::jthread, std::async's future), or
//    nothing the TU shows.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLE_H
#define LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLE_H

#include "Facts.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class SourceManager;
} // namespace clang

namespace leakhound {

struct ThreadLifecycleOptions {
  /// A configured thread starter: a qualified function name and the index of
  /// the callable argument (-1: the first argument whose type is callable).
  struct Starter {
    std::string Name;
    int CallableArg = -1;
  };
  std::vector<Starter> Starters;
  /// Qualified names of functions that block until something outside the
  /// program acts (nothing in the TU can wake them).
  std::vector<std::string> BlockingFunctions;
  /// How deep calls from the entry are followed.
  unsigned MaxDepth = 4;
  /// Report threads owned by process-lifetime storage and started at most
  /// once (deliberate background threads; silent by default).
  bool ReportProcessLifetimeThreads = false;

  /// A *wrapper* is a function or constructor of the program that takes a
  /// callable and starts a thread with it (std::thread, std::jthread,
  /// pthread_create, another wrapper): a call to it starts a thread. Found
  /// by the walk of the TU (a wrapper must be defined before its calls),
  /// keyed by the wrapper's normalised declaration.
  struct Wrapper {
    unsigned CallableArg = 0;
    const clang::Expr *Inner = nullptr; ///< The start inside the wrapper.
  };
  llvm::DenseMap<const clang::FunctionDecl *, Wrapper> Wrappers;

  /// Parses "ns::pool::submit:0;Executor::post" into Starters.
  static std::vector<Starter> parseStarters(llvm::StringRef List);
};

struct ThreadNote {
  clang::SourceLocation Loc;
  std::string Message;
};

/// A way out that does not run: the method that would take it, named for the
/// message, and the clause of the message that says why, decided again by
/// the merge from the program's calls (see wayOutClause).
struct WayOut {
  std::string Fn, Name; ///< USR and qualified name of the method.
  std::string Flag;     ///< The flag it sets.
  std::string On, OnName; ///< USR and name of the object, or empty.
  std::string Clause;   ///< The clause as this TU words it.
};

/// The clause of a message saying why the way out \p W is not taken: some
/// caller does not run, calls are on other objects only, only the thread
/// calls it, or nothing calls it.
std::string wayOutClause(const WayOut &W, bool DeadCaller, bool OtherObject,
                         bool InThread);

/// A thread start that can block forever, ready to be reported.
struct ThreadFinding {
  clang::SourceLocation Loc;
  clang::SourceRange Range;
  std::string Message;
  /// In order: calls from the entry to the wait, the wait, the detach/join,
  /// further explanation, the fix.
  std::vector<ThreadNote> Notes;
  /// Program-wide condition: the finding holds only if none of these
  /// methods (USR, and the USR of the object it must be called on, or empty)
  /// runs anywhere in the program, calls from the thread's own functions
  /// (Body, USRs) aside. Empty: the TU alone decides.
  std::vector<std::pair<std::string, std::string>> Unless;
  std::vector<std::string> Body;
  /// The way out the message says is not taken, if it says so.
  std::optional<WayOut> Why;
  /// Program-wide condition on the owner: the thread works for an object
  /// the function that starts it returns; if a caller in another TU keeps
  /// that object in process-lifetime storage (the Lifetime facts condition
  /// OwnerIf, e.g. "stores_result", of OwnerKey), the thread is a
  /// deliberate background thread and the finding does not hold. Empty:
  /// no such condition.
  std::string OwnerIf, OwnerKey;
};

/// True if \p E starts a thread or task (see "thread start" above).
bool isThreadStart(const clang::Expr *E, const ThreadLifecycleOptions &Opts);

/// Decides, for thread starts of one TU, whether the thread can block
/// forever. Builds its TU index on first use; memoizes per function.
class ThreadLifecycleAnalysis {
public:
  ThreadLifecycleAnalysis(clang::ASTContext &Ctx,
                          const ThreadLifecycleOptions &Opts);
  ~ThreadLifecycleAnalysis();
  /// Every thread start of the TU outside system headers, in source order of
  /// the one walk over the TU that builds the index (the check matches
  /// nothing itself). Empty, without a walk, when the TU declares no way to
  /// start a thread.
  std::vector<const clang::Expr *> starts();
  std::optional<ThreadFinding> analyze(const clang::Expr *Start);
  /// This TU's part of the program's call graph, for the methods other TUs
  /// may call: {callee USR: [[caller, object, runs], ...]} where caller is
  /// the USR of the calling function ("" for a global's initialiser), runs
  /// is true when the caller runs by itself (main, a constructor or
  /// destructor, a virtual function, a lambda, an external free function, a
  /// global's initialiser) or the method's address is taken, and object is
  /// the USR of the field or global the method is called on, "" for `this`
  /// or an object not named, "-" for another, local object.
  Json callFacts();
  /// This TU's lifetime facts (Lifetime::facts), for the owners of threads
  /// started in other TUs (a TU that starts none may keep their owners).
  Json lifetimeFacts();

  struct Impl;

private:
  std::unique_ptr<Impl> P;
};

/// The name of the check's facts section.
inline constexpr llvm::StringLiteral BlockedThreadCheckName =
    "leak-blocked-thread";

/// Does one of the methods of \p F.Unless run in the program whose merged
/// call facts are \p Calls (see callFacts)? Callers are followed to depth 3.
bool wayOutRuns(const Json &Calls,
                const std::vector<std::pair<std::string, std::string>> &Unless,
                const std::vector<std::string> &Body);

/// Rewords the clause of \p Message that says why \p W is not taken, from
/// the program's merged call facts \p Calls instead of one TU's calls.
void rewordWayOut(std::string &Message, const WayOut &W, const Json &Calls,
                  const std::vector<std::string> &Body);

/// The conditional finding \p F as a pending fact of the facts section.
Json pendingThreadFact(const ThreadFinding &F, const clang::SourceManager &SM);

/// Does the merged "lifetime" section \p Lifetime say the owner of \p F's
/// thread lives for the process (see ThreadFinding::OwnerIf)?
bool ownerLivesByFacts(const Json &Lifetime, const ThreadFinding &F);

/// The pending findings of the merged section whose way out runs nowhere.
std::vector<FactFinding> resolveBlockedThreads(const Json &Merged);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLE_H
