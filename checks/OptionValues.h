//===--- OptionValues.h - typed check options read as text ----*- C++ -*-===//

#ifndef LEAKHOUND_CHECKS_OPTION_VALUES_H
#define LEAKHOUND_CHECKS_OPTION_VALUES_H

#include "clang-tidy/ClangTidyCheck.h"
#include <optional>

namespace clang::tidy::leak {

/// Reads the boolean option \p LocalName of \p Check, whose value is \p Value
/// (from Options.get). The text is parsed here, not with OptionsView's bool
/// overloads, which not every clang-tidy build exports to plugins. Accepted,
/// in any case: true/false, on/off, yes/no, 1/0. Another value is reported
/// with configurationDiag (clang-tidy warns; the leakhound driver stops with
/// exit 2) and \p Default is used.
bool readBoolOption(const ClangTidyCheck &Check, StringRef CheckName,
                    StringRef LocalName, std::optional<StringRef> Value,
                    bool Default);

} // namespace clang::tidy::leak

#endif // LEAKHOUND_CHECKS_OPTION_VALUES_H
