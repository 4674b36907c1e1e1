#include "UnfreedAllocationCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

UnfreedAllocationCheck::UnfreedAllocationCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      DebugCrashOn(Options.get("DebugCrashOnFunction", "")) {}

void UnfreedAllocationCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {}

void UnfreedAllocationCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasName("malloc")))).bind("call"), this);
}

void UnfreedAllocationCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  diag(Call->getBeginLoc(), "placeholder: allocation of %0 bytes")
      << Call->getSourceRange() << 1;
}

} // namespace clang::tidy::leak
