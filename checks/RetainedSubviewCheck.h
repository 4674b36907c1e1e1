//===--- RetainedSubviewCheck.h ------------------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_RETAINED_SUBVIEWCHECK_H
#define LEAKHOUND_CHECKS_RETAINED_SUBVIEWCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::leak {

/// Finds a small view that keeps a large buffer alive.
///
/// For the user-facing documentation see docs/checks/retained-subview.md.
class RetainedSubviewCheck : public ClangTidyCheck {
public:
  RetainedSubviewCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {}
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {}
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_RETAINED_SUBVIEWCHECK_H
