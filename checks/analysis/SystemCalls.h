//===--- SystemCalls.h - what platform functions do with pointers -*- C++ -*-===//
//
// "Lending is not giving": the rule by which the ownership engine models a
// call to a function it has no body, no summary and no name rule for.
//
// Terms.
//  * A *platform function* is a function declared in a header of the
//    platform: the C library, POSIX and the kernel's user headers, or the
//    C++ standard library (a system header whose path, from its include
//    directory, is a standard header or lies under `sys/`, `bits/`, `c++/`,
//    `netinet/`...; see platformHeader). Third-party libraries installed
//    as system headers (`openssl/`, `glib-2.0/`, `event2/`) are not the
//    platform: their functions keep the rule for unknown library calls.
//  * A platform function *lends*: it reads or writes through its pointer
//    arguments during the call and neither releases nor keeps them, so the
//    caller still owns what it passed. The exceptions are a short table
//    (SystemCalls.cpp): functions that *release* an argument (`free`,
//    `fclose`, `closedir`, `munmap`, `close`), that *keep* one past the
//    call (`setvbuf`'s buffer, `putenv`'s string, `pthread_create`'s and
//    `pthread_setspecific`'s argument, `tsearch`'s key, `on_exit`-style
//    registrations with a context pointer, `epoll_ctl`'s event data), and
//    functions whose result is one of their arguments and never null when
//    it is not (`strcpy`, `memcpy`, `stpcpy`), so that the result keeps the
//    argument's memory reachable (`return strcpy(malloc(n), s)`).
//  * In C++ the rule covers the standard library's free functions whose
//    result cannot carry a pointer (`std::sort`); members and constructors
//    of standard classes (containers, smart pointers) have their own
//    models in the engine.
//  * A function with no body and no summary (a project function defined
//    nowhere the analysis sees) *lends* the object a parameter points to
//    when the parameter is a pointer or reference to const (not a `T *const
//    &`, which hands over a copy of the pointer); what that object reaches
//    may still be kept (a `const struct cfg *` whose fields are copied).
// The option SystemCallsEscape restores the older rule: every library
// function keeps its pointer arguments.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_SYSTEMCALLS_H
#define LEAKHOUND_CHECKS_ANALYSIS_SYSTEMCALLS_H

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
class FunctionDecl;
class ParmVarDecl;
class SourceManager;
} // namespace clang

namespace leakhound {

/// What a platform function does with one argument.
enum class SystemArg { Lends, Keeps, KeepsDeep, Releases };

/// Whether \p FD is declared in a platform header (see the terms) and the
/// lending rule applies to it.
bool isPlatformFunction(const clang::FunctionDecl *FD,
                        const clang::SourceManager &SM);

/// What the platform function named \p Name does with its argument \p Arg.
SystemArg systemArgFate(llvm::StringRef Name, unsigned Arg);

/// The argument the platform function named \p Name returns (or a pointer
/// into it), if any.
std::optional<unsigned> systemReturnedArg(llvm::StringRef Name);

/// Whether a parameter of a function with no body and no summary lends
/// what it points to: a pointer or reference to a const object that is not
/// itself a pointer (what that object reaches may still be kept).
bool lendsByConst(const clang::ParmVarDecl *P);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_SYSTEMCALLS_H
