//===--- LoopExit.h - what a counting loop's exit says about its counter ===//
//
// Recognises counting loops (`for (i = a; i < n; i++)`) whose normal exit
// leaves the counter equal to the bound; the design comment is at the top of
// LoopExit.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_LOOPEXIT_H
#define LEAKHOUND_CHECKS_ANALYSIS_LOOPEXIT_H

namespace clang {
class ASTContext;
class BinaryOperator;
class ForStmt;
} // namespace clang

namespace leakhound {

/// The condition `i < n` (or `n > i`) of \p FS when it is a counting loop
/// whose exit through its condition leaves `i == n`; null otherwise.
const clang::BinaryOperator *countingLoopBound(const clang::ForStmt *FS,
                                               clang::ASTContext &Ctx);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_LOOPEXIT_H
