//===--- Configuration.h - what configures a run, and checking it -*- C++ -*-===//
//
// The driver reads clang-tidy configuration (.clang-tidy files, --config,
// --config-file, --checks, --header-filter) with two rules of its own:
//
//  * Only leak-* checks run. A project's .clang-tidy is written for
//    clang-tidy: its Checks list names clang-analyzer-*, bugprone-* and so on.
//    A configuration's Checks list that names no leak check is left out
//    (leakhound's default, every leak check, stands); one that names leak
//    checks selects among them as clang-tidy would. Whatever the lists say,
//    the run enables leak checks only.
//  * Bad configuration is an error, found before any TU is analysed: a
//    configuration that does not parse, an invalid regular expression, a
//    CheckOptions key that no leak check reads, a value a leak check rejects.
//
// The option keys a check knows are the ones its constructor reads; a value
// is wrong when the constructor says so through configurationDiag (as
// clang-tidy's own integer and enum parsing does). Both come from the checks
// themselves, so a new option needs no list here.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_CONFIGURATION_H
#define LEAKHOUND_DRIVER_CONFIGURATION_H

#include "HeaderScope.h"
#include "Worker.h"
#include "clang-tidy/ClangTidyOptions.h"
#include <memory>
#include <string>
#include <vector>

namespace leakhound {

/// Finds the configuration of each file as clang-tidy does (the nearest
/// .clang-tidy, its parents while InheritParentConfig is set; or --config),
/// adds the command line's options, and enables leak-* checks only.
class LeakOptionsProvider : public clang::tidy::ClangTidyOptionsProvider {
public:
  /// \p Override holds the command line's options (--checks,
  /// --header-filter, the driver's own CheckOptions).
  /// \p FS resolves relative file names (the real file system if null).
  LeakOptionsProvider(
      const AnalysisConfig &Cfg, clang::tidy::ClangTidyOptions Override,
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = nullptr);
  ~LeakOptionsProvider() override;

  const clang::tidy::ClangTidyGlobalOptions &getGlobalOptions() override {
    return Global;
  }
  std::vector<OptionsSource> getRawOptions(llvm::StringRef FileName) override;

  /// The configuration sources of \p FileName before leakhound's rules:
  /// defaults, configuration files or --config, then the command line.
  std::vector<OptionsSource> sourcesOf(llvm::StringRef FileName);

  /// The first configuration file that did not parse, as one line (the
  /// file, line and column, and why); empty if none.
  const std::string &parseError() const { return ParseError; }

private:
  struct Impl;
  clang::tidy::ClangTidyGlobalOptions Global;
  std::unique_ptr<Impl> P;
  std::string ParseError;
};

/// Which headers' findings are shown for \p File: the header filter is the
/// last one a source of its configuration gives (leakhound's defaults give
/// none), with the source root and shown headers of \p Cfg.
HeaderScope headerScopeFor(LeakOptionsProvider &Provider, llvm::StringRef File,
                           const AnalysisConfig &Cfg);

/// The names of the leak-* checks that \p Sources enable, by the rule above;
/// the Checks entries left out are added to \p Ignored (may be null).
std::vector<std::string>
enabledLeakChecks(llvm::ArrayRef<clang::tidy::ClangTidyOptionsProvider::OptionsSource>
                      Sources,
                  std::vector<std::string> *Ignored = nullptr);

/// Checks the command line's configuration (--config parses, --checks names
/// known checks, --header-filter is a regular expression). Returns an empty
/// string or a one-line error.
std::string validateConfig(const AnalysisConfig &Cfg);

/// What checking the configuration of a run's files found.
struct ConfigCheck {
  std::string Error; ///< The first problem, one line naming file and key.
  /// Checks entries left out because they name no leak check, e.g.
  /// "clang-analyzer-*", and the configurations that hold them.
  std::vector<std::string> IgnoredChecks, IgnoredIn;
};

/// Checks every configuration source that applies to \p Files (each source
/// once): it parses, its HeaderFilterRegex and ExcludeHeaderFilterRegex are
/// regular expressions, its leak-* CheckOptions keys are read by a check and
/// their values accepted.
ConfigCheck checkConfiguration(const AnalysisConfig &Cfg,
                               llvm::ArrayRef<std::string> Files);

/// The option keys the leak-* checks read (e.g.
/// "leak-unfreed-allocation.Allocators"), sorted.
std::vector<std::string> knownCheckOptions();

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_CONFIGURATION_H
