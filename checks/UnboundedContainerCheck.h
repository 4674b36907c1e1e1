//===--- UnboundedContainerCheck.h ------------------------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_UNBOUNDED_CONTAINERCHECK_H
#define LEAKHOUND_CHECKS_UNBOUNDED_CONTAINERCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace leakhound {
class ContainerFactsCollector;
struct FactFinding;
} // namespace leakhound

namespace clang::tidy::leak {

/// Finds a process-lifetime container that only grows.
///
/// For the user-facing documentation see docs/checks/unbounded-container.md.
class UnboundedContainerCheck : public ClangTidyCheck {
public:
  UnboundedContainerCheck(StringRef Name, ClangTidyContext *Context);
  ~UnboundedContainerCheck() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const leakhound::FactFinding &F);

  std::string ContainerTypes;
  std::string EvictionMethods;
  bool StrictEscapes;
  std::string FactsOut;
  std::string FactsIn;
  ASTContext *Ctx = nullptr;
  std::unique_ptr<leakhound::ContainerFactsCollector> Collector;
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_UNBOUNDED_CONTAINERCHECK_H
