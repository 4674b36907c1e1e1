//===--- CompileDb.cpp - choose the translation units to analyse ----------===//

#include "CompileDb.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>

using namespace clang::tooling;

namespace leakhound {

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Dir) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    if (!Dir.empty())
      llvm::sys::fs::make_absolute(Dir, P);
    else
      llvm::sys::fs::make_absolute(P);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

static std::unique_ptr<CompilationDatabase>
loadJson(const std::string &BuildPath, std::string &Error) {
  llvm::SmallString<256> File(BuildPath);
  if (llvm::sys::fs::is_directory(File))
    llvm::sys::path::append(File, "compile_commands.json");
  if (!llvm::sys::fs::exists(File)) {
    Error = "no compile_commands.json in '" + BuildPath +
            "'; configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON (or use bear), "
            "or pass the compiler arguments after '--'";
    return nullptr;
  }
  std::string LoadError;
  auto DB = JSONCompilationDatabase::loadFromFile(
      File, LoadError, JSONCommandLineSyntax::AutoDetect);
  if (!DB) {
    llvm::StringRef E = llvm::StringRef(LoadError).trim();
    Error = "cannot read '" + std::string(File) + "': " +
            E.take_until([](char C) { return C == '\n'; }).str();
    return nullptr;
  }
  return DB;
}

/// A stable choice among duplicate entries for one file.
static std::string commandKey(const CompileCommand &C) {
  return C.Directory + '\0' + llvm::join(C.CommandLine, "\x1f");
}

TUSelection selectTranslationUnits(const std::string &BuildPath,
                                   const std::vector<std::string> &ExtraArgs,
                                   bool HaveDashDash,
                                   const std::vector<std::string> &Sources) {
  TUSelection Sel;
  std::unique_ptr<CompilationDatabase> DB;
  std::string CWD;
  {
    llvm::SmallString<256> D;
    llvm::sys::fs::current_path(D);
    CWD = std::string(D);
  }

  for (const std::string &S : Sources) {
    if (!llvm::sys::fs::exists(S)) {
      Sel.Error = "'" + S + "': no such file";
      return Sel;
    }
    if (llvm::sys::fs::is_directory(S)) {
      Sel.Error = "'" + S + "' is a directory, not a source file";
      return Sel;
    }
  }

  if (!BuildPath.empty()) {
    DB = loadJson(BuildPath, Sel.Error);
    if (!DB)
      return Sel;
    if (HaveDashDash && !ExtraArgs.empty())
      DB = std::make_unique<ArgumentsAdjustingCompilations>(std::move(DB));
    if (auto *Adj = dynamic_cast<ArgumentsAdjustingCompilations *>(DB.get()))
      Adj->appendArgumentsAdjuster(
          getInsertArgumentAdjuster(ExtraArgs, ArgumentInsertPosition::END));
  } else if (HaveDashDash) {
    DB = std::make_unique<FixedCompilationDatabase>(CWD, ExtraArgs);
  } else if (!Sources.empty()) {
    std::string Err;
    DB = CompilationDatabase::autoDetectFromSource(absolutePath(Sources[0]),
                                                   Err);
    if (!DB) {
      Sel.Error = "no compilation database found for '" + Sources[0] +
                  "': pass -p <build-dir> (the directory holding "
                  "compile_commands.json) or the compiler arguments after '--'";
      return Sel;
    }
  } else {
    Sel.Error = "no input: name source files, or pass -p <build-dir> to "
                "analyse every file of its compile_commands.json (see --help)";
    return Sel;
  }

  std::map<std::string, CompileCommand> ByFile;
  auto Add = [&](CompileCommand C) {
    std::string Abs = absolutePath(C.Filename, C.Directory);
    auto It = ByFile.find(Abs);
    if (It == ByFile.end() || commandKey(C) < commandKey(It->second))
      ByFile[Abs] = std::move(C);
  };

  if (Sources.empty()) {
    for (CompileCommand &C : DB->getAllCompileCommands())
      Add(std::move(C));
    if (ByFile.empty()) {
      Sel.Error = "the compilation database in '" + BuildPath +
                  "' lists no files";
      return Sel;
    }
  } else {
    std::unique_ptr<CompilationDatabase> Inferred;
    CompilationDatabase *Lookup = DB.get();
    for (const std::string &S : Sources) {
      std::string Abs = absolutePath(S);
      std::vector<CompileCommand> Cmds = Lookup->getCompileCommands(Abs);
      if (Cmds.empty() && !HaveDashDash) {
        // A file the database does not list (typically a header): borrow
        // the flags of the most similar file, as clangd does.
        if (!Inferred) {
          Inferred = inferMissingCompileCommands(std::move(DB));
          Lookup = Inferred.get();
        }
        Cmds = Lookup->getCompileCommands(Abs);
      }
      if (Cmds.empty()) {
        Sel.Error = "'" + S + "' is not in the compilation database";
        return Sel;
      }
      for (CompileCommand &C : Cmds) {
        C.Filename = Abs;
        Add(std::move(C));
      }
    }
  }
  for (auto &[File, C] : ByFile) {
    C.Filename = File;
    Sel.Commands.push_back(std::move(C));
  }
  return Sel;
}

} // namespace leakhound
