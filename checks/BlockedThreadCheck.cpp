//===--- BlockedThreadCheck.cpp - leak-blocked-thread ---------------------===//
//
// Matches thread starts narrowly (std::thread / std::jthread constructions,
// std::async, pthread_create, emplace_back into a container of threads, the
// configured starters), then asks ThreadLifecycleAnalysis, once the whole TU
// is known, whether each started thread can block forever.
//
//===----------------------------------------------------------------------===//

#include "BlockedThreadCheck.h"
#include "OptionValues.h"
#include "analysis/Coverage.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Path.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

static constexpr llvm::StringLiteral StartId = "start";

BlockedThreadCheck::BlockedThreadCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadStarters(Options.get("ThreadStarters", "")),
      BlockingFunctions(Options.get("BlockingFunctions", "")),
      MaxCallDepth(Options.get("MaxCallDepth", 4U)),
      ReportProcessLifetimeThreads(readBoolOption(
          *this, Name, "ReportProcessLifetimeThreads",
          Options.get("ReportProcessLifetimeThreads"), false)),
      FactsOut(Options.get("FactsOut", "")) {
  Opts.Starters =
      leakhound::ThreadLifecycleOptions::parseStarters(ThreadStarters);
  SmallVector<StringRef, 8> Items;
  StringRef(BlockingFunctions).split(Items, ';', -1, false);
  for (StringRef Item : Items)
    if (!Item.trim().empty())
      Opts.BlockingFunctions.push_back(Item.trim().str());
  Opts.MaxDepth = MaxCallDepth;
  Opts.ReportProcessLifetimeThreads = ReportProcessLifetimeThreads;
}

void BlockedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &O) {
  Options.store(O, "ThreadStarters", ThreadStarters);
  Options.store(O, "BlockingFunctions", BlockingFunctions);
  Options.store(O, "MaxCallDepth", MaxCallDepth);
  Options.store(O, "ReportProcessLifetimeThreads",
                ReportProcessLifetimeThreads ? "true" : "false");
  Options.store(O, "FactsOut", FactsOut);
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
  if (!FactsOut.empty()) {
    // The only fact of this check: whether the TU starts a thread at all
    // (the driver's "saw nothing" remark, see analysis/Coverage.h).
    leakhound::Json Section{
        {leakhound::CoverageKey,
         leakhound::coverageFacts(true, "thread-start", !Starts.empty())}};
    llvm::SmallString<256> Path(FactsOut);
    llvm::sys::path::append(Path, "leak-blocked-thread.json");
    std::string Err;
    if (!leakhound::writeFileAtomically(Path, Section.dump() + "\n", Err))
      configurationDiag("%0") << Err;
  }
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
