//===--- Leakhound.cpp - the leakhound command ----------------------------===//
//
// The pipeline: pick the TUs (CompileDb), analyse each once in a worker
// (Runner/Worker), merge the facts every TU emitted and resolve the
// conditional findings (checks/analysis/Facts), then filter (NOLINT,
// baseline, changed lines), fingerprint and write text and SARIF (Output).
//
//===----------------------------------------------------------------------===//

#include "Leakhound.h"
#include "Baseline.h"
#include "ChangedLines.h"
#include "CompileDb.h"
#include "Configuration.h"
#include "HtmlReport.h"
#include "Nolint.h"
#include "Output.h"
#include "Progress.h"
#include "Recheck.h"
#include "Runner.h"
#include "SarifMerge.h"
#include "checks/analysis/Coverage.h"
#include "clang-tidy/GlobList.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <thread>

namespace cl = llvm::cl;

namespace leakhound {



static cl::OptionCategory Category("leakhound options");

static cl::list<std::string> Sources(cl::Positional, cl::desc("[<source>...]"),
                                     cl::cat(Category));
static cl::opt<std::string>
    BuildPath("p", cl::desc("Build directory holding compile_commands.json "
                            "(or the file itself). With no sources, every "
                            "file it lists is analysed."),
              cl::value_desc("build-dir"), cl::cat(Category));
static cl::opt<std::string>
    Checks("checks",
           cl::desc("Comma-separated globs of checks to run, as clang-tidy "
                    "(default: leak-*)"),
           cl::cat(Category));
static cl::opt<std::string>
    Config("config", cl::desc("Configuration in YAML, as clang-tidy's "
                              "--config (Checks, CheckOptions, ...)"),
           cl::cat(Category));
static cl::opt<std::string>
    ConfigFile("config-file",
               cl::desc("Read the configuration from this file instead of "
                        ".clang-tidy files"),
               cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Regular expression of headers whose findings are shown "
             "(findings in the main file are always shown; default: the "
             "headers under --source-root, none in system headers)"),
    cl::cat(Category));
