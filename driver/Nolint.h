//===--- Nolint.h - NOLINT comments for findings made from facts -*- C++ -*-===//
//
// Findings reported through a TU's diagnostics get clang-tidy's own NOLINT
// handling. Findings decided in the cross-TU merge never pass through a
// DiagnosticsEngine, so this applies the same rules to the source text:
// NOLINT and NOLINT(globs) on the line, NOLINTNEXTLINE on the line before,
// and NOLINTBEGIN/NOLINTEND blocks.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_NOLINT_H
#define LEAKHOUND_DRIVER_NOLINT_H

#include "llvm/ADT/StringRef.h"

namespace leakhound {

/// True when the text of \p File suppresses \p Check at line \p Line.
bool isSuppressedByNolint(llvm::StringRef FileText, unsigned Line,
                          llvm::StringRef Check);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_NOLINT_H
