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

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_SYSTEMHEADERS_H
