//===--- Configuration.cpp - what configures a run, and checking it -------===//
//
// See Configuration.h for the two rules. Terms used below:
//  * a source is one place options come from: leakhound's defaults, one
//    .clang-tidy file, the --config text (or --config-file), the command line;
//  * a Checks list "names leak checks" when one of its entries, without its
//    leading '-', starts with "leak" (leak-*, -leak-retained-subview, ...).
//    `*` and `-*` match leak checks but do not name them: a project's
//    "-*,clang-analyzer-*" is about clang-tidy and turns nothing of ours off.
//
//===----------------------------------------------------------------------===//

#include "Configuration.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/GlobList.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <algorithm>
#include <optional>

using namespace clang;
using namespace clang::tidy;
using OptionsSource = ClangTidyOptionsProvider::OptionsSource;

namespace leakhound {

static constexpr llvm::StringLiteral LeakhoundSource = "leakhound";

/// The entries of a Checks list, trimmed, without empty ones.
static std::vector<llvm::StringRef> checkEntries(llvm::StringRef Checks) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Checks.split(Parts, ',', -1, false);
  std::vector<llvm::StringRef> Out;
  for (llvm::StringRef Part : Parts) {
    llvm::SmallVector<llvm::StringRef, 4> Lines;
    Part.split(Lines, '\n', -1, false);
    for (llvm::StringRef E : Lines)
      if (!E.trim().empty())
        Out.push_back(E.trim());
  }
  return Out;
}

static bool namesLeakChecks(llvm::StringRef Checks) {
  for (llvm::StringRef E : checkEntries(Checks))
    if (E.ltrim('-').trim().starts_with("leak"))
      return true;
  return false;
}

/// Sources whose Checks count as written: leakhound's defaults and the
/// command line (--checks is checked to name leak checks only).
static bool isOwnSource(llvm::StringRef Name) {
  return Name == ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary ||
         Name == ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption;
}

std::vector<std::string>
enabledLeakChecks(llvm::ArrayRef<OptionsSource> Sources,
                  std::vector<std::string> *Ignored) {
  static const std::vector<std::string> Names = registeredCheckNames();
  std::string Merged;
  for (const OptionsSource &S : Sources) {
    if (!S.first.Checks)
      continue;
    bool Counts = isOwnSource(S.second) || namesLeakChecks(*S.first.Checks);
    if (Counts)
      Merged += "," + *S.first.Checks;
    if (!Ignored || isOwnSource(S.second))
      continue;
    // Tell of the entries that enable other tools' checks: the positive
    // ones that do not name leak checks ('*' too). Text that is no glob at
    // all (a comment inside the list) enables nothing anywhere.
    for (llvm::StringRef E : checkEntries(*S.first.Checks)) {
      if (E.starts_with("-") || E.starts_with("leak"))
        continue;
      if (E.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.*-") !=
          llvm::StringRef::npos)
        continue;
      Ignored->push_back(E.str());
    }
  }
  GlobList All(Merged);
  std::vector<std::string> Enabled;
  for (const std::string &N : Names)
    if (All.contains(N))
      Enabled.push_back(N);
  return Enabled;
}

//===-- Finding the configuration sources ----------------------------------===//

struct LeakOptionsProvider::Impl {
  ClangTidyOptions Defaults, Override;
  std::optional<ClangTidyOptions> Config; ///< --config / --config-file.
  std::string ConfigName;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  /// The parsed .clang-tidy of each directory looked at (none: nullopt).
  llvm::StringMap<std::optional<OptionsSource>> ByDir;
};

