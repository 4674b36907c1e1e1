//===--- Worker.cpp - analyse one translation unit in-process -------------===//
//
// Runs the leak-* checks through the clangTidy library, like
// clang::tidy::runClangTidy, with two differences that matter:
//  * the AST traversal is limited to declarations outside system headers
//    (as clangd does), so matchers do not walk the standard library;
//  * diagnostics go to FindingCollector, which keeps NOLINT-suppressed
//    findings (marked, for SARIF suppressions) instead of dropping them and
//    turns everything into SourceManager-free Findings.
//
//===----------------------------------------------------------------------===//

#include "Worker.h"
#include "Configuration.h"
#include "HeaderScope.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <algorithm>

using namespace clang;
using namespace clang::tidy;

namespace leakhound {

const char *statusName(TUStatus S) {
  switch (S) {
  case TUStatus::Ok:
    return "ok";
  case TUStatus::CompileErrors:
    return "compile-errors";
  case TUStatus::Crashed:
    return "crashed";
  case TUStatus::TimedOut:
    return "timed-out";
  case TUStatus::Failed:
    return "failed";
  }
  return "failed";
}

Json TUResult::toJson() const {
  Json Fs = Json::array();
  for (const Finding &F : Findings)
    Fs.push_back(leakhound::toJson(F));
  return Json{{"file", File},
              {"status", statusName(Status)},
              {"detail", Detail},
              {"findings", Fs},
              {"facts", Facts}};
}

std::optional<TUResult> TUResult::fromJson(const Json &J) {
  if (!J.is_object() || !J.contains("file") || !J["file"].is_string() ||
      !J.contains("status") || !J["status"].is_string() ||
      !J.contains("findings") || !J["findings"].is_array())
    return std::nullopt;
  TUResult R;
  R.File = J["file"].get<std::string>();
  std::string S = J["status"].get<std::string>();
  for (TUStatus St : {TUStatus::Ok, TUStatus::CompileErrors, TUStatus::Crashed,
                      TUStatus::TimedOut, TUStatus::Failed})
    if (S == statusName(St))
      R.Status = St;
  if (J.contains("detail") && J["detail"].is_string())
    R.Detail = J["detail"].get<std::string>();
  for (const Json &FJ : J["findings"]) {
    Finding F;
    if (!leakhound::fromJson(FJ, F))
      return std::nullopt;
    R.Findings.push_back(std::move(F));
  }
  if (J.contains("facts") && J["facts"].is_object())
    R.Facts = std::move(J["facts"]);
  return R;
}

std::vector<std::string> registeredCheckNames() {
  ClangTidyCheckFactories Factories;
  for (const auto &E : ClangTidyModuleRegistry::entries())
    E.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Names;
  for (const auto &F : Factories)
    Names.push_back(F.getKey().str());
  std::sort(Names.begin(), Names.end());
  return Names;
}

namespace {

/// Turns diagnostics into Findings: check warnings with their notes and
/// fixes, and compile errors. Keeps NOLINT-suppressed findings, marked.
class FindingCollector : public DiagnosticConsumer {
public:
  FindingCollector(ClangTidyContext &Ctx, const HeaderScope &Headers,
                   std::vector<Finding> &Out)
      : Ctx(Ctx), Headers(Headers), Out(Out) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    std::string Check = Ctx.getCheckName(Info.getID());
    // clang-tidy names compiler warnings "clang-diagnostic-<flag>": they are
    // the compiler's, not findings; only errors are reported, below.
    if (llvm::StringRef(Check).starts_with("clang-diagnostic-"))
      Check.clear();
    // A check's complaint about its options: the driver checked every
    // configuration before the run (Configuration.h), so none is expected.
    if (Check == "clang-tidy-config")
      return;
    if (Level == DiagnosticsEngine::Note) {
      if (Current)
        addNote(Info);
      return;
    }
    Current = nullptr;
    if (Level == DiagnosticsEngine::Remark) {
      // What a check says of its own work (verbose mode): not a finding.
      if (Check.empty())
        return;
      Finding F;
      F.Check = Check;
      F.Level = "remark";
      F.Message = message(Info, Check);
      if (Info.hasSourceManager())
        F.Loc = location(Info.getSourceManager(), Info.getLocation(), {});
      Out.push_back(std::move(F));
      return;
    }
    if (Check.empty()) {
      if (Level < DiagnosticsEngine::Error)
        return;
      Check = "clang-diagnostic-error";
    } else if (!relevant(Info)) {
      return;
    }
    Finding F;
    F.Check = Check;
    F.Level = Level >= DiagnosticsEngine::Error ? "error" : "warning";
    F.Message = message(Info, Check);
    if (Info.hasSourceManager())
      F.Loc = location(Info.getSourceManager(), Info.getLocation(),
                       Info.getRanges());
    if (Check != "clang-diagnostic-error") {
      llvm::SmallVector<tooling::Diagnostic, 1> NoLintErrors;
      if (Ctx.shouldSuppressDiagnostic(Level, Info, NoLintErrors))
        F.Suppressed = Suppression::InSource;
      addFixes(Info, F);
    }
    Out.push_back(std::move(F));
    Current = &Out.back();
  }

private:
  static std::string message(const Diagnostic &Info, llvm::StringRef Check) {
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Suffix = " [" + Check.str() + "]";
    llvm::StringRef M = Msg;
    M.consume_back(Suffix);
    return M.str();
  }

