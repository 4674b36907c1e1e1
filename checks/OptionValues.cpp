//===--- OptionValues.cpp - typed check options read as text --------------===//

#include "OptionValues.h"

namespace clang::tidy::leak {

bool readBoolOption(const ClangTidyCheck &Check, StringRef CheckName,
                    StringRef LocalName, std::optional<StringRef> Value,
                    bool Default) {
  if (!Value)
    return Default;
  StringRef V = Value->trim();
  for (StringRef T : {"true", "on", "yes", "1"})
    if (V.equals_insensitive(T))
      return true;
  for (StringRef F : {"false", "off", "no", "0"})
    if (V.equals_insensitive(F))
      return false;
  // The same words as clang-tidy's own message for its bool options.
  Check.configurationDiag(
      "invalid configuration value '%0' for option '%1'; expected a bool")
      << *Value << (CheckName + "." + LocalName).str();
  return Default;
}

} // namespace clang::tidy::leak
