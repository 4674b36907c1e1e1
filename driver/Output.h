//===--- Output.h - text and SARIF writers ---------------------*- C++ -*-===//

#ifndef LEAKHOUND_DRIVER_OUTPUT_H
#define LEAKHOUND_DRIVER_OUTPUT_H

#include "Finding.h"
#include "Worker.h"
#include "llvm/Support/raw_ostream.h"

namespace leakhound {

/// Metadata of one rule (check) for SARIF.
struct RuleInfo {
  const char *Id;
  const char *Name;
  const char *ShortDescription;
  const char *Cwe;              ///< "401", or several: "775,404"
  const char *SecuritySeverity; ///< A string, as GitHub requires.
  const char *Precision;        ///< "high", "medium"
  bool PathFindings;            ///< Notes form a path (SARIF codeFlows).
  const char *Kind = "memory-leak"; ///< The tag next to "reliability".
};
llvm::ArrayRef<RuleInfo> rules();
const RuleInfo *ruleFor(llvm::StringRef Id);

/// Fills Finding::Fingerprint for every finding from its content: the rule,
/// the file relative to \p SourceRoot, the source line with white space
/// removed, and the occurrence index of that triple. \p Findings must be
/// sorted. Line numbers play no part, so moving code keeps the identity.
void computeFingerprints(std::vector<Finding> &Findings,
                         llvm::StringRef SourceRoot);

/// One finding's first line: `file:line:col: level: message [check]`.
void writeHeadline(llvm::raw_ostream &OS, const Finding &F);

/// Display column (0-based) of the 1-based byte column \p ByteCol of \p Line:
/// tabs stop every 8 columns, a UTF-8 sequence is one column.
unsigned displayColumn(llvm::StringRef Line, unsigned ByteCol);

/// clang-tidy's text format, with source snippets.
void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings,
               bool ShowSuppressed);

struct SarifOptions {
  std::string SourceRoot; ///< Absolute; URIs are made relative to it.
  std::string Category;   ///< automationDetails.id, may be empty.
  /// GitHub code scanning's limits: results per run, and the upload's size
  /// after gzip. Beyond them the run is trimmed, and says so.
  size_t MaxResults = 25000;
  size_t MaxCompressedBytes = 10u << 20;
};

/// The SARIF document as text, trimmed to O's limits when needed: first
/// without snippets and code flows, then with fewer results. Each trim adds
/// a warning notification to the run, so nothing is lost silently.
std::string serialiseSarif(Json Doc, const SarifOptions &O);

/// One SARIF 2.1.0 run holding every finding (suppressed ones carry
/// `suppressions`) and a notification for every TU that did not complete.
Json makeSarif(const std::vector<Finding> &Findings,
               const std::vector<TUResult> &Failures, const SarifOptions &O);

/// GitLab's code-quality report (Code Climate JSON): unsuppressed findings,
/// paths relative to \p SourceRoot.
Json makeCodeClimate(const std::vector<Finding> &Findings,
                     llvm::StringRef SourceRoot);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_OUTPUT_H
