//===--- Nolint.cpp -------------------------------------------------------===//

#include "Nolint.h"
#include "clang-tidy/GlobList.h"
#include "llvm/ADT/SmallVector.h"

namespace leakhound {

/// Does \p Line hold the directive \p Kind (e.g. "NOLINTNEXTLINE") applying
/// to \p Check? The directive takes an optional "(glob,glob)" list.
static bool hasDirective(llvm::StringRef Line, llvm::StringRef Kind,
                         llvm::StringRef Check) {
  size_t Pos = 0;
  while ((Pos = Line.find(Kind, Pos)) != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.drop_front(Pos + Kind.size());
    Pos += Kind.size();
    // "NOLINT" must not match the prefix of "NOLINTNEXTLINE" and friends.
    if (!Rest.empty() && (std::isalnum(static_cast<unsigned char>(Rest[0])) ||
                          Rest[0] == '_'))
      continue;
    if (!Rest.starts_with("("))
      return true;
    size_t Close = Rest.find(')');
    if (Close == llvm::StringRef::npos)
      return true; // Malformed: clang-tidy treats it as applying to all.
    llvm::StringRef Globs = Rest.slice(1, Close);
    clang::tidy::CachedGlobList G(Globs);
    if (G.contains(Check))
      return true;
  }
  return false;
}

bool isSuppressedByNolint(llvm::StringRef FileText, unsigned Line,
                          llvm::StringRef Check) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  FileText.split(Lines, '\n');
  if (Line == 0 || Line > Lines.size())
    return false;
  if (hasDirective(Lines[Line - 1], "NOLINT", Check))
    return true;
  if (Line >= 2 && hasDirective(Lines[Line - 2], "NOLINTNEXTLINE", Check))
    return true;
  int Depth = 0;
  for (unsigned I = 0; I + 1 < Line; ++I) {
    if (hasDirective(Lines[I], "NOLINTBEGIN", Check))
      ++Depth;
    if (hasDirective(Lines[I], "NOLINTEND", Check) && Depth > 0)
      --Depth;
  }
  return Depth > 0;
}

} // namespace leakhound
