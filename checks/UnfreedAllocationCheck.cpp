//===--- UnfreedAllocationCheck.cpp - leak-unfreed-allocation -------------===//
//
// Collects the function definitions of the TU, runs the ownership analysis
// (checks/analysis/Ownership.cpp) at the end of the TU, reports what it
// decides, and writes the cross-TU facts (checks/analysis/OwnershipFacts.h).
//
//===----------------------------------------------------------------------===//

#include "UnfreedAllocationCheck.h"
#include "OptionValues.h"
#include "analysis/Coverage.h"
#include "analysis/Ownership.h"
#include "analysis/OwnershipFacts.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

static constexpr UnfreedAllocationCheck::Family MemoryFamily = {
    leakhound::ResourceFamily::Memory, "Allocators", "Deallocators",
    "allocation"};

static std::vector<std::string> splitList(StringRef List) {
  llvm::SmallVector<StringRef, 8> Parts;
  List.split(Parts, ';', -1, false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().ltrim(':').str());
  return Out;
}

UnfreedAllocationCheck::UnfreedAllocationCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : UnfreedAllocationCheck(Name, Context, MemoryFamily) {}

UnfreedAllocationCheck::UnfreedAllocationCheck(StringRef Name,
                                               ClangTidyContext *Context,
                                               const Family &F)
    : ClangTidyCheck(Name, Context), Fam(F), CheckName(Name.str()),
      Allocators(Options.get(F.AcquirersOption, "")),
      Deallocators(Options.get(F.ReleasersOption, "")),
      // Declared realloc-like functions are memory's alone.
      ReallocFunctions(F.Kinds == leakhound::ResourceFamily::Memory
                           ? Options.get("ReallocFunctions", "")
                           : std::string()),
      UnknownCallsEscape(readBoolOption(*this, Name, "UnknownCallsEscape",
                                        Options.get("UnknownCallsEscape"),
                                        true)),
      SystemCallsEscape(readBoolOption(*this, Name, "SystemCallsEscape",
                                       Options.get("SystemCallsEscape"),
                                       false)),
      Verbose(readBoolOption(*this, Name, "Verbose", Options.get("Verbose"),
                             false)),
      FactsOut(Options.get("FactsOut", "")),
      FactsIn(Options.get("FactsIn", "")),
      DebugCrashOn(Options.get("DebugCrashOnFunction", "")),
      DebugHangOn(Options.get("DebugHangOnFunction", "")) {}

void UnfreedAllocationCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, Fam.AcquirersOption, Allocators);
  Options.store(Opts, Fam.ReleasersOption, Deallocators);
  if (Fam.Kinds == leakhound::ResourceFamily::Memory)
    Options.store(Opts, "ReallocFunctions", ReallocFunctions);
  Options.store(Opts, "UnknownCallsEscape",
                UnknownCallsEscape ? "true" : "false");
  Options.store(Opts, "SystemCallsEscape",
                SystemCallsEscape ? "true" : "false");
  Options.store(Opts, "Verbose", Verbose ? "true" : "false");
  Options.store(Opts, "FactsOut", FactsOut);
  Options.store(Opts, "FactsIn", FactsIn);
  if (!DebugCrashOn.empty())
    Options.store(Opts, "DebugCrashOnFunction", DebugCrashOn);
  if (!DebugHangOn.empty())
    Options.store(Opts, "DebugHangOnFunction", DebugHangOn);
}

void UnfreedAllocationCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition()).bind("fn"), this);
}

void UnfreedAllocationCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (!FD || FD->isInvalidDecl() || FD->isDependentContext() ||
      !FD->getBody())
    return;
  SourceLocation Loc = FD->getLocation();
  if (Loc.isValid() &&
      Result.SourceManager->isInSystemHeader(
          Result.SourceManager->getExpansionLoc(Loc)))
    return;
  Functions.push_back(FD);
}

static std::string escapePercent(StringRef S) {
  std::string Out;
  for (char C : S) {
    Out += C;
    if (C == '%')
      Out += '%';
  }
  return Out;
}

