//===--- Finding.h - what the driver reports ------------------*- C++ -*-===//
//
// A Finding is one diagnostic with its notes and fixes, independent of any
// SourceManager, so it can cross the process boundary between a worker and
// the driver, be merged with findings from facts, sorted, filtered by a
// baseline, and written as text or SARIF.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_FINDING_H
#define LEAKHOUND_DRIVER_FINDING_H

#include "checks/analysis/Facts.h"
#include <string>
#include <vector>

namespace leakhound {

struct Location {
  std::string File; ///< Absolute path.
  unsigned Line = 0, Column = 0;
  unsigned EndLine = 0, EndColumn = 0; ///< Exclusive end column.
  std::string LineText;                ///< The source line, for snippets.

  bool valid() const { return !File.empty() && Line != 0; }
};

struct Note {
  Location Loc;
  std::string Message;
};

struct Replacement {
  std::string File;
  unsigned Offset = 0, Length = 0;
  std::string Text;
};

enum class Suppression { None, InSource, External };

struct Finding {
  std::string Check; ///< "leak-..." or "clang-diagnostic-error".
  std::string Level = "warning"; ///< "warning", "error" or "remark" (verbose).
  std::string Message;
  Location Loc;
  std::vector<Note> Notes;
  std::vector<Replacement> Fixes;
  Suppression Suppressed = Suppression::None;
  std::string Fingerprint; ///< Content-based identity; see Fingerprint.h.
};

/// Strict weak order used for every output: file, line, column, check,
/// message. Together with de-duplication it makes output independent of -j
/// and of the order of the compilation database.
bool operator<(const Finding &A, const Finding &B);
bool sameFinding(const Finding &A, const Finding &B);

Json toJson(const Finding &F);
bool fromJson(const Json &J, Finding &F);

/// Reads line \p Line (1-based) of \p File, without its newline; empty when
/// the file or line does not exist. Caches the last file read.
std::string readSourceLine(const std::string &File, unsigned Line);

/// Path of \p File relative to \p Root when inside it, else empty.
std::string relativeTo(llvm::StringRef File, llvm::StringRef Root);

/// A Finding from a fact-derived finding, with the source lines filled in.
Finding fromFactFinding(const FactFinding &F);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_FINDING_H
