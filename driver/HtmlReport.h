//===--- HtmlReport.h - the static HTML report -----------------*- C++ -*-===//
//
// `--format=html -o <dir>` writes a report a person reads in a browser:
// `index.html` (counts per check and per file, every finding, a filter by
// check) and one `finding-<n>.html` per finding (the source around it, the
// path's notes as numbered markers on their lines, the fix-it, the check's
// documentation). Every page is self-contained: inline CSS and a little
// inline JavaScript, no network, no other file, so the directory can be
// opened from file:// or attached to a CI run as it is.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_HTMLREPORT_H
#define LEAKHOUND_DRIVER_HTMLREPORT_H

#include "Finding.h"
#include "Worker.h"
#include <string>
#include <vector>

namespace leakhound {

struct HtmlReportOptions {
  std::string SourceRoot;    ///< Absolute; paths are shown relative to it.
  size_t FilesAnalysed = 0;  ///< Translation units of the run.
  bool ShowSuppressed = false; ///< Also list NOLINT'd and baselined findings.
};

/// Checks, before any analysis, that \p Dir can receive a report: it is a
/// writable directory, or does not exist and its parent is a writable
/// directory. Returns an empty string or a one-line error.
std::string checkHtmlReportDir(llvm::StringRef Dir);

/// Writes the report into \p Dir (created when missing). An existing
/// directory is reused: `index.html` and the `finding-<n>.html` pages are
/// replaced, pages of an earlier report beyond this one's are removed, and
/// any other file is left alone. Each page is written atomically, the index
/// last. The bytes depend only on the findings and options (no time, no
/// host name). Returns an empty string or a one-line error.
std::string writeHtmlReport(llvm::StringRef Dir,
                            const std::vector<Finding> &Findings,
                            const std::vector<TUResult> &Incomplete,
                            const HtmlReportOptions &O);

/// \p S as HTML text: `&<>"'` escaped; bytes that are not valid UTF-8, and
/// control characters other than tab and newline, shown as `\xNN` (marked up
/// when \p Markup). Exposed for the unit tests.
std::string escapeHtml(llvm::StringRef S, bool Markup = false);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_HTMLREPORT_H
