//===--- HeaderScope.h - which headers' findings are shown -----*- C++ -*-===//
//
// A finding in the main file of a TU is always shown, one in a system header
// never (the caller decides both: only it knows the TU). For the other
// headers:
//  * with a header filter (--header-filter, or HeaderFilterRegex in a
//    configuration), the headers it matches, as clang-tidy; an empty filter
//    shows none;
//  * without one, the headers under the source root: the project's own
//    headers, where its inline functions and templates live, but not
//    third-party code outside the root or under /usr;
//  * in either case, minus ExcludeHeaderFilterRegex, plus the headers named
//    on the command line (a staged header in the pre-commit hook).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_HEADER_SCOPE_H
#define LEAKHOUND_DRIVER_HEADER_SCOPE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"
#include <optional>
#include <string>
#include <vector>

namespace leakhound {

class HeaderScope {
public:
  /// \p Filter and \p Exclude are valid regular expressions (checked before
  /// the run) or nullopt when not given; \p Root is a real absolute path.
  HeaderScope(std::optional<std::string> Filter,
              std::optional<std::string> Exclude, std::string Root,
              const std::vector<std::string> &Named);

  /// Whether a finding in the non-system header \p Path (absolute) is shown;
  /// \p Spelled is the name the TU included it by, also tried on the filter.
  bool shows(llvm::StringRef Path, llvm::StringRef Spelled = "") const;

private:
  std::optional<llvm::Regex> Filter, Exclude;
  bool FilterGiven;
  std::string Root;
  llvm::StringSet<> Named;
};

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_HEADER_SCOPE_H