/// Parses configuration text; on failure returns nullopt and sets \p Error
/// to one line: where (file:line:col) and why.
static std::optional<ClangTidyOptions> parseConfig(llvm::StringRef Text,
                                                   llvm::StringRef Name,
                                                   std::string &Error) {
  std::string First;
  auto Parsed = parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Name), [&](const llvm::SMDiagnostic &D) {
        if (!First.empty() || D.getKind() != llvm::SourceMgr::DK_Error)
          return;
        First = Name.str();
        if (D.getLineNo() > 0)
          First += ":" + std::to_string(D.getLineNo()) + ":" +
                   std::to_string(D.getColumnNo() + 1);
        First += ": invalid configuration: " + D.getMessage().str();
      });
  if (Parsed)
    return std::move(*Parsed);
  Error = !First.empty() ? First
                         : Name.str() + ": invalid configuration: " +
                               Parsed.getError().message();
  return std::nullopt;
}

LeakOptionsProvider::LeakOptionsProvider(
    const AnalysisConfig &Cfg, ClangTidyOptions Override,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
    : P(std::make_unique<Impl>()) {
  P->Defaults = ClangTidyOptions::getDefaults();
  P->Defaults.Checks = "-*,leak-*";
  P->Override = std::move(Override);
  P->FS = FS ? FS : llvm::vfs::getRealFileSystem();
  if (Cfg.Config) {
    P->ConfigName = Cfg.ConfigFile.empty() ? "--config" : Cfg.ConfigFile;
    std::string Err;
    P->Config = parseConfig(*Cfg.Config, P->ConfigName, Err);
    if (!P->Config) {
      ParseError = Err;
      P->Config = ClangTidyOptions();
    }
  }
}

LeakOptionsProvider::~LeakOptionsProvider() = default;

std::vector<OptionsSource>
LeakOptionsProvider::sourcesOf(llvm::StringRef FileName) {
  std::vector<OptionsSource> Out;
  Out.emplace_back(P->Defaults, OptionsSourceTypeDefaultBinary);
  // As clang-tidy: the nearest .clang-tidy, and its parents' while it says
  // InheritParentConfig; with --config, the files only when it says so.
  if (!P->Config || P->Config->InheritParentConfig.value_or(false)) {
    llvm::SmallString<256> Dir(FileName);
    if (!P->FS->makeAbsolute(Dir)) {
      llvm::sys::path::remove_dots(Dir, true);
      Dir = llvm::sys::path::parent_path(Dir);
    } else {
      Dir.clear();
    }
    std::vector<const OptionsSource *> Chain;
    while (!Dir.empty()) {
      auto [It, New] = P->ByDir.try_emplace(Dir);
      if (New) {
        llvm::SmallString<256> Path(Dir);
        llvm::sys::path::append(Path, ".clang-tidy");
        auto St = P->FS->status(Path);
        if (St && St->isRegularFile()) {
          auto Buf = P->FS->getBufferForFile(Path);
          std::string Err;
          std::optional<ClangTidyOptions> O;
          if (Buf)
            O = parseConfig((*Buf)->getBuffer(), Path, Err);
          else
            Err = std::string(Path) + ": cannot read: " +
                  Buf.getError().message();
          if (O)
            It->second = OptionsSource(std::move(*O), std::string(Path));
          else if (ParseError.empty())
            ParseError = Err;
        }
      }
      if (It->second) {
        Chain.push_back(&*It->second);
        if (!It->second->first.InheritParentConfig.value_or(false))
          break;
      }
      llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
      if (Parent == Dir)
        break;
      Dir = Parent;
    }
    for (auto I = Chain.rbegin(); I != Chain.rend(); ++I)
      Out.push_back(**I);
  }
  if (P->Config)
    Out.emplace_back(*P->Config, P->ConfigName);
  Out.emplace_back(P->Override, OptionsSourceTypeCheckCommandLineOption);
  return Out;
}

std::vector<OptionsSource>
LeakOptionsProvider::getRawOptions(llvm::StringRef FileName) {
  std::vector<OptionsSource> Sources = sourcesOf(FileName);
  std::vector<std::string> Enabled = enabledLeakChecks(Sources);
  for (OptionsSource &S : Sources)
    S.first.Checks.reset();
  ClangTidyOptions Last;
  Last.Checks = "-*";
  for (const std::string &N : Enabled)
    *Last.Checks += "," + N;
  Sources.emplace_back(std::move(Last), LeakhoundSource.str());
  return Sources;
}

HeaderScope headerScopeFor(LeakOptionsProvider &Provider, llvm::StringRef File,
                           const AnalysisConfig &Cfg) {
  std::optional<std::string> Filter, Exclude;
  for (const auto &[O, Name] : Provider.sourcesOf(File)) {
    if (Name == ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary)
      continue;
    if (O.HeaderFilterRegex)
      Filter = O.HeaderFilterRegex;
    if (O.ExcludeHeaderFilterRegex)
      Exclude = O.ExcludeHeaderFilterRegex;
  }
  return HeaderScope(Filter, Exclude, Cfg.SourceRoot, Cfg.ShownHeaders);
}

//===-- Checking it --------------------------------------------------------===//

std::string validateConfig(const AnalysisConfig &Cfg) {
  if (Cfg.Config) {
    std::string Err;
    if (!parseConfig(*Cfg.Config,
                     Cfg.ConfigFile.empty() ? "--config" : Cfg.ConfigFile, Err))
      return Err;
  }
  // An empty filter is valid: it matches no header.
  if (Cfg.HeaderFilter && !Cfg.HeaderFilter->empty()) {
    llvm::Regex R(*Cfg.HeaderFilter);
    std::string Err;
    if (!R.isValid(Err))
      return "invalid --header-filter regular expression '" +
             *Cfg.HeaderFilter + "': " + Err;
  }
  if (Cfg.Checks) {
    std::vector<std::string> Known = registeredCheckNames();
    // Every positive pattern must name at least one check we have, so a
    // typo never turns into a run that silently checks nothing.
    for (llvm::StringRef P : checkEntries(*Cfg.Checks)) {
      if (P.starts_with("-"))
        continue;
      GlobList G(P);
      if (std::none_of(Known.begin(), Known.end(),
                       [&](const std::string &N) { return G.contains(N); }))
        return "no check matches '" + P.str() + "' (known checks: " +
               llvm::join(Known, ", ") + ")";
    }
    GlobList All(*Cfg.Checks);
    if (std::none_of(Known.begin(), Known.end(),
                     [&](const std::string &N) { return All.contains(N); }))
      return "--checks='" + *Cfg.Checks + "' enables no check";
  }
  return {};
}

namespace {
/// Keeps the messages of configuration diagnostics.
class MessageCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Warning)
      return;
    llvm::SmallString<128> Msg;
    Info.FormatDiagnostic(Msg);
    llvm::StringRef M = Msg;
    M.consume_back(" [clang-tidy-config]");
    Messages.push_back(M.str());
  }
  std::vector<std::string> Messages;
};
} // namespace

