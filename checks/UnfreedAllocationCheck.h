//===--- UnfreedAllocationCheck.h -----------------------------*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H
#define LEAKHOUND_CHECKS_UNFREED_ALLOCATION_CHECK_H

#include "analysis/Facts.h"
#include "analysis/ResourceKinds.h"
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

  /// What a check on the ownership engine follows and how it names it:
  /// leak-unreleased-handle is this check over the handle kinds.
  struct Family {
    leakhound::ResourceFamily Kinds;
    llvm::StringLiteral AcquirersOption, ReleasersOption;
    llvm::StringLiteral CoverageWhat; ///< Coverage.h's key.
  };

protected:
  UnfreedAllocationCheck(StringRef Name, ClangTidyContext *Context,
                         const Family &F);

private:
  Family Fam;
  std::string CheckName; ///< The facts section.
  std::string Allocators, Deallocators, ReallocFunctions;
  bool UnknownCallsEscape;
  bool SystemCallsEscape;
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
