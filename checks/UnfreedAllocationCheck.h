//===--- UnfreedAllocationCheck.h -----------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H
#define LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::leak {

/// Finds memory from an allocator that is not released on some path.
///
/// For the user-facing documentation see docs/checks/unfreed-allocation.md.
class UnfreedAllocationCheck : public ClangTidyCheck {
public:
  UnfreedAllocationCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  std::string DebugCrashOn;
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H
