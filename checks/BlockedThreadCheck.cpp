//===--- BlockedThreadCheck.cpp - leak-blocked-thread ---------------------===//
//
// Matches thread starts narrowly (std::thread / std::jthread constructions,
// std::async, pthread_create, emplace_back into a container of threads, the
// configured starters), then asks ThreadLifecycleAnalysis, once the whole TU
// is known, whether each started thread can block forever.
//
//===----------------------------------------------------------------------===//

#include "BlockedThreadCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

static constexpr llvm::StringLiteral StartId = "start";

BlockedThreadCheck::BlockedThreadCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadStarters(Options.get("ThreadStarters", "")),
      BlockingFunctions(Options.get("BlockingFunctions", "")),
      MaxCallDepth(Options.get("MaxCallDepth", 4U)),
      ReportProcessLifetimeThreads(
          Options.get("ReportProcessLifetimeThreads", "false")) {
  Opts.Starters =
      leakhound::ThreadLifecycleOptions::parseStarters(ThreadStarters);
  SmallVector<StringRef, 8> Items;
  StringRef(BlockingFunctions).split(Items, ';', -1, false);
  for (StringRef Item : Items)
    if (!Item.trim().empty())
      Opts.BlockingFunctions.push_back(Item.trim().str());
  Opts.MaxDepth = MaxCallDepth;
  // Read as text: the bool overloads of OptionsView are not exported by
  // every clang-tidy build the plugin loads into.
  StringRef R = StringRef(ReportProcessLifetimeThreads).trim();
  Opts.ReportProcessLifetimeThreads = R.equals_insensitive("true") ||
                                      R == "1" || R.equals_insensitive("on") ||
                                      R.equals_insensitive("yes");
}

void BlockedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &O) {
  Options.store(O, "ThreadStarters", ThreadStarters);
  Options.store(O, "BlockingFunctions", BlockingFunctions);
  Options.store(O, "MaxCallDepth", MaxCallDepth);
  Options.store(O, "ReportProcessLifetimeThreads", ReportProcessLifetimeThreads);
}

void BlockedThreadCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                           ofClass(hasAnyName("::std::thread", "::std::jthread")))),
                       unless(isExpansionInSystemHeader()))
          .bind(StartId),
      this);
  std::vector<std::string> Names = {"::std::async", "::pthread_create"};
  for (const auto &S : Opts.Starters)
    Names.push_back(S.Name);
  std::vector<StringRef> Refs(Names.begin(), Names.end());
  Finder->addMatcher(callExpr(callee(functionDecl(hasAnyName(Refs))),
                              unless(isExpansionInSystemHeader()))
                         .bind(StartId),
                     this);
  Finder->addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(
                            hasAnyName("emplace_back", "emplace_front"))),
                        unless(isExpansionInSystemHeader()))
          .bind(StartId),
      this);
}

void BlockedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *E = Result.Nodes.getNodeAs<Expr>(StartId);
  if (!E || E->containsErrors() || !leakhound::isThreadStart(E, Opts))
    return;
  Context = Result.Context;
  Starts.push_back(E);
}

void BlockedThreadCheck::onEndOfTranslationUnit() {
  if (Starts.empty() || !Context)
    return;
  leakhound::ThreadLifecycleAnalysis Analysis(*Context, Opts);
  llvm::DenseSet<unsigned> Reported;
  for (const Expr *Start : Starts) {
    // A start in a template is seen once per instantiation: report once.
    if (!Reported.insert(Start->getBeginLoc().getRawEncoding()).second)
      continue;
    std::optional<leakhound::ThreadFinding> F = Analysis.analyze(Start);
    if (!F)
      continue;
    // No source range: a multi-line lambda would be echoed in full.
    diag(F->Loc, F->Message);
    for (const leakhound::ThreadNote &N : F->Notes)
      diag(N.Loc, N.Message, DiagnosticIDs::Note);
  }
  Starts.clear();
}

} // namespace clang::tidy::leak
