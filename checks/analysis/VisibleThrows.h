//===--- VisibleThrows.h - which calls may visibly throw -------*- C++ -*-===//
//
// Whether a call to a function may throw, as far as the translation unit
// shows. Shared by the checks that follow exception paths
// (leak-unfreed-allocation's ownership engine, leak-blocked-thread's
// arrivals).
//
// Terms.
//  * A function *may throw* when it is not `noexcept`, not a destructor, has
//    no C language linkage, and visibly throws: its body here (or in a
//    header) contains a `throw` that no `try` of the same body surrounds, or
//    calls, outside such a `try`, a function that may throw (transitively,
//    memoized; a recursive cycle counts as not throwing). Of the C++
//    library, only functions that throw on bad input by contract (`at`,
//    `stoi` and its siblings, `optional::value`) may throw; an allocation
//    failing (`bad_alloc`) is not a path followed. Functions with no body
//    here are taken not to throw: the checks report what they can show.
//
// Cost: nothing until asked; each function's body is walked at most once.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_VISIBLETHROWS_H
#define LEAKHOUND_CHECKS_ANALYSIS_VISIBLETHROWS_H

#include "llvm/ADT/DenseMap.h"

namespace clang {
class FunctionDecl;
class SourceManager;
} // namespace clang

namespace leakhound {

class VisibleThrows {
public:
  explicit VisibleThrows(const clang::SourceManager &SM) : SM(SM) {}
  /// Whether a call to \p F may visibly throw.
  bool mayThrow(const clang::FunctionDecl *F);

private:
  const clang::SourceManager &SM;
  llvm::DenseMap<const clang::FunctionDecl *, bool> Memo;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_VISIBLETHROWS_H
