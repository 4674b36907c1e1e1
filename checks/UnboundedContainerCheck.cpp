//===--- UnboundedContainerCheck.cpp --------------------------------------===//
//
// Thin front: the matchers hand every function definition and static-storage
// variable outside system headers to the collector (checks/analysis/
// ContainerFacts), which decides at the end of the TU. Entities private to
// the TU are reported here; the others go to the facts (FactsOut) or are
// decided from merged facts (FactsIn).
//
//===----------------------------------------------------------------------===//

#include "UnboundedContainerCheck.h"
#include "OptionValues.h"
#include "analysis/ContainerFacts.h"
#include "analysis/Coverage.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace clang::ast_matchers;
using leakhound::ContainerFactsCollector;
using leakhound::FactFinding;
using leakhound::Json;

namespace clang::tidy::leak {

static constexpr llvm::StringLiteral FunctionId = "fn";
static constexpr llvm::StringLiteral VarId = "var";

static std::vector<std::string> splitList(StringRef S) {
  llvm::SmallVector<StringRef, 8> Parts;
  S.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

UnboundedContainerCheck::UnboundedContainerCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ContainerTypes(Options.get("ContainerTypes", "")),
      EvictionMethods(Options.get("EvictionMethods", "")),
      StrictEscapes(readBoolOption(*this, Name, "StrictEscapes",
                                   Options.get("StrictEscapes"), false)),
      FactsOut(Options.get("FactsOut", "")),
      FactsIn(Options.get("FactsIn", "")) {}

UnboundedContainerCheck::~UnboundedContainerCheck() = default;

void UnboundedContainerCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ContainerTypes", ContainerTypes);
  Options.store(Opts, "EvictionMethods", EvictionMethods);
  Options.store(Opts, "StrictEscapes", StrictEscapes ? "true" : "false");
  Options.store(Opts, "FactsOut", FactsOut);
  Options.store(Opts, "FactsIn", FactsIn);
}

void UnboundedContainerCheck::registerMatchers(MatchFinder *Finder) {
  leakhound::ContainerOptions Opts;
  Opts.ContainerTypes = splitList(ContainerTypes);
  Opts.EvictionMethods = splitList(EvictionMethods);
  Opts.StrictEscapes = StrictEscapes;
  Collector = std::make_unique<ContainerFactsCollector>(std::move(Opts));
  Ctx = nullptr;
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind(FunctionId),
      this);
  Finder->addMatcher(
      varDecl(hasGlobalStorage(), unless(isExpansionInSystemHeader()))
          .bind(VarId),
      this);
}

void UnboundedContainerCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId))
    Collector->addFunction(*FD, *Result.Context);
  else if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>(VarId))
    Collector->addGlobalVar(*VD, *Result.Context);
}

/// The location of \p P in this TU's SourceManager, loading the file when the
/// TU did not include it (a site in another TU of the merged facts).
static SourceLocation locationFor(SourceManager &SM,
                                  const leakhound::SourcePoint &P) {
  auto File = SM.getFileManager().getOptionalFileRef(P.File);
  if (!File)
    return {};
  FileID FID = SM.translateFile(*File);
  if (FID.isInvalid())
    FID = SM.createFileID(*File, SourceLocation(), SrcMgr::C_User);
  if (FID.isInvalid())
    return {};
  return SM.translateLineCol(FID, P.Line, P.Column);
}

void UnboundedContainerCheck::report(const FactFinding &F) {
  SourceManager &SM = Ctx->getSourceManager();
  SourceLocation Loc = locationFor(SM, F.Where);
  if (Loc.isInvalid())
    return;
  diag(Loc, "%0") << F.Message;
  for (const leakhound::FactNote &N : F.Notes)
    if (SourceLocation NL = locationFor(SM, N.Where); NL.isValid())
      diag(NL, "%0", DiagnosticIDs::Note) << N.Message;
}

void UnboundedContainerCheck::onEndOfTranslationUnit() {
  if (!Ctx || !Collector)
    return;
  ContainerFactsCollector::Sections S = Collector->finish(*Ctx);
  // Containers whose whole life this TU shows.
  for (const auto &V : leakhound::decideContainers(S.Local))
    report(leakhound::findingFor(V));

  if (!FactsOut.empty()) {
    // The merge decides the others.
    leakhound::mergeJsonUnion(S.External, S.Conditional);
    auto HasContainer = [](const Json &Sec) {
      auto It = Sec.find("containers");
      return It != Sec.end() && It->is_object() && !It->empty();
    };
    S.External[leakhound::CoverageKey] = leakhound::coverageFacts(
        true, "container", HasContainer(S.Local) || HasContainer(S.External));
    llvm::SmallString<256> Path(FactsOut);
    llvm::sys::path::append(Path, leakhound::UnboundedContainerCheckName +
                                      ".json");
    std::string Err;
    if (!leakhound::writeFileAtomically(Path, S.External.dump() + "\n", Err))
      configurationDiag("%0") << Err;
  } else if (!FactsIn.empty()) {
    std::string Err;
    std::optional<Json> Merged = leakhound::readFactsFile(FactsIn, Err);
    if (!Merged) {
      configurationDiag("%0") << Err;
    } else {
      Json Section = Json::object();
      if (const Json *In = leakhound::factsSection(
              *Merged, leakhound::UnboundedContainerCheckName))
        Section = *In;
      leakhound::mergeJsonUnion(Section, S.External);
      leakhound::mergeJsonUnion(Section, S.Conditional);
      const SourceManager &SM = Ctx->getSourceManager();
      std::string Main =
          leakhound::absolutePathOf(SM, SM.getMainFileID());
      for (const auto &V : leakhound::decideContainers(Section))
        if (V.Decl.File == Main)
          report(leakhound::findingFor(V));
    }
  } else {
    // Alone, decide the TU-private ones with what this TU shows.
    for (const auto &V : leakhound::decideContainers(S.Conditional))
      report(leakhound::findingFor(V));
  }
  Collector.reset();
  Ctx = nullptr;
}

} // namespace clang::tidy::leak