/// Constructs every leak check with \p CheckOptions, as clang-tidy would for
/// a TU. Returns what the constructors said of the values; \p Read collects
/// the keys they read.
static std::vector<std::string>
constructChecks(const ClangTidyOptions::OptionMap &CheckOptions,
                llvm::StringSet<> *Read,
                ClangTidyOptions::OptionMap *Stored) {
  ClangTidyOptions Opts = ClangTidyOptions::getDefaults();
  Opts.Checks = "-*,leak-*";
  Opts.CheckOptions = CheckOptions;
  ClangTidyContext Context(
      std::make_unique<DefaultOptionsProvider>(ClangTidyGlobalOptions(), Opts));
  MessageCollector Collector;
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(),
                       &Collector, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);
  Context.setCurrentFile("leakhound-configuration");
  Context.setOptionsCollector(Read);
  ClangTidyCheckFactories Factories;
  for (const auto &E : ClangTidyModuleRegistry::entries())
    E.instantiate()->addCheckFactories(Factories);
  for (const auto &F : Factories) {
    if (!llvm::StringRef(F.getKey()).starts_with("leak-"))
      continue;
    std::unique_ptr<ClangTidyCheck> Check = F.getValue()(F.getKey(), &Context);
    if (Stored)
      Check->storeOptions(*Stored);
  }
  return std::move(Collector.Messages);
}

