//===--- SystemHeaders.h - is this the library's code? ---------*- C++ -*-===//
//
// The checks reason about the project's code and model the libraries': a
// declaration belongs to a library when it is spelled (after macro
// expansion) in a system header. One rule, so every analysis draws the line
// in the same place.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_SYSTEMHEADERS_H
#define LEAKHOUND_CHECKS_ANALYSIS_SYSTEMHEADERS_H

#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceManager.h"

namespace leakhound {

/// Whether \p L, once macros are expanded, lies in a system header.
inline bool inSystemHeader(const clang::SourceManager &SM,
                           clang::SourceLocation L) {
  return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
}

/// Whether the declaration \p D is spelled in a system header.
inline bool inSystemHeader(const clang::SourceManager &SM,
                           const clang::Decl *D) {
  return inSystemHeader(SM, D->getLocation());
}

/// Whether the token at \p L was written by a library: \p L comes from a
/// macro expansion and the macro's text that spells it lies in a system
/// header (a `return` in gtest's `ASSERT_EQ`, not one in the project's own
/// macro or in an argument the project passes).
inline bool writtenByLibraryMacro(const clang::SourceManager &SM,
                                  clang::SourceLocation L) {
  return L.isMacroID() && SM.isInSystemHeader(SM.getSpellingLoc(L));
}

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_SYSTEMHEADERS_H
