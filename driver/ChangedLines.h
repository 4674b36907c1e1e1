//===--- ChangedLines.h - the lines a change touches -----------*- C++ -*-===//

#ifndef LEAKHOUND_DRIVER_CHANGEDLINES_H
#define LEAKHOUND_DRIVER_CHANGEDLINES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <utility>
#include <vector>

namespace leakhound {

/// Added or modified lines per file (absolute paths), from a unified diff.
class ChangedLines {
public:
  /// Runs `git diff --cached` (or `git diff <Base>`) in \p Root.
  bool loadFromGit(llvm::StringRef Root, llvm::StringRef Base,
                   std::string &Error);
  /// Parses `git diff -U0` output; paths are relative to \p Root.
  void parseDiff(llvm::StringRef Diff, llvm::StringRef Root);
  bool contains(llvm::StringRef File, unsigned Line) const;

private:
  llvm::StringMap<std::vector<std::pair<unsigned, unsigned>>> Ranges;
};

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_CHANGEDLINES_H