void UnfreedAllocationCheck::onEndOfTranslationUnit() {
  if (!FactsLoaded && !FactsIn.empty()) {
    FactsLoaded = true;
    std::string Err;
    Facts = leakhound::readFactsFile(FactsIn, Err);
    if (!Facts)
      configurationDiag("%0") << Err;
  }
  leakhound::OwnershipOptions O;
  O.Allocators = splitList(Allocators);
  O.Deallocators = splitList(Deallocators);
  O.ReallocFunctions = splitList(ReallocFunctions);
  O.UnknownCallsEscape = UnknownCallsEscape;
  O.SystemCallsEscape = SystemCallsEscape;
  O.Family = Fam.Kinds;
  O.FactsSection = CheckName;
  O.RecordConditions = !FactsOut.empty();
  O.FactsIn = Facts ? &*Facts : nullptr;
  O.DebugCrashOn = DebugCrashOn;
  O.DebugHangOn = DebugHangOn;

  leakhound::Json Conditional = leakhound::Json::array();
  leakhound::Json Summaries = leakhound::Json::object();
  leakhound::Json Owners = leakhound::Json::object();
  leakhound::Json Constants = leakhound::Json::object();
  bool Analysed = false, SawAllocation = false;
  // A TU with errors: the parser may have dropped statements (a dropped
  // `free(p)` would invent a leak), so nothing is decided or recorded.
  if (Ctx && !Ctx->getDiagnostics().hasErrorOccurred()) {
    leakhound::OwnershipAnalysis A(*Ctx, O);
    A.setTranslationUnitFunctions(Functions);
    for (const FunctionDecl *FD : Functions)
      A.analyse(FD);
    A.checkOwners();
    const SourceManager &SM = Ctx->getSourceManager();
    llvm::StringSet<> Seen;
    for (const leakhound::LeakReport &R : A.takeReports()) {
      std::string Key = R.Where.printToString(SM) + R.Message;
      if (!Seen.insert(Key).second)
        continue;
      if (R.Conditional) {
        leakhound::FactFinding F;
        F.Check = CheckName;
        F.Message = R.Message;
        F.Where = leakhound::pointFor(SM, R.Where);
        for (const auto &[L, M] : R.Notes)
          F.Notes.push_back({leakhound::pointFor(SM, L), M});
        leakhound::Json Fresh = leakhound::Json::array(),
                        Unless = leakhound::Json::array();
        for (const std::string &U : R.FreshDeps)
          Fresh.push_back(U);
        for (const std::string &D : R.UnlessDeps)
          Unless.push_back(D);
        leakhound::Json C{{"finding", F.toJson()},
                          {"fresh", Fresh},
                          {"unless", Unless},
                          {"strict", !UnknownCallsEscape}};
        if (!R.ProgramValues.empty())
          C["values"] = R.ProgramValues;
        Conditional.push_back(std::move(C));
        continue;
      }
      {
        auto D = diag(R.Where, escapePercent(R.Message));
        if (!R.FixText.empty())
          D << FixItHint::CreateInsertion(R.FixLoc, R.FixText);
      }
      for (const auto &[L, M] : R.Notes)
        diag(L, escapePercent(M), DiagnosticIDs::Note);
    }
    if (Verbose)
      for (const leakhound::AnalysisLimit &L : A.takeLimits())
        diag(L.Function->getLocation(), "leak analysis of '%0' %1",
             DiagnosticIDs::Remark)
            << L.Function->getQualifiedNameAsString() << L.What;
    if (!FactsOut.empty()) {
      Summaries = A.exportSummaries();
      Owners = A.exportOwners();
      Constants = A.exportConstants();
    }
    Analysed = true;
    SawAllocation = A.sawAllocation();
  }
  Functions.clear();
  Ctx = nullptr;
  if (FactsOut.empty())
    return;
  std::sort(Conditional.begin(), Conditional.end());
  Conditional.erase(std::unique(Conditional.begin(), Conditional.end()),
                    Conditional.end());
  leakhound::Json Section{
      {"functions", Summaries},
      {"conditional", Conditional},
      {"owners", Owners},
      {"constants", Constants},
      {leakhound::CoverageKey,
       leakhound::coverageFacts(Analysed, Fam.CoverageWhat, SawAllocation)}};
  llvm::SmallString<256> Path(FactsOut);
  llvm::sys::path::append(Path, CheckName + ".json");
  std::string Err;
  if (!leakhound::writeFileAtomically(Path, Section.dump() + "\n", Err))
    configurationDiag("%0") << Err;
}

} // namespace clang::tidy::leak