std::vector<std::string> knownCheckOptions() {
  llvm::StringSet<> Read;
  ClangTidyOptions::OptionMap Stored;
  constructChecks({}, &Read, &Stored);
  std::vector<std::string> Keys;
  for (const auto &K : Read)
    Keys.push_back(K.getKey().str());
  for (const auto &K : Stored)
    if (!Read.contains(K.getKey()))
      Keys.push_back(K.getKey().str());
  std::sort(Keys.begin(), Keys.end());
  return Keys;
}

/// The one-line problem with one configuration source, or empty.
static std::string checkSource(const OptionsSource &S,
                               llvm::ArrayRef<std::string> Known) {
  const ClangTidyOptions &O = S.first;
  for (auto [Key, Re] : {std::pair<const char *, const std::optional<std::string> *>{
                             "HeaderFilterRegex", &O.HeaderFilterRegex},
                         {"ExcludeHeaderFilterRegex", &O.ExcludeHeaderFilterRegex}}) {
    if (!*Re || (*Re)->empty())
      continue;
    llvm::Regex R(**Re);
    std::string Err;
    if (!R.isValid(Err))
      return S.second + ": " + Key + ": invalid regular expression '" + **Re +
             "': " + Err;
  }
  // Options of other tools' checks are theirs to judge.
  ClangTidyOptions::OptionMap Ours;
  std::vector<std::string> Keys;
  for (const auto &KV : O.CheckOptions)
    if (KV.getKey().starts_with("leak-"))
      Keys.push_back(KV.getKey().str());
  std::sort(Keys.begin(), Keys.end());
  for (const std::string &K : Keys) {
    if (std::binary_search(Known.begin(), Known.end(), K)) {
      Ours[K] = O.CheckOptions.lookup(K);
      continue;
    }
    std::string Msg = S.second + ": unknown option '" + K + "' in CheckOptions";
    // The nearest known key, when it is a plausible typo.
    const std::string *Best = nullptr;
    unsigned BestDist = 0;
    for (const std::string &C : Known) {
      unsigned D = llvm::StringRef(C).edit_distance(K, true, 4);
      if (D <= 3 && (!Best || D < BestDist)) {
        Best = &C;
        BestDist = D;
      }
    }
    if (Best)
      Msg += "; did you mean '" + *Best + "'?";
    return Msg;
  }
  std::vector<std::string> Said = constructChecks(Ours, nullptr, nullptr);
  if (!Said.empty())
    return S.second + ": " + Said.front();
  return {};
}

ConfigCheck checkConfiguration(const AnalysisConfig &Cfg,
                               llvm::ArrayRef<std::string> Files) {
  ConfigCheck Out;
  LeakOptionsProvider Provider(Cfg, ClangTidyOptions());
  std::vector<std::string> Known = knownCheckOptions();
  llvm::StringSet<> Seen;
  llvm::StringSet<> IgnoredSeen, IgnoredInSeen;
  for (const std::string &F : Files) {
    std::vector<OptionsSource> Sources = Provider.sourcesOf(F);
    if (!Provider.parseError().empty()) {
      Out.Error = Provider.parseError();
      return Out;
    }
    for (const OptionsSource &S : Sources) {
      if (isOwnSource(S.second) || !Seen.insert(S.second).second)
        continue;
      if (std::string E = checkSource(S, Known); !E.empty()) {
        Out.Error = E;
        return Out;
      }
      std::vector<std::string> Ignored;
      enabledLeakChecks(S, &Ignored);
      if (Ignored.empty())
        continue;
      if (IgnoredInSeen.insert(S.second).second)
        Out.IgnoredIn.push_back(S.second);
      for (const std::string &I : Ignored)
        if (IgnoredSeen.insert(I).second)
          Out.IgnoredChecks.push_back(I);
    }
  }
  return Out;
}

} // namespace leakhound