  /// Never in system headers; always in the main file; in other headers as
  /// HeaderScope says.
  bool relevant(const Diagnostic &Info) const {
    if (!Info.hasSourceManager() || Info.getLocation().isInvalid())
      return true;
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation Loc = SM.getFileLoc(Info.getLocation());
    if (SM.isInSystemHeader(Loc))
      return false;
    if (SM.isWrittenInMainFile(Loc))
      return true;
    return Headers.shows(absolutePathOf(SM, SM.getFileID(Loc)),
                         SM.getFilename(Loc));
  }

  static Location location(const SourceManager &SM, SourceLocation Loc,
                           llvm::ArrayRef<CharSourceRange> Ranges) {
    Location L;
    if (Loc.isInvalid())
      return L;
    SourcePoint P = pointFor(SM, Loc);
    L.File = P.File;
    L.Line = L.EndLine = P.Line;
    L.Column = P.Column;
    L.EndColumn = P.Column + 1;
    SourceLocation FileLoc = SM.getFileLoc(Loc);
    // Extend to the first range that starts here and stays on this line, or
    // to the end of the token.
    unsigned TokLen = Lexer::MeasureTokenLength(FileLoc, SM, LangOptions());
    if (TokLen)
      L.EndColumn = P.Column + TokLen;
    for (const CharSourceRange &R : Ranges) {
      if (R.isInvalid())
        continue;
      SourceLocation B = SM.getFileLoc(R.getBegin());
      SourceLocation E = SM.getFileLoc(R.getEnd());
      if (B != FileLoc || SM.getFileID(E) != SM.getFileID(B))
        continue;
      unsigned EndLine = SM.getSpellingLineNumber(E);
      unsigned EndCol = SM.getSpellingColumnNumber(E);
      if (R.isTokenRange())
        EndCol += Lexer::MeasureTokenLength(E, SM, LangOptions());
      L.EndLine = EndLine;
      L.EndColumn = EndCol;
      break;
    }
    bool Invalid = false;
    llvm::StringRef Buf = SM.getBufferData(SM.getFileID(FileLoc), &Invalid);
    if (!Invalid) {
      // StringRef::rfind(C, From) looks strictly before From.
      unsigned Off = SM.getFileOffset(FileLoc);
      size_t Start = Buf.rfind('\n', Off);
      Start = Start == llvm::StringRef::npos ? 0 : Start + 1;
      L.LineText = Buf.drop_front(Start)
                       .take_until([](char C) { return C == '\n' || C == '\r'; })
                       .str();
    }
    return L;
  }

  void addNote(const Diagnostic &Info) {
    Note N;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    llvm::StringRef M = Msg;
    M.consume_back(" [" + Current->Check + "]");
    N.Message = M.str();
    if (Info.hasSourceManager())
      N.Loc = location(Info.getSourceManager(), Info.getLocation(),
                       Info.getRanges());
    // Notes are kept even in system headers: they explain the warning.
    Current->Notes.push_back(std::move(N));
    addFixes(Info, *Current);
  }