static cl::opt<std::string>
    ExportFixes("export-fixes",
                cl::desc("Write the suggested fixes to this YAML file, in "
                         "clang-apply-replacements format"),
                cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string>
    Timings("timings",
            cl::desc("Write what each TU's worker cost (CPU and wall "
                     "seconds, peak RSS) to this file, one JSON object per "
                     "line"),
            cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string>
    Jobs("j", cl::Prefix,
         cl::desc("Translation units analysed in parallel: -jN, -j N or "
                  "--jobs=N (default: the number of cores)"),
         cl::value_desc("N"), cl::cat(Category));
static cl::alias JobsLong("jobs", cl::desc("Same as -j"), cl::aliasopt(Jobs),
                          cl::cat(Category));
static cl::opt<std::string> ProgressOpt(
    "progress",
    cl::desc("A one-line [done/total] display on stderr while TUs are "
             "analysed: auto (when stderr is a terminal and there are more "
             "than 5 TUs), always or never"),
    cl::value_desc("auto|always|never"), cl::init("auto"), cl::cat(Category));
static cl::opt<std::string>
    Format("format",
           cl::desc("Output format: text, sarif, codeclimate (GitLab code "
                    "quality), or html (a report directory, with -o <dir>)"),
           cl::init("text"), cl::cat(Category));
static cl::opt<std::string>
    OutputFile("o",
               cl::desc("Write the output to <file> (with --format=html: "
                        "the report's directory)"),
               cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string>
    SarifOutput("sarif-output",
                cl::desc("Also write SARIF to <file> (with any --format)"),
                cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> SarifCategory(
    "sarif-category",
    cl::desc("SARIF automationDetails.id: one category per analysis "
             "configuration uploaded to code scanning"),
    cl::cat(Category));
static cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Directory SARIF URIs are relative to (default: the git top "
             "level of the current directory, else the current directory); "
             "without a header filter, findings in headers under it are shown"),
    cl::cat(Category));
static cl::opt<bool> Quiet("quiet", cl::desc("No summary line on stderr"),
                           cl::cat(Category));
static cl::opt<bool> Verbose(
    "verbose",
    cl::desc("Also tell on stderr, as remarks, of the functions whose "
             "analysis was given up (too large, no fixpoint in budget) or "
             "widened (a loop that did not settle), and of the Checks "
             "entries for other tools that configuration files name"),
    cl::cat(Category));
static cl::opt<unsigned>
    TUTimeout("tu-timeout",
              cl::desc("Seconds one translation unit may take before it is "
                       "stopped and reported (default 300; 0: no limit)"),
              cl::init(300), cl::cat(Category));
static cl::opt<std::string>
    FactsOut("facts-out",
             cl::desc("Write the merged cross-TU facts of this run to <file> "
                      "(for --facts or the plugin's FactsIn option)"),
             cl::value_desc("file"), cl::cat(Category));
static cl::list<std::string>
    FactsIn("facts",
            cl::desc("Merge facts from <file> (written by --facts-out) with "
                     "this run's, e.g. from another part of the program"),
            cl::value_desc("file"), cl::cat(Category));
static cl::opt<bool> CrossTU(
    "cross-tu",
    cl::desc("Merge the facts of all TUs to decide what one TU alone cannot "
             "(default true; false decides each TU alone, as the plugin does "
             "without a facts file)"),
    cl::init(true), cl::cat(Category));
static cl::opt<std::string>
    BaselineIn("baseline",
               cl::desc("Report only findings not recorded in this baseline"),
               cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> BaselineOut(
    "write-baseline",
    cl::desc("Record the current findings in a baseline file and exit 0"),
    cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> FailOn(
    "fail-on",
    cl::desc("Lowest finding level that makes the exit code 1: none, note, "
             "warning or error (default warning)"),
    cl::init("warning"), cl::cat(Category));
static cl::opt<std::string>
    Shard("shard",
          cl::desc("i/N: analyse only every N-th translation unit, starting "
                   "at the i-th (1-based), for CI matrices"),
          cl::cat(Category));
static cl::opt<bool> ChangedLinesOnly(
    "changed-lines",
    cl::desc("Report only findings on lines changed in the staged change "
             "(git diff --cached), or since --diff-base"),
    cl::cat(Category));
static cl::opt<std::string> DiffBase(
    "diff-base",
    cl::desc("With --changed-lines: compare the working tree with <ref>"),
    cl::value_desc("ref"), cl::cat(Category));
static cl::opt<bool> ShowSuppressed(
    "show-suppressed",
    cl::desc("Also print findings silenced by NOLINT or the baseline"),
    cl::cat(Category));
static cl::opt<bool>
    ListChecks("list-checks", cl::desc("List the checks and exit"),
               cl::cat(Category));
// Hidden: GitHub's limits, lowered by tests.
static cl::opt<size_t> SarifMaxResults("sarif-max-results", cl::Hidden,
                                       cl::init(25000), cl::cat(Category));
static cl::opt<size_t> SarifMaxBytes("sarif-max-gzip-bytes", cl::Hidden,
                                     cl::init(10u << 20), cl::cat(Category));
// Hidden: fault injection for the robustness tests.
static cl::opt<std::string> DebugCrashIn("debug-crash-in", cl::Hidden,
                                         cl::cat(Category));
static cl::opt<std::string> DebugHangIn("debug-hang-in", cl::Hidden,
                                        cl::cat(Category));

static void printVersion(llvm::raw_ostream &OS) {
  OS << "leakhound " << LEAKHOUND_VERSION << " (LLVM " << LLVM_VERSION_STRING
     << ")\n";
}

static int usageError(const llvm::Twine &Msg) {
  llvm::errs() << "leakhound: error: " << Msg << "\n";
  return ExitError;
}

/// The git work tree containing \p Dir, or empty.
static std::string gitTopLevel(llvm::StringRef Dir) {
  llvm::SmallString<256> P(Dir);
  while (!P.empty()) {
    llvm::SmallString<256> G(P);
    llvm::sys::path::append(G, ".git");
    if (llvm::sys::fs::exists(G))
      return std::string(P);
    llvm::StringRef Parent = llvm::sys::path::parent_path(P);
    if (Parent == P)
      break;
    P = Parent;
  }
  return {};
}

static std::string realPath(llvm::StringRef P) {
  llvm::SmallString<256> R;
  if (llvm::sys::fs::real_path(P, R))
    return P.str();
  return std::string(R);
}

/// Refuses an output path that cannot be written before any work is done.
static std::string checkWritable(const std::string &Path) {
  if (Path.empty() || Path == "-")
    return {};
  if (llvm::sys::fs::is_directory(Path))
    return "cannot write '" + Path + "': it is a directory";
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(absolutePath(Path)));
  if (!llvm::sys::fs::is_directory(Dir))
    return "cannot write '" + Path + "': directory '" + std::string(Dir) +
           "' does not exist";
  if (llvm::sys::fs::access(Dir, llvm::sys::fs::AccessMode::Write))
    return "cannot write '" + Path + "': permission denied";
  if (llvm::sys::fs::exists(Path) &&
      llvm::sys::fs::access(Path, llvm::sys::fs::AccessMode::Write))
    return "cannot write '" + Path + "': permission denied";
  return {};
}

static bool writeOutput(const std::string &Path, llvm::StringRef Text) {
  if (Path.empty() || Path == "-") {
    llvm::outs() << Text;
    llvm::outs().flush();
    return true;
  }
  std::string Err;
  if (!writeFileAtomically(Path, Text, Err)) {
    llvm::errs() << "leakhound: error: " << Err << "\n";
    return false;
  }
  return true;
}

static std::string exportFixesYaml(const std::vector<Finding> &Findings,
                                   const std::string &MainFile) {
  std::string Out = "---\nMainSourceFile: '" + MainFile + "'\nDiagnostics:\n";
  auto Quote = [](llvm::StringRef S) {
    std::string R = "'";
    for (char C : S) {
      if (C == '\'')
        R += "''";
      else if (C == '\n')
        R += "\n\n";
      else
        R += C;
    }
    return R + "'";
  };
  bool Any = false;
  for (const Finding &F : Findings) {
    if (F.Fixes.empty() || F.Suppressed != Suppression::None)
      continue;
    Any = true;
    Out += "  - DiagnosticName:  " + F.Check + "\n";
    Out += "    DiagnosticMessage:\n      Message:         " +
           Quote(F.Message) + "\n      FilePath:        " + Quote(F.Loc.File) +
           "\n      Replacements:\n";
    for (const Replacement &R : F.Fixes)
      Out += "        - FilePath:        " + Quote(R.File) +
             "\n          Offset:          " + std::to_string(R.Offset) +
             "\n          Length:          " + std::to_string(R.Length) +
             "\n          ReplacementText: " + Quote(R.Text) + "\n";
    Out += "    Level:           Warning\n";
  }
  if (!Any)
    Out += "  []\n";
  Out += "...\n";
  return Out;
}

static bool parseJobs(llvm::StringRef S, unsigned &N) {
  return !S.getAsInteger(10, N) && N >= 1;
}

static bool parseShard(llvm::StringRef S, unsigned &I, unsigned &N) {
  auto [A, B] = S.split('/');
  return !A.getAsInteger(10, I) && !B.getAsInteger(10, N) && N >= 1 &&
         I >= 1 && I <= N;
}

int leakhoundMain(int Argc, const char **Argv) {
  if (Argc >= 2 && llvm::StringRef(Argv[1]) == "merge")
    return runMergeCommand(Argc, Argv);

  // Split off the compiler arguments after `--`.
  std::vector<const char *> Args;
  std::vector<std::string> ExtraArgs;
  bool HaveDashDash = false;
  for (int I = 0; I < Argc; ++I) {
    if (!HaveDashDash && I > 0 && llvm::StringRef(Argv[I]) == "--") {
      HaveDashDash = true;
      continue;
    }
    if (HaveDashDash)
      ExtraArgs.push_back(Argv[I]);
    else
      Args.push_back(Argv[I]);
  }

  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(Category);
  std::string ParseErrors;
  llvm::raw_string_ostream ErrStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(Args.size()), Args.data(),
          "leakhound: finds memory-leak patterns in C and C++\n\n"
          "  leakhound [options] [<source>...] [-- <compiler args>]\n"
          "  leakhound merge -o <out.sarif> <in.sarif>...\n",
          &ErrStream)) {
    ErrStream.flush();
    llvm::StringRef First = llvm::StringRef(ParseErrors).trim();
    First = First.take_until([](char C) { return C == '\n'; });
    First.consume_front("leakhound: ");
    First = First.substr(0, First.find("  Try:")).trim();
    // Some errors (an option without its value) LLVM prints itself, on one
    // line: do not add a second.
    if (First.empty())
      return ExitError;
    return usageError(First + " (see --help)");
  }

  if (ListChecks) {
    for (const std::string &N : registeredCheckNames())
      llvm::outs() << N << "\n";
    return ExitClean;
  }

  if (Format != "text" && Format != "sarif" && Format != "codeclimate" &&
      Format != "html")
    return usageError("unknown --format '" + Format +
                      "' (text, sarif, codeclimate or html)");
  int FailLevel; // 0 none, 1 note, 2 warning, 3 error
  if (FailOn == "none")
    FailLevel = 0;
  else if (FailOn == "note")
    FailLevel = 1;
  else if (FailOn == "warning")
    FailLevel = 2;
  else if (FailOn == "error")
    FailLevel = 3;
  else
    return usageError("unknown --fail-on '" + FailOn +
                      "' (none, note, warning or error)");
  unsigned ShardI = 1, ShardN = 1;
  if (!Shard.empty() && !parseShard(Shard, ShardI, ShardN))
    return usageError("--shard takes i/N with 1 <= i <= N, got '" + Shard +
                      "'");
  if (!DiffBase.empty() && !ChangedLinesOnly)
    return usageError("--diff-base goes with --changed-lines");
  unsigned JobCount = std::max(1u, std::thread::hardware_concurrency());
  if (Jobs.getNumOccurrences() && !parseJobs(Jobs, JobCount))
    return usageError("-j takes a number of parallel jobs, 1 or more; got '" +
                      Jobs + "'");
  ProgressMode ProgressWhen;
  if (!parseProgressMode(ProgressOpt, ProgressWhen))
    return usageError("unknown --progress '" + ProgressOpt +
                      "' (auto, always or never)");

  AnalysisConfig Cfg;
  Cfg.ResourceDir = LEAKHOUND_RESOURCE_DIR;
  // Baked in at configure time, never derived from where the binary is
  // installed (docs/user-guide.md, Installing); say so when it is gone.
  if (!llvm::sys::fs::exists(Cfg.ResourceDir + "/include/stddef.h"))
    llvm::errs() << "leakhound: warning: clang's resource directory '"
                 << Cfg.ResourceDir
                 << "' is missing (Debian: libclang-common-19-dev); "
                    "<stddef.h> and the like will not be found\n";
  if (Checks.getNumOccurrences())
    Cfg.Checks = Checks;
  if (HeaderFilter.getNumOccurrences())
    Cfg.HeaderFilter = HeaderFilter;
  if (!Config.empty() && !ConfigFile.empty())
    return usageError("--config and --config-file cannot be combined");
  if (!Config.empty())
    Cfg.Config = Config;
  if (!ConfigFile.empty()) {
    auto Buf = llvm::MemoryBuffer::getFile(ConfigFile);
    if (!Buf)
      return usageError("cannot read --config-file '" + ConfigFile +
                        "': " + Buf.getError().message());
    Cfg.Config = (*Buf)->getBuffer().str();
    Cfg.ConfigFile = ConfigFile;
  }
  if (!DebugCrashIn.empty())
    Cfg.ExtraCheckOptions.push_back(
        {"leak-unfreed-allocation.DebugCrashOnFunction", DebugCrashIn});
  if (Verbose)
    Cfg.ExtraCheckOptions.push_back({"leak-unfreed-allocation.Verbose", "true"});
  if (!DebugHangIn.empty())
    Cfg.ExtraCheckOptions.push_back(
        {"leak-unfreed-allocation.DebugHangOnFunction", DebugHangIn});
  if (std::string E = validateConfig(Cfg); !E.empty())
    return usageError(E);

  if (Format == "html") {
    if (std::string E = checkHtmlReportDir(OutputFile); !E.empty())
      return usageError(E);
  } else if (std::string E = checkWritable(OutputFile); !E.empty()) {
    return usageError(E);
  }
  for (const std::string *P :
       {&SarifOutput.getValue(),
        &ExportFixes.getValue(), &FactsOut.getValue(),
        &BaselineOut.getValue()})
    if (std::string E = checkWritable(*P); !E.empty())
      return usageError(E);

  if (!FactsOut.empty() && !CrossTU)
    return usageError("--facts-out needs --cross-tu");

  // Inputs that are read before the analysis, so bad ones fail fast.
  Json Facts;
  for (const std::string &F : FactsIn) {
    std::string Err;
    auto J = readFactsFile(F, Err);
    if (!J)
      return usageError(Err);
    if (!mergeFacts(Facts, (*J)["checks"]))
      return usageError("facts file '" + F + "' is malformed");
  }
  Baseline Base;
  if (!BaselineIn.empty()) {
    std::string Err;
    if (!Base.load(BaselineIn, Err))
      return usageError(Err);
  }

  std::string Root = SourceRoot;
  {
    llvm::SmallString<256> CWD;
    llvm::sys::fs::current_path(CWD);
    if (Root.empty())
      Root = gitTopLevel(CWD);
    if (Root.empty())
      Root = std::string(CWD);
    if (!llvm::sys::fs::is_directory(Root))
      return usageError("--source-root '" + Root + "' is not a directory");
    Root = realPath(absolutePath(Root));
  }

  ChangedLines Changed;
  if (ChangedLinesOnly) {
    std::string Err;
    if (!Changed.loadFromGit(Root, DiffBase, Err))
      return usageError(Err);
  }

  TUSelection Sel =
      selectTranslationUnits(BuildPath, ExtraArgs, HaveDashDash, Sources);
  if (!Sel.Error.empty())
    return usageError(Sel.Error);
  if (ShardN > 1) {
    std::vector<clang::tooling::CompileCommand> Mine;
    for (size_t I = 0; I < Sel.Commands.size(); ++I)
      if (I % ShardN == ShardI - 1)
        Mine.push_back(std::move(Sel.Commands[I]));
    Sel.Commands = std::move(Mine);
  }

  // Files analysed again in this run replace what --facts files recorded
  // about them: their old conditional findings were decided without the
  // facts this run has.
  if (!FactsIn.empty()) {
    llvm::StringSet<> Analysed;
    for (const auto &C : Sel.Commands)
      Analysed.insert(realPath(absolutePath(C.Filename, C.Directory)));
    dropRecordedFindings(Facts, [&](llvm::StringRef File) {
      return Analysed.contains(realPath(File));
    });
  }

  // A header named on the command line (a staged header in the pre-commit
  // hook) is analysed through its includers; show its findings as a main
  // file's.
  Cfg.ShownHeaders = Sel.NamedHeaders;
  Cfg.SourceRoot = Root;

  // Every configuration file the TUs use, checked before any work.
  {
    std::vector<std::string> Files;
    for (const auto &C : Sel.Commands)
      Files.push_back(absolutePath(C.Filename, C.Directory));
    ConfigCheck CC = checkConfiguration(Cfg, Files);
    if (!CC.Error.empty())
      return usageError(CC.Error);
    if (Verbose && !CC.IgnoredChecks.empty())
      llvm::errs() << "leakhound: note: leakhound runs only leak-* checks; "
                      "ignored the Checks entries '"
                   << llvm::join(CC.IgnoredChecks, "', '") << "' of "
                   << llvm::join(CC.IgnoredIn, ", ") << "\n";
  }

  RunnerOptions RO;
  RO.Jobs = JobCount;
  RO.TimeoutSeconds = TUTimeout;
  RO.CollectFacts = CrossTU;
  if (!FactsIn.empty()) {
    // The checks see the given facts too, so the plugin and the driver use
    // them alike. They read a file: write the merged input once.
    llvm::SmallString<128> Tmp;
    int FD;
    if (!llvm::sys::fs::createTemporaryFile("leakhound-facts", "json", FD,
                                            Tmp)) {
      llvm::raw_fd_ostream OS(FD, true);
      OS << Facts.dump();
      Cfg.FactsIn = std::string(Tmp);
    }
  }
  std::vector<TUResult> Results;
  {
    Progress Display(llvm::errs(), ProgressWhen,
                     llvm::sys::Process::StandardErrIsDisplayed(),
                     Sel.Commands.size(), Root);
    if (Display.enabled())
      RO.OnProgress = [&](size_t Finished, llvm::StringRef Started) {
        Display.update(Finished, Started);
      };
    Results = runAll(Sel.Commands, Cfg, RO);
  }
  if (!Cfg.FactsIn.empty())
    llvm::sys::fs::remove(Cfg.FactsIn);
  if (interrupted()) {
    llvm::errs() << "leakhound: interrupted; no output written\n";
    return ExitError;
  }
  bool TimingsFailed = false;
  if (!Timings.empty()) {
    std::string Lines;
    for (const TUResult &R : Results)
      Lines += Json{{"file", R.File},
                    {"status", statusName(R.Status)},
                    {"cpu_s", R.Usage.CpuSeconds},
                    {"wall_s", R.Usage.WallSeconds},
                    {"maxrss_kb", R.Usage.MaxRssKb}}
                   .dump() +
               "\n";
    std::string Err;
    if (!writeFileAtomically(Timings, Lines, Err)) {
      llvm::errs() << "leakhound: error: " << Err << "\n";
      TimingsFailed = true;
    }
  }

  // Merge the facts, then decide what they imply.
  std::vector<Finding> Findings, Remarks;
  std::vector<TUResult> Incomplete;
  bool MergeFailed = false;
  ConditionalEmitters Emitters;
  for (size_t I = 0; I < Results.size(); ++I) {
    TUResult &R = Results[I];
    if (CrossTU && R.Status == TUStatus::Ok)
      noteConditionalEmitters(R.Facts, I, Emitters);
    if (!mergeFacts(Facts, R.Facts)) {
      llvm::errs() << "leakhound: error: " << R.File
                   << ": the facts of this file are malformed and were "
                      "left out of the merge\n";
      MergeFailed = true;
    }
    R.Facts = Json(); // Merged: only the merge is needed from here on.
    // Compile errors are reported below, with the TU's status; remarks
    // (--verbose) go to stderr, never among the findings.
    for (Finding &F : R.Findings)
      if (F.Level == "remark")
        Remarks.push_back(std::move(F));
      else if (F.Check != "clang-diagnostic-error")
        Findings.push_back(std::move(F));
    if (R.Status != TUStatus::Ok)
      Incomplete.push_back(R);
  }
  if (!Facts.is_object())
    mergeFacts(Facts, Json::object());
  // A header's function is seen by every TU that includes it: once each.
  std::sort(Remarks.begin(), Remarks.end());
  Remarks.erase(std::unique(Remarks.begin(), Remarks.end(), sameFinding),
                Remarks.end());
  for (const Finding &F : Remarks)
    writeHeadline(llvm::errs(), F);

  // The merge's findings are shown by the rules of their own file's
  // configuration (HeaderScope.h).
  clang::tidy::ClangTidyOptions CommandLine;
  CommandLine.HeaderFilterRegex = Cfg.HeaderFilter;
  LeakOptionsProvider Options(Cfg, CommandLine);
  llvm::StringSet<> MainFiles;
  for (const auto &C : Sel.Commands)
    MainFiles.insert(C.Filename);
  for (const std::string &H : Sel.NamedHeaders)
    MainFiles.insert(H);
  std::vector<std::string> MalformedFacts;
  std::vector<FactFinding> Resolved;
  if (CrossTU)
    Resolved = resolveFacts(Facts, &MalformedFacts);
  // Conditional leaks that hold: their witness paths checked (Recheck.h).
  if (CrossTU && !interrupted())
    Resolved = recheckConditional(std::move(Resolved), Emitters, Sel.Commands,
                                  Facts, Cfg, RO,
                                  Verbose ? &llvm::errs() : nullptr);
  for (const std::string &C : MalformedFacts) {
    llvm::errs() << "leakhound: error: the cross-TU facts of '" << C
                 << "' are malformed; its merged findings are missing\n";
    MergeFailed = true;
  }
  std::optional<clang::tidy::GlobList> EnabledChecks;
  if (Cfg.Checks)
    EnabledChecks.emplace(*Cfg.Checks);
  // A run that recognised nothing a check reasons about says so once (a
  // remark on stderr: never a finding, never in the exit code).
  if (!Quiet)
    for (const CoverageRemark &R :
         coverageRemarks(Facts, Verbose, [&](llvm::StringRef Check) {
           return !EnabledChecks || EnabledChecks->contains(Check);
         }))
      llvm::errs() << "leakhound: remark: " << R.Text << " [" << R.Check
                   << "]\n";
  for (const FactFinding &FF : Resolved) {
    if (EnabledChecks && !EnabledChecks->contains(FF.Check))
      continue;
    // The merge sees the whole program; show what this run analysed (or
    // what the header filter admits), as diagnostics would be.
    if (!MainFiles.contains(FF.Where.File) &&
        !headerScopeFor(Options, FF.Where.File, Cfg).shows(FF.Where.File))
      continue;
    Finding F = fromFactFinding(FF);
    if (auto Buf = llvm::MemoryBuffer::getFile(F.Loc.File))
      if (isSuppressedByNolint((*Buf)->getBuffer(), F.Loc.Line, F.Check))
        F.Suppressed = Suppression::InSource;
    Findings.push_back(std::move(F));
  }

  // Canonical paths (symlinks resolved), order and identity.
  for (Finding &F : Findings) {
    F.Loc.File = realPath(F.Loc.File);
    for (Note &N : F.Notes)
      N.Loc.File = realPath(N.Loc.File);
    for (Replacement &R : F.Fixes)
      R.File = realPath(R.File);
  }
  std::sort(Findings.begin(), Findings.end());
  Findings.erase(std::unique(Findings.begin(), Findings.end(), sameFinding),
                 Findings.end());
  computeFingerprints(Findings, Root);

  // A finding belongs to the change when its own line or one of its notes'
  // lines changed: a leak is reported where the memory is lost, which is often
  // an unchanged line, while the allocation that the change added is a note.
  if (ChangedLinesOnly)
    Findings.erase(
        std::remove_if(Findings.begin(), Findings.end(),
                       [&](const Finding &F) {
                         if (Changed.contains(F.Loc.File, F.Loc.Line))
                           return false;
                         for (const Note &N : F.Notes)
                           if (Changed.contains(N.Loc.File, N.Loc.Line))
                             return false;
                         return true;
                       }),
        Findings.end());

  bool WriteFailed = false;
  if (!BaselineOut.empty()) {
    Baseline B = Baseline::fromFindings(Findings, Root);
    std::string Err;
    if (!writeFileAtomically(BaselineOut, B.serialise(), Err)) {
      llvm::errs() << "leakhound: error: " << Err << "\n";
      WriteFailed = true;
    }
  }
  if (!BaselineIn.empty())
    Base.markSuppressed(Findings, Root);

  if (!FactsOut.empty()) {
    std::string Err;
    if (!writeFileAtomically(FactsOut, Facts.dump(1) + "\n", Err)) {
      llvm::errs() << "leakhound: error: " << Err << "\n";
      WriteFailed = true;
    }
  }

  std::string Text;
  {
    llvm::raw_string_ostream OS(Text);
    if (Format == "text")
      writeText(OS, Findings, ShowSuppressed);
    else if (Format == "codeclimate")
      OS << makeCodeClimate(Findings, Root).dump(2) << "\n";
  }
  if (Format == "sarif" || !SarifOutput.empty()) {
    SarifOptions SO;
    SO.SourceRoot = Root;
    SO.Category = SarifCategory;
    SO.MaxResults = SarifMaxResults;
    SO.MaxCompressedBytes = SarifMaxBytes;
    std::string Sarif = serialiseSarif(makeSarif(Findings, Incomplete, SO), SO);
    if (Format == "sarif")
      Text = Sarif;
    if (!SarifOutput.empty() && !writeOutput(SarifOutput, Sarif))
      WriteFailed = true;
  }
  if (Format == "html") {
    HtmlReportOptions HO;
    HO.SourceRoot = Root;
    HO.FilesAnalysed = Results.size();
    HO.ShowSuppressed = ShowSuppressed;
    if (std::string E = writeHtmlReport(OutputFile, Findings, Incomplete, HO);
        !E.empty()) {
      llvm::errs() << "leakhound: error: " << E << "\n";
      WriteFailed = true;
    } else if (!Quiet) {
      llvm::SmallString<256> Index(absolutePath(OutputFile));
      llvm::sys::path::append(Index, "index.html");
      llvm::errs() << "leakhound: HTML report written to " << Index << "\n";
    }
  } else if (!writeOutput(OutputFile, Text)) {
    WriteFailed = true;
  }
  if (!ExportFixes.empty()) {
    std::string Main = Sel.Commands.empty() ? "" : Sel.Commands[0].Filename;
    std::string Err;
    if (!writeFileAtomically(ExportFixes, exportFixesYaml(Findings, Main),
                             Err)) {
      llvm::errs() << "leakhound: error: " << Err << "\n";
      WriteFailed = true;
    }
  }

  // Per-TU problems, one line each, in TU order.
  bool ToolErrors = WriteFailed || MergeFailed || TimingsFailed,
       CompileErrors = false;
  for (const TUResult &R : Incomplete) {
    if (R.Status == TUStatus::CompileErrors) {
      CompileErrors = true;
      for (const Finding &F : R.Findings) {
        if (F.Check != "clang-diagnostic-error")
          continue;
        // An error with no location (a missing source file) names its TU.
        llvm::errs() << (F.Loc.File.empty() ? R.File : F.Loc.File);
        if (F.Loc.valid())
          llvm::errs() << ':' << F.Loc.Line << ':' << F.Loc.Column;
        llvm::errs() << ": error: " << F.Message
                     << " [clang-diagnostic-error]\n";
      }
    } else {
      ToolErrors = true;
      llvm::errs() << "leakhound: error: " << R.File << ": " << R.Detail
                   << "\n";
    }
  }

  size_t Shown = 0, Suppressed = 0;
  bool Fails = false;
  for (const Finding &F : Findings) {
    if (F.Suppressed != Suppression::None) {
      ++Suppressed;
      continue;
    }
    ++Shown;
    int Level = F.Level == "error" ? 3 : 2;
    if (FailLevel && Level >= FailLevel)
      Fails = true;
  }
  if (!Quiet) {
    llvm::errs() << "leakhound: " << Shown
                 << (Shown == 1 ? " finding" : " findings");
    if (Suppressed)
      llvm::errs() << " (" << Suppressed << " suppressed)";
    llvm::errs() << " in " << Results.size()
                 << (Results.size() == 1 ? " file" : " files");
    size_t Bad = Incomplete.size();
    if (Bad)
      llvm::errs() << "; " << Bad << " not fully analysed";
    llvm::errs() << "\n";
  }
  if (ToolErrors)
    return ExitError;
  if (!BaselineOut.empty())
    return CompileErrors ? ExitCompileErrors : ExitClean;
  if (CompileErrors)
    return ExitCompileErrors;
  return Fails ? ExitFindings : ExitClean;
}

} // namespace leakhound
