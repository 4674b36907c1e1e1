//===--- SarifMerge.h - join SARIF runs of one configuration ---*- C++ -*-===//

#ifndef LEAKHOUND_DRIVER_SARIFMERGE_H
#define LEAKHOUND_DRIVER_SARIFMERGE_H

#include "checks/analysis/Facts.h"
#include <string>
#include <utility>
#include <vector>

namespace leakhound {

/// Merges leakhound SARIF documents, given as (name, text), into one run in
/// \p Doc. Returns an empty string, or a one-line error naming the input.
std::string mergeSarifTexts(
    const std::vector<std::pair<std::string, std::string>> &Inputs,
    Json &Doc);

/// `leakhound merge -o <out> <in>...`
int runMergeCommand(int Argc, const char **Argv);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_SARIFMERGE_H
