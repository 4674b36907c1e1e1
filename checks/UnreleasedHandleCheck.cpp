//===--- UnreleasedHandleCheck.cpp - leak-unreleased-handle ---------------===//
//
// The handle family of the ownership engine: the same collection of
// functions, analysis, reports and cross-TU facts as leak-unfreed-allocation
// (UnfreedAllocationCheck.cpp), over the kinds of ResourceKinds.h other than
// memory, with its own facts section and option names.
//
//===----------------------------------------------------------------------===//

#include "UnreleasedHandleCheck.h"

namespace clang::tidy::leak {

static constexpr UnfreedAllocationCheck::Family HandleFamily = {
    leakhound::ResourceFamily::Handles, "Acquirers", "Releasers", "handle"};

UnreleasedHandleCheck::UnreleasedHandleCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : UnfreedAllocationCheck(Name, Context, HandleFamily) {}

} // namespace clang::tidy::leak
