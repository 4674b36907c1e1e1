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
class Expr;
class ForStmt;
} // namespace clang

namespace leakhound {

/// The condition `i < n` (or `n > i`) of \p FS when it is a counting loop
/// whose exit through its condition leaves `i == n`; null otherwise.
const clang::BinaryOperator *countingLoopBound(const clang::ForStmt *FS,
                                               clang::ASTContext &Ctx);

/// The bound of \p FS when it counts a local integer up from its init to a
/// count read from a field, a global or a parameter (`i < s->n`), not a
/// constant nor a local variable; null otherwise. The body may do anything.
const clang::Expr *opaqueCountBound(const clang::ForStmt *FS,
                                    clang::ASTContext &Ctx);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_LOOPEXIT_H
