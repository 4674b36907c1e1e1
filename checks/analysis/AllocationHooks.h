//===--- AllocationHooks.h - global function pointers that allocate -*- C++ -*-===//
//
// Terms.
//  * A *hook variable* is a global (or static) variable of function-pointer
//    type that the program calls through: `void *(*Curl_cmalloc)(size_t)`.
//  * Its *known targets* are the functions it is initialised with or
//    assigned anywhere in the TU (`= malloc`, `= (cb)free`,
//    `= my_strdup`). A stored value that is not a function (a parameter: the
//    user's replacement; null) is *unnamed*: it says nothing of the hook's
//    kind and is left out.
//  * A hook's *kind* is decided by the ownership analysis from the models of
//    its known targets (see Ownership.cpp): allocator, reallocator,
//    deallocator, or none when they disagree or one of them is neither.
//
// This file only says which variables can be hooks; their known targets are
// the stores CallTargets.h finds, and it knows nothing of ownership.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_ALLOCATIONHOOKS_H
#define LEAKHOUND_CHECKS_ANALYSIS_ALLOCATIONHOOKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class ASTContext;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace leakhound {

struct HookTargets {
  /// Canonical declarations of the functions stored, in source order.
  llvm::SmallVector<const clang::FunctionDecl *, 2> Functions;
};

/// Whether \p V can be a hook variable: a variable with global storage (not
/// a local) whose type is a pointer to a function returning a pointer or
/// taking one.
bool isHookVariable(const clang::VarDecl *V);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_ALLOCATIONHOOKS_H
