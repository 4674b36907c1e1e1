//===--- BlockedThreadCheck.h ------------------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_BLOCKED_THREADCHECK_H
#define LEAKHOUND_CHECKS_BLOCKED_THREADCHECK_H

#include "analysis/ThreadLifecycle.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <vector>

namespace clang::tidy::leak {

/// Finds a thread that can block forever with no cancellation path.
///
/// For the user-facing documentation see docs/checks/blocked-thread.md.
class BlockedThreadCheck : public ClangTidyCheck {
public:
  BlockedThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  std::string ThreadStarters;
  std::string BlockingFunctions;
  unsigned MaxCallDepth;
  bool ReportProcessLifetimeThreads;
  std::string FactsOut;
  std::string FactsIn;
  leakhound::ThreadLifecycleOptions Opts;
  ASTContext *Context = nullptr;
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_BLOCKED_THREADCHECK_H
