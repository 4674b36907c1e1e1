//===--- Baseline.h - findings accepted as they are ------------*- C++ -*-===//
//
// A baseline records findings by content fingerprint (rule, file relative to
// the source root, fingerprint), never by line number, so it survives code
// moving around. The file is small, sorted JSON meant for review:
//   {"version": 1, "findings": [{"check": ..., "file": ..., "fingerprint": ...}]}
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_BASELINE_H
#define LEAKHOUND_DRIVER_BASELINE_H

#include "Finding.h"
#include <set>
#include <tuple>

namespace leakhound {

class Baseline {
public:
  bool load(llvm::StringRef Path, std::string &Error);
  bool parse(llvm::StringRef Text, std::string &Error);
  static Baseline fromFindings(const std::vector<Finding> &Findings,
                               llvm::StringRef Root);
  std::string serialise() const;
  /// Marks findings present in the baseline as externally suppressed.
  void markSuppressed(std::vector<Finding> &Findings,
                      llvm::StringRef Root) const;
  size_t size() const { return Entries.size(); }

private:
  using Entry = std::tuple<std::string, std::string, std::string>;
  static Entry entryFor(const Finding &F, llvm::StringRef Root);
  std::set<Entry> Entries;
};

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_BASELINE_H
