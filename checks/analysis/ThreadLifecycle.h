//===--- ThreadLifecycle.h - can a started thread wait forever? -*- C++ -*-===//
//
// Terms (the design comment of ThreadLifecycle.cpp explains the reasoning).
//  * A *thread start* creates a thread or an asynchronous task: a
//    std::thread / std::jthread construction (also in place, through
//    emplace_back on a container of threads), std::async, pthread_create, or
//    a call to a configured *starter* (a thread pool's submit).
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

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
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

  /// Parses "ns::pool::submit:0;Executor::post" into Starters.
  static std::vector<Starter> parseStarters(llvm::StringRef List);
};

struct ThreadNote {
  clang::SourceLocation Loc;
  std::string Message;
};

/// A thread start that can block forever, ready to be reported.
struct ThreadFinding {
  clang::SourceLocation Loc;
  clang::SourceRange Range;
  std::string Message;
  /// In order: calls from the entry to the wait, the wait, the detach/join,
  /// further explanation, the fix.
  std::vector<ThreadNote> Notes;
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

  struct Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLE_H
