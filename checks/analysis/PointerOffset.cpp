//===--- PointerOffset.cpp - pointers a constant offset from a variable ---===//
//
// See PointerOffset.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "PointerOffset.h"
#include "ExprUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace leakhound {

llvm::DenseSet<const VarDecl *> variablesStoredTo(const Stmt *Body) {
  struct Scan : RecursiveASTVisitor<Scan> {
    llvm::DenseSet<const VarDecl *> Out;
    void note(const Expr *E) {
      if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
          Out.insert(V);
    }
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->isAssignmentOp())
        note(B->getLHS());
      return true;
    }
    bool VisitUnaryOperator(UnaryOperator *U) {
      if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
        note(U->getSubExpr());
      return true;
    }
  } S;
  if (Body)
    S.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(S.Out);
}

/// Bytes one step of pointer arithmetic on \p PtrType moves, or nullopt
/// (void * arithmetic is a GNU extension that moves by one byte).
static std::optional<int64_t> stride(QualType PtrType, ASTContext &Ctx) {
  const auto *PT = PtrType->getAs<PointerType>();
  if (!PT)
    return std::nullopt;
  QualType T = PT->getPointeeType();
  if (T->isVoidType())
    return 1;
  if (T->isIncompleteType() || T->isDependentType() || T->isFunctionType())
    return std::nullopt;
  return Ctx.getTypeSizeInChars(T).getQuantity();
}

static std::optional<int64_t> fieldOffset(const MemberExpr *ME,
                                          ASTContext &Ctx) {
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!F || F->isBitField() || F->getParent()->isInvalidDecl() ||
      F->getParent()->isDependentType())
    return std::nullopt;
  const ASTRecordLayout &L = Ctx.getASTRecordLayout(F->getParent());
  return static_cast<int64_t>(
      Ctx.toCharUnitsFromBits(L.getFieldOffset(F->getFieldIndex()))
          .getQuantity());
}

static std::optional<OffsetFrom>
offsetOf(const Expr *E, ASTContext &Ctx,
         const llvm::DenseSet<const VarDecl *> &Stored, unsigned Depth);

/// The address an lvalue \p E designates, as an offset from a variable
/// holding a pointer (`h->f`, `h[2]`, `*h`).
static std::optional<OffsetFrom>
addressOf(const Expr *E, ASTContext &Ctx,
          const llvm::DenseSet<const VarDecl *> &Stored, unsigned Depth) {
  E = E->IgnoreParens();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (!ME->isArrow())
      return std::nullopt; // A field of a local struct: not a heap offset.
    auto Base = offsetOf(ME->getBase(), Ctx, Stored, Depth + 1);
    auto Off = fieldOffset(ME, Ctx);
    if (!Base || !Off)
      return std::nullopt;
    Base->Bytes += *Off;
    return Base;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    auto Base = offsetOf(AS->getBase(), Ctx, Stored, Depth + 1);
    auto K = intConstant(AS->getIdx(), Ctx);
    auto Step = stride(AS->getBase()->getType(), Ctx);
    if (!Base || !K || !Step)
      return std::nullopt;
    Base->Bytes += *K * *Step;
    return Base;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_Deref)
    return offsetOf(U->getSubExpr(), Ctx, Stored, Depth + 1);
  return std::nullopt;
}

static std::optional<OffsetFrom>
offsetOf(const Expr *E, ASTContext &Ctx,
         const llvm::DenseSet<const VarDecl *> &Stored, unsigned Depth) {
  if (!E || Depth > 16)
    return std::nullopt;
  E = E->IgnoreParens();
  if (const auto *C = dyn_cast<CastExpr>(E)) {
    switch (C->getCastKind()) {
    case CK_NoOp:
    case CK_BitCast:
    case CK_LValueToRValue:
      return offsetOf(C->getSubExpr(), Ctx, Stored, Depth + 1);
    case CK_ArrayToPointerDecay:
      return addressOf(C->getSubExpr(), Ctx, Stored, Depth + 1);
    default:
      return std::nullopt;
    }
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DR->getDecl());
    if (!V || !V->hasLocalStorage())
      return std::nullopt;
    // A local that only its initialiser stores to stands for it.
    if (!isa<ParmVarDecl>(V) && V->getInit() && !Stored.contains(V) &&
        V->getType()->isPointerType())
      if (auto Through = offsetOf(V->getInit(), Ctx, Stored, Depth + 1))
        return Through;
    return OffsetFrom{V, 0};
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (!B->isAdditiveOp() || !E->getType()->isPointerType())
      return std::nullopt;
    const Expr *Ptr = B->getLHS(), *Int = B->getRHS();
    if (!Ptr->getType()->isPointerType()) {
      if (B->getOpcode() == BO_Sub)
        return std::nullopt;
      std::swap(Ptr, Int);
    }
    auto Base = offsetOf(Ptr, Ctx, Stored, Depth + 1);
    auto K = intConstant(Int, Ctx);
    auto Step = stride(Ptr->getType(), Ctx);
    if (!Base || !K || !Step)
      return std::nullopt;
    Base->Bytes += (B->getOpcode() == BO_Sub ? -*K : *K) * *Step;
    return Base;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    return addressOf(U->getSubExpr(), Ctx, Stored, Depth + 1);
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    // `h ? h + 1 : NULL`: the null arm carries no offset.
    auto IsNull = [&](const Expr *X) {
      return X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
    };
    if (IsNull(C->getFalseExpr()))
      return offsetOf(C->getTrueExpr(), Ctx, Stored, Depth + 1);
    if (IsNull(C->getTrueExpr()))
      return offsetOf(C->getFalseExpr(), Ctx, Stored, Depth + 1);
  }
  return std::nullopt;
}

std::optional<OffsetFrom>
constantOffset(const Expr *E, ASTContext &Ctx,
               const llvm::DenseSet<const VarDecl *> &Stored) {
  return offsetOf(E, Ctx, Stored, 0);
}

} // namespace leakhound
