//===--- Recheck.cpp - conditional leaks decided again with merged facts --===//
//
// See Recheck.h. The TU that emitted a conditional finding is found by
// comparing its facts' "conditional" entries with the merge's findings; a
// finding is matched in the second pass by its allocation site (the first
// note, "memory allocated here"), since the checked witness may end at
// another loss point than the unchecked one.
//
//===----------------------------------------------------------------------===//

#include "Recheck.h"
#include "checks/analysis/OwnershipFacts.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

namespace leakhound {

/// The checks of the ownership engine, whose conditional findings these are.
static constexpr const char *OwnershipChecks[] = {"leak-unfreed-allocation",
                                                  "leak-unreleased-handle"};

static std::string canonical(const std::string &File) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(File, Real))
    return File;
  return std::string(Real);
}

using Site = std::tuple<std::string, std::string, unsigned, unsigned>;

void noteConditionalEmitters(const Json &Facts, size_t TU,
                             ConditionalEmitters &E) {
  if (!Facts.is_object())
    return;
  for (const char *Check : OwnershipChecks) {
    auto Sec = Facts.find(Check);
    if (Sec == Facts.end() || !Sec->is_object())
      continue;
    auto C = Sec->find("conditional");
    if (C == Sec->end() || !C->is_array())
      continue;
    for (const Json &F : *C) {
      if (!F.is_object() || !F.contains("finding"))
        continue;
      std::set<std::string> Values = stringSet(F, "values");
      ConditionalEmitter Em;
      Em.TU = TU;
      Em.Values.assign(Values.begin(), Values.end());
      Em.ValuesOnly = !Values.empty() && stringSet(F, "fresh").empty() &&
                      stringSet(F, "unless").empty();
      E.try_emplace(F["finding"].dump(), std::move(Em));
    }
  }
}

std::vector<FactFinding>
recheckConditional(std::vector<FactFinding> Resolved,
                   const ConditionalEmitters &Emitter,
                   const std::vector<clang::tooling::CompileCommand> &Commands,
                   const Json &Merged, const AnalysisConfig &Cfg,
                   const RunnerOptions &Opts, llvm::raw_ostream *Log) {
  std::map<size_t, std::vector<size_t>> ByTU; // TU -> indices in Resolved.
  std::map<std::string, MergedOwnership> Program;
  for (const char *Check : OwnershipChecks)
    Program.try_emplace(Check, factsSection(Merged, Check));
  std::set<std::string> Again;
  for (size_t K = 0; K < Resolved.size(); ++K) {
    const FactFinding &F = Resolved[K];
    auto P = Program.find(F.Check);
    if (P == Program.end() || F.Notes.empty())
      continue;
    auto It = Emitter.find(F.toJson().dump());
    if (It == Emitter.end() || It->second.TU >= Commands.size())
      continue;
    // Its path was checked already, and what it read is still unknown.
    const ConditionalEmitter &E = It->second;
    if (E.ValuesOnly && llvm::none_of(E.Values, [&](const std::string &U) {
          return P->second.constant(U).has_value();
        }))
      continue;
    ByTU[E.TU].push_back(K);
    Again.insert(F.Check);
  }
  if (ByTU.empty())
    return Resolved;
  // Every such TU: a finding whose path was never checked is the kind of
  // claim the search exists to refute, and the TUs with a finding that
  // holds are few on real programs (a suite of small test programs, each
  // with a leak, is the exception, and pays one more parse per program).
  std::vector<size_t> TUs;
  for (const auto &[TU, Ks] : ByTU)
    TUs.push_back(TU);

  // The second pass reads the merged facts, runs only this check and shows
  // every file's findings (the caller applies the header rules).
  llvm::SmallString<128> Tmp;
  int FD;
  if (llvm::sys::fs::createTemporaryFile("leakhound-recheck", "json", FD, Tmp))
    return Resolved;
  {
    llvm::raw_fd_ostream OS(FD, true);
    OS << Merged.dump();
  }
  AnalysisConfig SecondPass = Cfg;
  SecondPass.FactsIn = std::string(Tmp);
  SecondPass.Checks = std::string("-*");
  for (const std::string &C : Again)
    *SecondPass.Checks += "," + C;
  SecondPass.HeaderFilter = ".*";
  RunnerOptions Quiet = Opts;
  Quiet.CollectFacts = false;
  Quiet.OnProgress = nullptr;
  std::vector<clang::tooling::CompileCommand> Cmds;
  for (size_t TU : TUs)
    Cmds.push_back(Commands[TU]);
  std::vector<TUResult> Second = runAll(Cmds, SecondPass, Quiet);
  llvm::sys::fs::remove(Tmp);
  if (interrupted())
    return Resolved;

  std::vector<bool> Drop(Resolved.size(), false);
  for (size_t J = 0; J < TUs.size() && J < Second.size(); ++J) {
    const TUResult &R = Second[J];
    if (R.Status != TUStatus::Ok)
      continue; // Keep what the merge decided.
    std::map<Site, const Finding *> BySite;
    for (const Finding &F : R.Findings)
      if (Again.count(F.Check) && F.Level == "warning" && !F.Notes.empty())
        BySite.try_emplace(Site{F.Check, canonical(F.Notes[0].Loc.File),
                                F.Notes[0].Loc.Line, F.Notes[0].Loc.Column},
                           &F);
    for (size_t K : ByTU[TUs[J]]) {
      FactFinding &FF = Resolved[K];
      const SourcePoint &A = FF.Notes[0].Where;
      auto It =
          BySite.find(Site{FF.Check, canonical(A.File), A.Line, A.Column});
      if (It == BySite.end()) {
        Drop[K] = true; // Every path to its loss was impossible.
        continue;
      }
      const Finding &F = *It->second;
      FF.Message = F.Message;
      FF.Where = SourcePoint{F.Loc.File, F.Loc.Line, F.Loc.Column};
      FF.Notes.clear();
      for (const Note &N : F.Notes)
        FF.Notes.push_back(
            {SourcePoint{N.Loc.File, N.Loc.Line, N.Loc.Column}, N.Message});
    }
  }
  std::vector<FactFinding> Out;
  for (size_t K = 0; K < Resolved.size(); ++K)
    if (!Drop[K])
      Out.push_back(std::move(Resolved[K]));
  if (Log) {
    size_t Checked = 0;
    for (size_t TU : TUs)
      Checked += ByTU[TU].size();
    *Log << "leakhound: note: checked the paths of " << Checked
         << " conditional finding(s) in " << TUs.size()
         << " TU(s) again with the merged facts; "
         << Resolved.size() - Out.size() << " dropped\n";
  }
  return Out;
}

} // namespace leakhound
