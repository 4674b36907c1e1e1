//===--- Recheck.h - conditional leaks decided again with merged facts -*- C++ -*-===//
//
// A TU's leak-unfreed-allocation or leak-unreleased-handle candidate (the
// ownership engine's) that holds only if other TUs' facts say so (the
// resource comes from a function defined elsewhere, an allocator hook, ...)
// is a *conditional* finding: the merge decides it,
// without the AST, so its witness path was never checked (searching every
// conditional candidate in every TU costs more than the analysis itself,
// and most never hold). recheckConditional() re-analyses only the TUs whose
// conditional findings the merge says hold, with the merged facts as input:
// there those candidates are ordinary ones, and their paths are searched.
// A resolved finding is kept when that analysis reports a leak of the same
// allocation (with its checked witness), and dropped when it does not.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_RECHECK_H
#define LEAKHOUND_DRIVER_RECHECK_H

#include "Runner.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <string>

namespace leakhound {

/// Which TU (an index into the run's commands) emitted a conditional
/// finding, and, for one whose path was checked but read integers of other
/// files (and that depends on nothing else), those integers' USRs: it is
/// analysed again only if the merge knows one of them as a constant.
struct ConditionalEmitter {
  size_t TU = 0;
  bool ValuesOnly = false;
  std::vector<std::string> Values;
};
/// The emitters keyed by the finding's JSON text; the first TU wins.
using ConditionalEmitters = std::map<std::string, ConditionalEmitter>;

/// Records the conditional findings of TU \p TU's facts \p Facts into \p E.
/// Called as each TU's facts are merged, before they are released.
void noteConditionalEmitters(const Json &Facts, size_t TU,
                             ConditionalEmitters &E);

/// \p Resolved: the merge's findings; \p Emitters: who emitted the
/// conditional ones, as indices into \p Commands; \p Merged: the merged
/// facts. Returns Resolved with the rechecked findings replaced or dropped.
/// \p Log (--verbose): one line on what was analysed again.
std::vector<FactFinding>
recheckConditional(std::vector<FactFinding> Resolved,
                   const ConditionalEmitters &Emitters,
                   const std::vector<clang::tooling::CompileCommand> &Commands,
                   const Json &Merged, const AnalysisConfig &Cfg,
                   const RunnerOptions &Opts, llvm::raw_ostream *Log);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_RECHECK_H
