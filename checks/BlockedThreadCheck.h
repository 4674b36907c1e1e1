//===--- BlockedThreadCheck.h ------------------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_BLOCKED_THREADCHECK_H
#define LEAKHOUND_CHECKS_BLOCKED_THREADCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::leak {

/// Finds a thread that can block forever with no cancellation path.
///
/// For the user-facing documentation see docs/checks/blocked-thread.md.
class BlockedThreadCheck : public ClangTidyCheck {
public:
  BlockedThreadCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {}
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {}
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_BLOCKED_THREADCHECK_H
