//===--- Runner.h - run every TU in its own worker process ----*- C++ -*-===//
//
// Each TU is analysed in a forked child process, at most Jobs at a time.
// A child that crashes or runs past the time limit loses only its own TU:
// the parent records why and goes on with the others. Results come back in
// the order of the input, whatever the order in which workers finish.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_RUNNER_H
#define LEAKHOUND_DRIVER_RUNNER_H

#include "Worker.h"
#include <functional>

namespace leakhound {

struct RunnerOptions {
  unsigned Jobs = 1;
  unsigned TimeoutSeconds = 0; ///< 0: no limit.
  bool CollectFacts = false;
  /// Called when a TU starts (with its file name) and when one finishes
  /// (with an empty name), with the number finished so far.
  std::function<void(size_t Finished, llvm::StringRef Started)> OnProgress;
};

/// Analyses \p Commands and returns one result per command, in order.
std::vector<TUResult>
runAll(const std::vector<clang::tooling::CompileCommand> &Commands,
       const AnalysisConfig &Cfg, const RunnerOptions &Opts);

/// True once SIGINT or SIGTERM was received; the runner then stops its
/// workers and returns what it has.
bool interrupted();

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_RUNNER_H