  static void addFixes(const Diagnostic &Info, Finding &F) {
    if (!Info.hasSourceManager())
      return;
    const SourceManager &SM = Info.getSourceManager();
    for (const FixItHint &H : Info.getFixItHints()) {
      if (H.RemoveRange.isInvalid())
        continue;
      CharSourceRange R = Lexer::makeFileCharRange(
          H.RemoveRange, SM, LangOptions());
      if (R.isInvalid())
        continue;
      auto [FID, Begin] = SM.getDecomposedLoc(R.getBegin());
      auto [FID2, End] = SM.getDecomposedLoc(R.getEnd());
      if (FID != FID2 || End < Begin)
        continue;
      F.Fixes.push_back(
          {absolutePathOf(SM, FID), Begin, End - Begin, H.CodeToInsert});
    }
  }

  ClangTidyContext &Ctx;
  const HeaderScope &Headers;
  std::vector<Finding> &Out;
  Finding *Current = nullptr;
};

/// Limits the AST traversal of every matcher to declarations outside system
/// headers. The checks never need bodies from system headers.
class ScopedConsumer : public MultiplexConsumer {
public:
  explicit ScopedConsumer(std::unique_ptr<ASTConsumer> Inner)
      : MultiplexConsumer(makeVector(std::move(Inner))) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    std::vector<Decl *> Scope;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      if (D->isImplicit())
        continue;
      SourceLocation L = D->getLocation();
      if (L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L)))
        continue;
      Scope.push_back(D);
    }
    Ctx.setTraversalScope(Scope);
    MultiplexConsumer::HandleTranslationUnit(Ctx);
  }

private:
  static std::vector<std::unique_ptr<ASTConsumer>>
  makeVector(std::unique_ptr<ASTConsumer> C) {
    std::vector<std::unique_ptr<ASTConsumer>> V;
    V.push_back(std::move(C));
    return V;
  }
};

class TidyAction : public ASTFrontendAction {
public:
  explicit TidyAction(ClangTidyASTConsumerFactory &Factory)
      : Factory(Factory) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef File) override {
    return std::make_unique<ScopedConsumer>(
        Factory.createASTConsumer(CI, File));
  }

private:
  ClangTidyASTConsumerFactory &Factory;
};

class TidyActionFactory : public tooling::FrontendActionFactory {
public:
  TidyActionFactory(ClangTidyContext &Ctx,
                    IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS)
      : Factory(Ctx, std::move(FS)) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<TidyAction>(Factory);
  }
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy does: code may test __clang_analyzer__.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    // The worker process ends right after the TU: tearing the AST down, as
    // clang -fsyntax-only also skips, would only cost time.
    Invocation->getFrontendOpts().DisableFree = true;
    return FrontendActionFactory::runInvocation(Invocation, Files,
                                                PCHContainerOps, DiagConsumer);
  }

private:
  ClangTidyASTConsumerFactory Factory;
};

/// A compilation database with exactly one command: the one chosen for this
/// TU, even when the real database lists the file several times.
class OneCommandDatabase : public tooling::CompilationDatabase {
public:
  explicit OneCommandDatabase(tooling::CompileCommand Cmd)
      : Cmd(std::move(Cmd)) {}
  std::vector<tooling::CompileCommand>
  getCompileCommands(StringRef) const override {
    return {Cmd};
  }
  std::vector<std::string> getAllFiles() const override {
    return {Cmd.Filename};
  }

private:
  tooling::CompileCommand Cmd;
};

} // namespace

static Json collectFacts(llvm::StringRef Dir) {
  Json Facts = Json::object();
  std::error_code EC;
  std::vector<std::string> Files;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".json"))
      Files.push_back(It->path());
  std::sort(Files.begin(), Files.end());
  for (const std::string &F : Files) {
    auto Buf = llvm::MemoryBuffer::getFile(F);
    if (!Buf)
      continue;
    Json J = Json::parse((*Buf)->getBuffer().begin(),
                         (*Buf)->getBuffer().end(), nullptr, false);
    if (J.is_discarded())
      continue;
    Facts[llvm::sys::path::stem(F).str()] = std::move(J);
  }
  return Facts;
}

