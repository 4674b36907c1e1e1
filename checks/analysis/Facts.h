//===--- Facts.h - facts one translation unit tells the others -*- C++ -*-===//
//
// Terms.
//  * A *fact* is something a check learned in one translation unit (TU) that
//    another TU may need: a function's ownership summary, the grow and remove
//    sites of a container with external linkage. Facts are keyed by USR, so
//    the same entity seen from several TUs merges into one entry.
//  * A *conditional finding* is a finding whose truth depends on facts from
//    elsewhere ("leaks unless 'sink' releases its parameter 0"). A TU records
//    it instead of guessing.
//  * The *merge* is the link-like step: the facts of every TU are merged (in
//    any order, with the same result) and each check's resolver turns the
//    merged facts and conditional findings into final findings.
//
// How the front-ends use it. Every leak-* check reads two options:
//  * FactsOut=<dir>: at the end of the TU the check writes what it learned to
//    <dir>/<check-name>.json. The driver sets it for each TU it analyses.
//  * FactsIn=<file>: a merged facts file (written by `leakhound --facts-out`);
//    the check uses it to decide what one TU alone cannot. This is how the
//    clang-tidy plugin gets cross-TU precision.
// The merged file is {"version": 1, "checks": {"<check-name>": <section>}};
// each check owns the shape of its section.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_FACTS_H
#define LEAKHOUND_CHECKS_ANALYSIS_FACTS_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
} // namespace clang

namespace leakhound {

using Json = nlohmann::json;

inline constexpr int FactsVersion = 1;

/// A point in a source file, independent of any SourceManager.
struct SourcePoint {
  std::string File; ///< Absolute, normalised path.
  unsigned Line = 0;
  unsigned Column = 0; ///< 1-based, in bytes, as clang prints it.

  bool valid() const { return !File.empty() && Line != 0; }
  Json toJson() const;
  static std::optional<SourcePoint> fromJson(const Json &J);
};

/// The file location \p Loc maps to (macro locations map to where they were
/// expanded), with the file's absolute path.
SourcePoint pointFor(const clang::SourceManager &SM, clang::SourceLocation Loc);

/// The absolute, normalised path of the file \p FID (empty if none).
std::string absolutePathOf(const clang::SourceManager &SM, clang::FileID FID);

struct FactNote {
  SourcePoint Where;
  std::string Message;
};

/// A finding decided from facts, in the same shape a diagnostic has.
struct FactFinding {
  std::string Check;
  std::string Message;
  SourcePoint Where;
  std::vector<FactNote> Notes;

  Json toJson() const;
  static std::optional<FactFinding> fromJson(const Json &J);
};

/// Parses the text of a merged facts file; \p Name is used in messages.
std::optional<Json> parseFactsText(llvm::StringRef Text, llvm::StringRef Name,
                                   std::string &Error);

/// Parses a merged facts file. On failure returns std::nullopt and sets
/// \p Error to a one-line reason.
std::optional<Json> readFactsFile(llvm::StringRef Path, std::string &Error);

/// The section a merged facts file holds for \p Check, or null.
const Json *factsSection(const Json &Merged, llvm::StringRef Check);

/// Writes \p Contents to \p Path through a temporary file and a rename, so a
/// reader sees the old file or the complete new one, never a partial one.
bool writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents,
                         std::string &Error);

/// How a check merges the facts of several TUs and what findings the merged
/// facts imply. Merge must be commutative and associative, so the result does
/// not depend on the order of the TUs, and must leave its section unchanged
/// when it throws on malformed input (it merges in place).
struct CrossTUHandler {
  const char *CheckName;
  void (*Merge)(Json &Into, const Json &From);
  std::vector<FactFinding> (*Resolve)(const Json &Merged);
};

/// Every check's cross-TU handler (see CrossTU.cpp).
llvm::ArrayRef<CrossTUHandler> crossTUHandlers();

/// Merges per-check facts \p From ({"<check>": section}) into the merged
/// file \p Into, creating it when null. Returns false (and leaves the
/// sections of \p From that were malformed out) when \p From is malformed.
bool mergeFacts(Json &Into, const Json &From);

/// Removes, from every check section of the merged file \p Merged, the
/// recorded findings (entries of a section's arrays that carry a "finding")
/// located in a file for which \p Replaced is true. A run given earlier
/// facts with --facts analyses some files again: their old conditional
/// findings were decided without those facts and must not outlive the new
/// analysis.
void dropRecordedFindings(Json &Merged,
                          llvm::function_ref<bool(llvm::StringRef)> Replaced);

/// All findings the merged facts imply, across checks. A check whose section
/// is malformed contributes nothing and its name is added to \p Malformed.
std::vector<FactFinding> resolveFacts(const Json &Merged,
                                      std::vector<std::string> *Malformed =
                                          nullptr);

/// Default merge for sections that are objects keyed by USR whose entries are
/// arrays or objects: arrays are unioned (sorted, duplicates dropped), objects
/// merged recursively, booleans or-ed, other scalars keep the smaller value.
void mergeJsonUnion(Json &Into, const Json &From);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_FACTS_H
