//===--- Worker.h - analyse one translation unit in-process ---*- C++ -*-===//

#ifndef LEAKHOUND_DRIVER_WORKER_H
#define LEAKHOUND_DRIVER_WORKER_H

#include "Finding.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <optional>
#include <string>
#include <vector>

namespace leakhound {

/// What every TU of one run is analysed with.
struct AnalysisConfig {
  std::optional<std::string> Checks;       ///< --checks
  std::optional<std::string> Config;       ///< --config / --config-file text
  std::string ConfigFile;                  ///< --config-file, for messages
  std::optional<std::string> HeaderFilter; ///< --header-filter
  /// Findings in headers under it are shown when no header filter is given
  /// (a real absolute path; see HeaderScope.h).
  std::string SourceRoot;
  /// Headers named on the command line: their findings are always shown.
  std::vector<std::string> ShownHeaders;
  std::string ResourceDir;                 ///< baked in at configure time
  std::string FactsIn;                     ///< merged facts given with --facts
  /// Extra CheckOptions (key, value) set for every TU (debug options).
  std::vector<std::pair<std::string, std::string>> ExtraCheckOptions;
};

enum class TUStatus { Ok, CompileErrors, Crashed, TimedOut, Failed };

struct TUResult {
  std::string File;
  TUStatus Status = TUStatus::Ok;
  std::string Detail; ///< Why the TU crashed, timed out or failed.
  std::vector<Finding> Findings; ///< Check findings and compile errors.
  Json Facts = Json::object();   ///< {"<check>": section} from this TU.
  /// What the worker process cost, from wait4 (filled in by the parent).
  struct {
    double CpuSeconds = 0, WallSeconds = 0;
    long MaxRssKb = 0;
  } Usage;

  Json toJson() const;
  static std::optional<TUResult> fromJson(const Json &J);
};

/// The status as the result files spell it ("ok", "crashed", ...).
const char *statusName(TUStatus S);

/// Names of every leak-* check the module registers, sorted.
std::vector<std::string> registeredCheckNames();

/// Parses and analyses one compile command. \p FactsDir is a scratch
/// directory where the checks write their facts.
TUResult analyseTU(const clang::tooling::CompileCommand &Cmd,
                   const AnalysisConfig &Cfg, llvm::StringRef FactsDir);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_WORKER_H
