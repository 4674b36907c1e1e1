//===--- BlockedThreadCheck.cpp - leak-blocked-thread ---------------------===//
//
// Once the whole TU is known, ThreadLifecycleAnalysis walks it once to find
// the thread starts (std::thread / std::jthread constructions, std::async,
// pthread_create, emplace_back into a container of threads, the configured
// starters) and everything they need, and decides for each started thread
// whether it can block forever.
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

static constexpr llvm::StringLiteral TUId = "tu";

BlockedThreadCheck::BlockedThreadCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadStarters(Options.get("ThreadStarters", "")),
      BlockingFunctions(Options.get("BlockingFunctions", "")),
      MaxCallDepth(Options.get("MaxCallDepth", 4U)),
      ReportProcessLifetimeThreads(readBoolOption(
          *this, Name, "ReportProcessLifetimeThreads",
          Options.get("ReportProcessLifetimeThreads"), false)),
      FactsOut(Options.get("FactsOut", "")),
      FactsIn(Options.get("FactsIn", "")) {
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
  Options.store(O, "FactsIn", FactsIn);
}

void BlockedThreadCheck::registerMatchers(MatchFinder *Finder) {
  // The check walks the TU once, itself, when it builds the thread index
  // (ThreadLifecycleAnalysis::starts): matching thread starts here as well
  // would walk every call twice. This matcher only hands over the
  // ASTContext (each definition or global only stores the pointer).
  Finder->addMatcher(functionDecl(isDefinition()).bind(TUId), this);
  Finder->addMatcher(varDecl(hasGlobalStorage()).bind(TUId), this);
}

void BlockedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
}

void BlockedThreadCheck::onEndOfTranslationUnit() {
  std::unique_ptr<leakhound::ThreadLifecycleAnalysis> Analysis;
  std::vector<const Expr *> Starts;
  if (Context) {
    Analysis =
        std::make_unique<leakhound::ThreadLifecycleAnalysis>(*Context, Opts);
    Starts = Analysis->starts();
  }
  // A finding whose way out another TU may take (ThreadFinding::Unless):
  // the driver's merge decides it (FactsOut); the plugin decides it with a
  // merged facts file (FactsIn), else from this TU alone.
  leakhound::Json MergedCalls, MergedLifetime;
  bool HaveMerged = false;
  if (FactsOut.empty() && !FactsIn.empty()) {
    std::string Err;
    if (std::optional<leakhound::Json> Merged =
            leakhound::readFactsFile(FactsIn, Err)) {
      if (const leakhound::Json *S = leakhound::factsSection(
              *Merged, leakhound::BlockedThreadCheckName);
          S && S->is_object()) {
        if (S->contains("calls"))
          MergedCalls = (*S)["calls"];
        if (S->contains("lifetime"))
          MergedLifetime = (*S)["lifetime"];
      }
      HaveMerged = true;
    } else {
      configurationDiag("%0") << Err;
    }
  }
  leakhound::Json Pending = leakhound::Json::array();
  llvm::DenseSet<unsigned> Reported;
  for (const Expr *Start : Starts) {
    // A start in a template is seen once per instantiation: report once.
    if (!Reported.insert(Start->getBeginLoc().getRawEncoding()).second)
      continue;
    std::optional<leakhound::ThreadFinding> F = Analysis->analyze(Start);
    if (!F)
      continue;
    if (!F->Unless.empty() || !F->OwnerIf.empty()) {
      if (!FactsOut.empty()) {
        Pending.push_back(leakhound::pendingThreadFact(
            *F, Context->getSourceManager()));
        continue;
      }
      if (HaveMerged && !F->Unless.empty() &&
          leakhound::wayOutRuns(MergedCalls, F->Unless, F->Body))
        continue;
      if (HaveMerged && leakhound::ownerLivesByFacts(MergedLifetime, *F))
        continue;
      if (HaveMerged && F->Why && !F->Unless.empty())
        leakhound::rewordWayOut(F->Message, *F->Why, MergedCalls, F->Body);
    }
    // No source range: a multi-line lambda would be echoed in full.
    diag(F->Loc, F->Message);
    for (const leakhound::ThreadNote &N : F->Notes)
      diag(N.Loc, N.Message, DiagnosticIDs::Note);
  }
  if (!FactsOut.empty()) {
    // Whether the TU starts a thread at all (the driver's "saw nothing"
    // remark, see analysis/Coverage.h), its calls to methods other TUs may
    // call, and the findings the merge decides (ThreadLifecycleFacts.cpp).
    leakhound::Json Section{
        {leakhound::CoverageKey,
         leakhound::coverageFacts(true, "thread-start", !Starts.empty())}};
    if (Analysis) {
      leakhound::Json Calls = Analysis->callFacts();
      if (!Calls.empty())
        Section["calls"] = std::move(Calls);
      // Who keeps which object for the whole process: the owners of
      // threads other TUs start (ThreadFinding::OwnerIf).
      leakhound::Json Lifetime = Analysis->lifetimeFacts();
      if (!Lifetime.empty())
        Section["lifetime"] = std::move(Lifetime);
    }
    if (!Pending.empty()) {
      std::sort(Pending.begin(), Pending.end());
      Section["pending"] = std::move(Pending);
    }
    llvm::SmallString<256> Path(FactsOut);
    llvm::sys::path::append(Path, "leak-blocked-thread.json");
    std::string Err;
    if (!leakhound::writeFileAtomically(Path, Section.dump() + "\n", Err))
      configurationDiag("%0") << Err;
  }
  Context = nullptr;
}

} // namespace clang::tidy::leak
