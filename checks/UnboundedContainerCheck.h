//===--- UnboundedContainerCheck.h ------------------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_UNBOUNDED_CONTAINERCHECK_H
#define LEAKHOUND_CHECKS_UNBOUNDED_CONTAINERCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::leak {

/// Finds a process-lifetime container that only grows.
///
/// For the user-facing documentation see docs/checks/unbounded-container.md.
class UnboundedContainerCheck : public ClangTidyCheck {
public:
  UnboundedContainerCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {}
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {}
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_UNBOUNDED_CONTAINERCHECK_H
