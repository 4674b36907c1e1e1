//===--- UnfreedAllocationCheck.h -----------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H
#define LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H

#include "analysis/Facts.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <optional>
#include <vector>

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
  void onEndOfTranslationUnit() override;

private:
  std::string Allocators, Deallocators, ReallocFunctions;
  bool UnknownCallsEscape;
  bool Verbose; ///< Remark on functions given up on or widened.
  std::string FactsOut, FactsIn;
  std::string DebugCrashOn, DebugHangOn;

  std::optional<leakhound::Json> Facts; ///< Loaded FactsIn.
  bool FactsLoaded = false;
  ASTContext *Ctx = nullptr;
  std::vector<const FunctionDecl *> Functions;
};

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H