TUResult analyseTU(const tooling::CompileCommand &Cmd,
                   const AnalysisConfig &Cfg, llvm::StringRef FactsDir) {
  TUResult Result;
  {
    llvm::SmallString<256> Abs(Cmd.Filename);
    if (!llvm::sys::path::is_absolute(Abs))
      llvm::sys::fs::make_absolute(Cmd.Directory, Abs);
    llvm::sys::path::remove_dots(Abs, true);
    Result.File = std::string(Abs);
  }

  ClangTidyOptions Override;
  if (Cfg.Checks)
    Override.Checks = *Cfg.Checks;
  if (Cfg.HeaderFilter)
    Override.HeaderFilterRegex = *Cfg.HeaderFilter;
  for (const std::string &Name : registeredCheckNames()) {
    if (!FactsDir.empty())
      Override.CheckOptions[Name + ".FactsOut"] =
          ClangTidyOptions::ClangTidyValue(FactsDir);
    if (!Cfg.FactsIn.empty())
      Override.CheckOptions[Name + ".FactsIn"] =
          ClangTidyOptions::ClangTidyValue(Cfg.FactsIn);
  }
  for (const auto &[K, V] : Cfg.ExtraCheckOptions)
    Override.CheckOptions[K] = ClangTidyOptions::ClangTidyValue(V);

  auto BaseFS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  auto Provider =
      std::make_unique<LeakOptionsProvider>(Cfg, std::move(Override), BaseFS);
  if (!Provider->parseError().empty()) {
    Result.Status = TUStatus::Failed;
    Result.Detail = Provider->parseError();
    return Result;
  }
  HeaderScope Headers = headerScopeFor(*Provider, Result.File, Cfg);
  ClangTidyContext Context(std::move(Provider));

  FindingCollector Collector(Context, Headers, Result.Findings);
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(),
                       &Collector, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);

  OneCommandDatabase DB(Cmd);
  tooling::ClangTool Tool(DB, {Cmd.Filename},
                          std::make_shared<PCHContainerOperations>(), BaseFS);
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  std::string ResourceDir = Cfg.ResourceDir;
  Tool.appendArgumentsAdjuster(
      [ResourceDir](const tooling::CommandLineArguments &Args, StringRef) {
        for (const std::string &A : Args)
          if (llvm::StringRef(A).starts_with("-resource-dir"))
            return Args;
        tooling::CommandLineArguments Out = Args;
        Out.push_back("-resource-dir=" + ResourceDir);
        return Out;
      });
  // Compiler warnings are not findings (FindingCollector drops them): `-w`
  // spares Sema the work of finding them (its CFG-based warnings cost a
  // tenth of the parse), and a warning the project turns into an error
  // (-Werror) no longer costs the TU its analysis.
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      "-w", tooling::ArgumentInsertPosition::END));
  Tool.setDiagnosticConsumer(&Collector);
  Tool.setPrintErrorMessage(false);

  TidyActionFactory Factory(Context, BaseFS);
  int RC = Tool.run(&Factory);

  bool HadErrors = std::any_of(
      Result.Findings.begin(), Result.Findings.end(),
      [](const Finding &F) { return F.Check == "clang-diagnostic-error"; });
  if (HadErrors || RC != 0)
    Result.Status = TUStatus::CompileErrors;
  if (RC != 0 && !HadErrors) {
    Finding F;
    F.Check = "clang-diagnostic-error";
    F.Level = "error";
    F.Message = "cannot parse '" + Result.File + "'";
    F.Loc.File = Result.File;
    Result.Findings.push_back(std::move(F));
  }
  if (!FactsDir.empty())
    Result.Facts = collectFacts(FactsDir);
  return Result;
}

} // namespace leakhound

// Keep the leak-* module (and its static registration) in the link.
extern volatile int LeakhoundModuleAnchorSource;
[[maybe_unused]] static int LeakModuleAnchorDestination =
    LeakhoundModuleAnchorSource;
