//===--- UnreleasedHandleCheck.h ------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_UNRELEASED_HANDLE_CHECK_H
#define LEAKHOUND_CHECKS_UNRELEASED_HANDLE_CHECK_H

#include "UnfreedAllocationCheck.h"

namespace clang::tidy::leak {

/// Finds files, directory streams and mappings that are not closed on some
/// path.
///
/// The ownership engine of leak-unfreed-allocation run over the handle
/// kinds of checks/analysis/ResourceKinds.h, with the options `Acquirers`
/// and `Releasers` in place of `Allocators` and `Deallocators`.
/// For the user-facing documentation see docs/checks/unreleased-handle.md.
class UnreleasedHandleCheck : public UnfreedAllocationCheck {
public:
  UnreleasedHandleCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_UNRELEASED_HANDLE_CHECK_H
