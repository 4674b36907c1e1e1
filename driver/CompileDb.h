//===--- CompileDb.h - choose the translation units to analyse -*- C++ -*-===//

#ifndef LEAKHOUND_DRIVER_COMPILEDB_H
#define LEAKHOUND_DRIVER_COMPILEDB_H

#include "clang/Tooling/CompilationDatabase.h"
#include <memory>
#include <string>
#include <vector>

namespace leakhound {

struct TUSelection {
  std::vector<clang::tooling::CompileCommand> Commands; ///< Sorted by file.
  /// Files named on the command line that are not TUs themselves (headers),
  /// analysed through the TUs that include them. Their findings are shown as
  /// a main file's would be.
  std::vector<std::string> NamedHeaders;
  std::string Error; ///< One line; non-empty means usage error (exit 2).
};

/// Loads the compilation database and picks one command per source file.
///  * \p BuildPath (-p): a directory holding compile_commands.json, or the
///    file itself.
///  * \p ExtraArgs: the arguments after `--`; with no -p they form a fixed
///    database, with -p they are appended to every command.
///  * \p Sources: the files named on the command line; none means every file
///    in the database. A file the database does not list (a header) is
///    analysed through the database's TUs that include it, found by following
///    #include lines through the include paths of each command; when none
///    does, with the command of the most similar file.
/// Duplicate entries keep one command, chosen independently of their order.
TUSelection selectTranslationUnits(const std::string &BuildPath,
                                   const std::vector<std::string> &ExtraArgs,
                                   bool HaveDashDash,
                                   const std::vector<std::string> &Sources);

/// Absolute, dot-free form of \p Path relative to \p Dir.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Dir = "");

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_COMPILEDB_H
