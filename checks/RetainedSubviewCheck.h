//===--- RetainedSubviewCheck.h ------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_RETAINED_SUBVIEWCHECK_H
#define LEAKHOUND_CHECKS_RETAINED_SUBVIEWCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace leakhound {
class RetainedSubviewAnalysis;
} // namespace leakhound

namespace clang::tidy::leak {

/// Finds a small piece of a large buffer stored where it lives long in a way
/// that keeps the whole buffer, or its capacity, allocated.
///
/// For the user-facing documentation see docs/checks/retained-subview.md.
class RetainedSubviewCheck : public ClangTidyCheck {
public:
  RetainedSubviewCheck(StringRef Name, ClangTidyContext *Context);
  ~RetainedSubviewCheck() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  uint64_t LargeBufferBytes;
  std::string FactsOut, FactsIn;
  ASTContext *Context = nullptr;
  std::unique_ptr<leakhound::RetainedSubviewAnalysis> Analysis;
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_RETAINED_SUBVIEWCHECK_H
