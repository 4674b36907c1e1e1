//===--- HeaderScope.cpp - which headers' findings are shown --------------===//

#include "HeaderScope.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace leakhound {

HeaderScope::HeaderScope(std::optional<std::string> F,
                         std::optional<std::string> E, std::string R,
                         const std::vector<std::string> &N)
    : FilterGiven(F.has_value()), Root(std::move(R)) {
  if (F && !F->empty())
    Filter.emplace(*F);
  if (E && !E->empty())
    Exclude.emplace(*E);
  for (const std::string &H : N) {
    Named.insert(H);
    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(H, Real))
      Named.insert(Real);
  }
}

/// Whether \p Path is \p Dir or inside it (both absolute, no dots).
static bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  if (Dir.empty() || !Path.starts_with(Dir))
    return false;
  if (Path.size() == Dir.size() || Dir.ends_with("/"))
    return true;
  return llvm::sys::path::is_separator(Path[Dir.size()]);
}

bool HeaderScope::shows(llvm::StringRef Path, llvm::StringRef Spelled) const {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(Path, Real))
    Real = Path;
  if (Named.contains(Path) || Named.contains(Real))
    return true;
  auto Matches = [&](const llvm::Regex &R) {
    return R.match(Path) || R.match(Real) ||
           (!Spelled.empty() && R.match(Spelled));
  };
  if (Exclude && Matches(*Exclude))
    return false;
  if (FilterGiven)
    return Filter && Matches(*Filter);
  return isUnder(Real, Root);
}

} // namespace leakhound
