//===--- PointerOffset.h - pointers a constant offset from a variable -*- C++ -*-===//
//
// Terms.
//  * A pointer expression is *derived by constant offset* from a variable
//    `v` when it is `v` moved by a number of bytes known at compile time:
//    pointer arithmetic with constant operands (`(char *)h + sizeof *h`,
//    `h + 1`, `p - sizeof(struct hdr)`), a constant index (`&h[1]`), a field
//    or an array member reached through `v` (`&h->payload`, `h->bytes` for a
//    flexible array member), and any pointer casts in between. The offset is
//    counted in bytes, negative when stepping back.
//  * A local variable whose only store is its initialiser stands for that
//    initialiser (`void *payload = h + 1; return payload;`), so the offset
//    is followed through it.
//
// The ownership analysis uses this for two matching halves of one pattern:
// an allocator that returns an *interior pointer* of a fresh block (a header
// before the payload) and the deallocator that *steps back* from its
// parameter by the same offset before releasing it.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_POINTEROFFSET_H
#define LEAKHOUND_CHECKS_ANALYSIS_POINTEROFFSET_H

#include "llvm/ADT/DenseSet.h"
#include <cstdint>
#include <optional>

namespace clang {
class ASTContext;
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace leakhound {

struct OffsetFrom {
  const clang::VarDecl *Base = nullptr;
  int64_t Bytes = 0;
};

/// The local variables of \p Body stored to after their declaration
/// (assigned, incremented, address taken): they do not stand for their
/// initialiser.
llvm::DenseSet<const clang::VarDecl *>
variablesStoredTo(const clang::Stmt *Body);

/// The variable \p E is derived from by a constant offset, and the offset,
/// or nullopt. Locals not in \p Stored are followed to their initialiser.
std::optional<OffsetFrom>
constantOffset(const clang::Expr *E, clang::ASTContext &Ctx,
               const llvm::DenseSet<const clang::VarDecl *> &Stored);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_POINTEROFFSET_H
