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
#include <set>
#include "llvm/Support/MemoryBuffer.h"

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

/// The user include directories of a command (-I, -iquote), absolute.
static std::vector<std::string> includeDirs(const CompileCommand &C) {
  std::vector<std::string> Dirs;
  const auto &Args = C.CommandLine;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    for (llvm::StringRef Flag : {"-I", "-iquote"}) {
      if (!A.starts_with(Flag))
        continue;
      llvm::StringRef Dir = A.drop_front(Flag.size());
      if (Dir.empty() && I + 1 < Args.size())
        Dir = Args[++I];
      if (!Dir.empty())
        Dirs.push_back(absolutePath(Dir, C.Directory));
      break;
    }
  }
  return Dirs;
}

/// The files named by #include lines of \p File (quoted and angled), as
/// written. A textual scan: conditional compilation is ignored, so it may
/// over-approximate, which only means analysing one TU too many.
static const std::vector<std::string> &
includesOf(const std::string &File,
           std::map<std::string, std::vector<std::string>> &Cache) {
  auto It = Cache.find(File);
  if (It != Cache.end())
    return It->second;
  std::vector<std::string> &Out = Cache[File];
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf)
    return Out;
  llvm::StringRef Text = (*Buf)->getBuffer();
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.ltrim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("include") && !Line.consume_front("import"))
      continue;
    Line = Line.ltrim();
    if (Line.empty() || (Line[0] != '"' && Line[0] != '<'))
      continue;
    char Close = Line[0] == '"' ? '"' : '>';
    size_t End = Line.find(Close, 1);
    if (End != llvm::StringRef::npos)
      Out.push_back(Line.slice(1, End).str());
  }
  return Out;
}

/// Does the TU of \p C reach \p Header through its user include paths?
static bool tuIncludes(const CompileCommand &C, const std::string &Header,
                       std::map<std::string, std::vector<std::string>> &Cache) {
  std::vector<std::string> Dirs = includeDirs(C);
  std::vector<std::string> Work = {absolutePath(C.Filename, C.Directory)};
  std::set<std::string> Seen(Work.begin(), Work.end());
  while (!Work.empty()) {
    std::string File = Work.back();
    Work.pop_back();
    if (File == Header)
      return true;
    if (Seen.size() > 5000)
      break; // A bound for pathological include graphs.
    std::string Here = std::string(llvm::sys::path::parent_path(File));
    for (const std::string &Inc : includesOf(File, Cache)) {
      std::vector<std::string> Candidates = {absolutePath(Inc, Here)};
      for (const std::string &D : Dirs)
        Candidates.push_back(absolutePath(Inc, D));
      for (const std::string &Cand : Candidates) {
        if (!llvm::sys::fs::exists(Cand))
          continue;
        if (Seen.insert(Cand).second)
          Work.push_back(Cand);
        break;
      }
    }
  }
  return false;
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
    std::map<std::string, std::vector<std::string>> IncludeCache;
    for (const std::string &S : Sources) {
      std::string Abs = absolutePath(S);
      std::vector<CompileCommand> Cmds = Lookup->getCompileCommands(Abs);
      if (Cmds.empty() && !HaveDashDash) {
        // A file the database does not list (typically a header): analyse
        // the TUs that include it; failing that, borrow the flags of the
        // most similar file, as clangd does.
        std::vector<CompileCommand> Includers;
        for (CompileCommand &C : Lookup->getAllCompileCommands())
          if (tuIncludes(C, Abs, IncludeCache))
            Includers.push_back(std::move(C));
        if (!Includers.empty()) {
          Sel.NamedHeaders.push_back(Abs);
          for (CompileCommand &C : Includers)
            Add(std::move(C));
          continue;
        }
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
