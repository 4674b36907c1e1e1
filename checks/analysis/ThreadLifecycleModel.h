//===--- ThreadLifecycleModel.h - what calls mean for thread lifetimes -*- C++ -*-===//
//
// The vocabulary of ThreadLifecycle.cpp: recognising thread starts, blocking
// waits, wakes, stop-flag writes, and naming the objects they act on. Pure
// functions of one expression; no TU-wide state.
//
// Terms.
//  * An *object key* is the declaration that identifies a sync object or a
//    flag: a field (normalised to the class template's pattern, so one
//    instantiation and the pattern agree), a global or local variable, or a
//    parameter (which the caller may bind to an argument's key).
//  * A *flag type* is what a stop flag can be: a scalar, std::atomic,
//    std::atomic_flag, std::stop_token or std::stop_source.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLEMODEL_H
#define LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLEMODEL_H

#include "ThreadLifecycle.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace leakhound {
namespace tl {

enum class StartKind { Thread, JThread, Async, PThread, Starter, Wrapper };

struct StartInfo {
  StartKind Kind = StartKind::Thread;
  const clang::Expr *Callable = nullptr;
  /// Arguments passed on to the callable.
  llvm::SmallVector<const clang::Expr *, 4> Args;
  /// The starter's name (configured starters and wrappers).
  std::string Starter;
  /// Wrappers: the start inside the wrapper.
  const clang::Expr *Inner = nullptr;
  /// Started in place in a container (emplace_back): the handle is the
  /// container.
  const clang::Expr *Container = nullptr;
};

enum class WaitKind {
  CondVar,   ///< std::condition_variable(_any)::wait*
  PCond,     ///< pthread_cond_wait
  Semaphore, ///< std::counting_semaphore::acquire
  PSem,      ///< sem_wait
  Latch,     ///< std::latch::wait / arrive_and_wait
  Barrier,   ///< std::barrier::arrive_and_wait / wait, pthread_barrier_wait
  Future,    ///< std::future / shared_future get / wait
  Join,      ///< pthread_join, std::thread::join inside a thread
  Custom,    ///< a configured blocking function
  Io         ///< read/recv/accept on a descriptor; poll/epoll_wait/select
             ///< without a timeout
};

struct WaitSpec {
  WaitKind Kind;
  bool Timed = false;
  const clang::Expr *Object = nullptr;
  const clang::Expr *Predicate = nullptr;
  bool TokenInWait = false;
};

struct WakeSpec {
  WaitKind Kind;
  const clang::Expr *Object = nullptr;
  /// Wakes every waiter (notify_all, broadcast, count_down, set_value).
  bool Broadcast = false;
};

/// The name of \p RD if it is declared in namespace std (at any depth of
/// nested or inline namespaces), else empty.
llvm::StringRef stdRecordName(const clang::CXXRecordDecl *RD);
llvm::StringRef stdTypeName(clang::QualType T);
bool isStdFunction(const clang::FunctionDecl *FD, llvm::StringRef Name);
bool isCFunction(const clang::FunctionDecl *FD, llvm::StringRef Name);

/// Strips parentheses, implicit casts, temporaries, copies/moves, and
/// std::move / std::forward / std::ref / std::cref.
const clang::Expr *strip(const clang::Expr *E);

/// The declaration naming the object \p E refers to (see "object key").
const clang::ValueDecl *objectKey(const clang::Expr *E);
const clang::ValueDecl *normalizeKey(const clang::ValueDecl *D);
const clang::FunctionDecl *normalizeFn(const clang::FunctionDecl *FD);

bool isFlagType(clang::QualType T);
bool isStopTokenType(clang::QualType T);

std::optional<StartInfo> startInfo(const clang::Expr *E,
                                   const ThreadLifecycleOptions &Opts);
std::optional<WaitSpec> waitSpec(const clang::CallExpr *CE,
                                 const ThreadLifecycleOptions &Opts);
std::optional<WakeSpec> wakeSpec(const clang::CallExpr *CE);
/// A call that can wake a thread parked in blocking I/O: closing or shutting
/// down a descriptor, writing to one (a self-pipe, an eventfd, the other end
/// of a socket), or signalling or cancelling a thread.
bool isIoWake(const clang::CallExpr *CE);
/// The object a call writes as a flag (atomic store, request_stop, ...).
const clang::Expr *flagWriteObject(const clang::CallExpr *CE);

/// Join (true) or detach (false) of a thread handle, and the handle.
std::optional<std::pair<bool, const clang::Expr *>>
joinOrDetach(const clang::CallExpr *CE);

/// If the start \p E, met inside function \p In, runs a callable \p In was
/// given (a parameter, or a lambda that calls one it captured), the index
/// of that parameter: \p In is then a wrapper.
std::optional<unsigned> wrappedParam(const clang::Expr *E,
                                     const clang::FunctionDecl *In,
                                     const ThreadLifecycleOptions &Opts);

/// The function a callable expression runs, and the lambda if it is one.
struct EntryRef {
  const clang::FunctionDecl *Fn = nullptr;
  const clang::LambdaExpr *Lambda = nullptr;
  /// A member function pointer: the first argument is the object.
  bool MemberPointer = false;
};
std::optional<EntryRef> resolveCallable(const clang::Expr *E);

/// The definition of \p FD with a body outside system headers, or null.
const clang::FunctionDecl *
definitionOf(const clang::FunctionDecl *FD, const clang::SourceManager &SM);

} // namespace tl
} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_THREADLIFECYCLEMODEL_H
