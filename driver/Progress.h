//===--- Progress.h - a one-line progress display on stderr ---*- C++ -*-===//
//
// While the TUs are analysed, one line on stderr shows how many have finished
// and the one last started, rewritten in place as ninja does:
//
//   [37/196] lib/http.c
//
// Each update is "\r", the line, then "\x1b[K" (erase the rest of the old
// line); the line is erased when the run ends, so the findings and the
// summary print on a clean line. --progress=auto shows it only when stderr is
// a terminal and the run has more than a handful of TUs: logs in CI and
// files stay plain. Nothing is ever written to stdout.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_PROGRESS_H
#define LEAKHOUND_DRIVER_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace leakhound {

enum class ProgressMode { Auto, Always, Never };

/// Parses "auto", "always" or "never".
bool parseProgressMode(llvm::StringRef S, ProgressMode &Mode);

class Progress {
public:
  /// Runs of at most this many TUs show no progress in auto mode.
  static constexpr size_t Handful = 5;

  /// \p Root: file names under it are shown relative to it.
  Progress(llvm::raw_ostream &OS, ProgressMode Mode, bool IsTerminal,
           size_t Total, std::string Root);
  ~Progress() { finish(); }

  bool enabled() const { return Enabled; }
  /// A TU was started (\p File non-empty) or one finished.
  void update(size_t Finished, llvm::StringRef Started);
  /// Erases the line, if one was written.
  void finish();

private:
  llvm::raw_ostream &OS;
  bool Enabled;
  size_t Total;
  std::string Root, Last;
  unsigned Width;
  bool Written = false;
};

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_PROGRESS_H
