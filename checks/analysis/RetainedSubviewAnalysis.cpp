//===--- RetainedSubviewAnalysis.cpp - small pieces of large buffers ------===//
//
// See RetainedSubviewAnalysis.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "RetainedSubviewAnalysis.h"
#include "ExprUtils.h"
#include "PathOrder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace leakhound {

struct RetainedSubviewAnalysis::Store {
  const Expr *DestE = nullptr;          ///< destination expression
  const VarDecl *DestVar = nullptr;     ///< a static variable's initializer
  const FieldDecl *DestField = nullptr; ///< a constructor member initializer
  bool Return = false;
  bool Swap = false;
  const Expr *Value = nullptr;
  const Stmt *Site = nullptr;
  /// Handed to parameter ArgIndex of Callee (which may keep it).
  const FunctionDecl *Callee = nullptr;
  unsigned ArgIndex = 0;
};

struct RetainedSubviewAnalysis::Leaf {
  const Expr *E = nullptr;        ///< as written
  const Expr *Stripped = nullptr; ///< stripValue(E)
  std::string Name;
  bool InitCapture = false;
  bool Moved = false;
};

struct RetainedSubviewAnalysis::Dest {
  std::string Desc;
  SourceLocation StoreLoc; ///< the long-lived store, when not the store itself
  bool ThisBased = false;
};

static StringRef nameOf(const NamedDecl *D) {
  if (!D || !D->getIdentifier())
    return "";
  return D->getName();
}

static bool isStdFn(const FunctionDecl *FD, StringRef N) {
  return FD && FD->isInStdNamespace() && nameOf(FD) == N;
}

static bool isAutomaticLocal(const ValueDecl *D) {
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() &&
         !VD->getType()->isReferenceType();
}

/// True when E is written as a move: std::move(x), static_cast<T&&>(x).
static bool mentionsMove(const Expr *E) {
  for (unsigned I = 0; E && I < 12; ++I) {
    E = ignoreTemporaries(E);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() != 1)
        return false;
      E = CE->getArg(0);
      continue;
    }
    if (const auto *C = dyn_cast<CallExpr>(E))
      return isStdFn(C->getDirectCallee(), "move");
    if (const auto *SC = dyn_cast<CXXStaticCastExpr>(E))
      return SC->getType()->isRValueReferenceType() || SC->isXValue();
    return false;
  }
  return false;
}

static bool sameBuffer(BufferRef A, BufferRef B) {
  if (A.Root)
    return A.Root == B.Root && (!A.Field || !B.Field || A.Field == B.Field);
  return !B.Root && A.Field == B.Field;
}

//===----------------------------------------------------------------------===//
// Views: which buffer a view designates, and whether it is a proper part.
//===----------------------------------------------------------------------===//

namespace {
struct ViewTrace {
  BufferRef B;
  bool Sub = false;             ///< a proper part (offset, length, substr)
  const Expr *Length = nullptr; ///< an explicit element count, if any
};
} // namespace

static ViewTrace traceView(const Expr *E, BufferSizeEstimator &Sizes,
                           const FunctionDecl *F, unsigned Depth) {
  ViewTrace R;
  if (!E || Depth > 6)
    return R;
  E = stripValue(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return R;
    QualType T = VD->getType();
    if (isOwningBufferType(T) || isSmartPointer(T)) {
      R.B.Root = VD;
      return R;
    }
    if (!isViewType(T) || !isAutomaticLocal(VD))
      return R;
    llvm::SmallVector<const Expr *, 4> Defs;
    if (VD->getInit())
      Defs.push_back(VD->getInit());
    BufferRef Self;
    Self.Root = VD;
    bool Trimmed = false;
    for (const auto &Ev : Sizes.eventsOn(Self, F)) {
      if (Ev.Name == "=" && isa<CXXOperatorCallExpr>(Ev.Call))
        Defs.push_back(cast<CXXOperatorCallExpr>(Ev.Call)->getArg(1));
      if (Ev.Name == "remove_prefix" || Ev.Name == "remove_suffix")
        Trimmed = true;
    }
    for (const auto &D : Sizes.facts(F).Defs.lookup(VD))
      if (D && D != VD->getInit())
        Defs.push_back(D);
    for (const Expr *D : Defs) {
      ViewTrace T2 = traceView(D, Sizes, F, Depth + 1);
      if (!T2.B.valid())
        continue;
      if (!R.B.valid())
        R = T2;
      else
        R.Sub |= T2.Sub;
    }
    R.Sub |= Trimmed;
    return R;
  }
  if (isa<MemberExpr>(E)) {
    QualType T = E->getType();
    if (isOwningBufferType(T) || isSmartPointer(T))
      R.B = bufferRefOf(E);
    return R;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref) {
      R.B = bufferRefOf(E);
      return R;
    }
    if (UO->getOpcode() != UO_AddrOf)
      return R;
    const Expr *Sub = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Sub))
      R = traceView(AS->getBase(), Sizes, F, Depth + 1);
    else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Sub)) {
      if (OC->getOperator() == OO_Subscript)
        R = traceView(OC->getArg(0), Sizes, F, Depth + 1);
    } else if (const auto *ME = dyn_cast<MemberExpr>(Sub)) {
      BufferRef Base = bufferRefOf(ME->getBase());
      const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (Base.Root && !Base.Field && FD) {
        R.B.Root = Base.Root;
        R.B.Field = FD;
      }
    }
    R.Sub = R.B.valid();
    return R;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if ((BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
        BO->getType()->isPointerType()) {
      const Expr *P = BO->getLHS()->getType()->isPointerType() ? BO->getLHS()
                                                               : BO->getRHS();
      R = traceView(P, Sizes, F, Depth + 1);
      R.Sub = R.B.valid();
    }
    return R;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    OverloadedOperatorKind K = OC->getOperator();
    if ((K == OO_Star || K == OO_Arrow) && OC->getNumArgs() == 1) {
      R.B = bufferRefOf(E);
      return R;
    }
    if ((K == OO_Plus || K == OO_Minus) && OC->getNumArgs() == 2 &&
        isViewType(OC->getType())) {
      R = traceView(OC->getArg(0), Sizes, F, Depth + 1);
      R.Sub = R.B.valid();
    }
    return R;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (!MD || !Obj || !isViewType(MC->getType()))
      return R;
    QualType OT = Obj->getType().getNonReferenceType();
    if (OT->isPointerType())
      OT = OT->getPointeeType();
    if (!isOwningBufferType(OT) && !isViewType(OT) && !isSmartPointer(OT))
      return R;
    R = traceView(Obj, Sizes, F, Depth + 1);
    if (MC->getNumArgs() > 0 && R.B.valid()) {
      // substr(pos, n), subspan(off, n), first(n), last(n).
      R.Sub = true;
      StringRef N = nameOf(MD);
      if (MC->getNumArgs() == 2 && !isa<CXXDefaultArgExpr>(MC->getArg(1)) &&
          MC->getArg(1)->getType()->isIntegerType())
        R.Length = MC->getArg(1);
      else if ((N == "first" || N == "last") && MC->getNumArgs() == 1)
        R.Length = MC->getArg(0);
    }
    return R;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (!isViewType(CE->getType()) || CE->getNumArgs() == 0)
      return R;
    R = traceView(CE->getArg(0), Sizes, F, Depth + 1);
    if (CE->getNumArgs() >= 2 && R.B.valid()) {
      R.Sub = true;
      if (CE->getArg(1)->getType()->isIntegerType())
        R.Length = CE->getArg(1);
    }
    return R;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if ((isStdFn(FD, "next") || isStdFn(FD, "prev")) && CE->getNumArgs() >= 1) {
      R = traceView(CE->getArg(0), Sizes, F, Depth + 1);
      R.Sub = R.B.valid();
    }
  }
  return R;
}

//===----------------------------------------------------------------------===//
// Stores
//===----------------------------------------------------------------------===//

namespace {
class StoreCollector {
public:
  explicit StoreCollector(std::vector<RetainedSubviewAnalysis::Store> &Out)
      : Out(Out) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *I : L->capture_inits())
        walk(I);
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      if (E->containsErrors())
        return;
    visit(S);
    for (const Stmt *C : S->children())
      walk(C);
  }

private:
  void add(const Expr *Dest, const Expr *Value, const Stmt *Site,
           bool Swap = false) {
    RetainedSubviewAnalysis::Store St;
    St.DestE = Dest;
    St.Value = Value;
    St.Site = Site;
    St.Swap = Swap;
    Out.push_back(St);
  }

  /// Each argument of a call to a project function: the callee may keep it.
  void handOver(const CallExpr *CE, const FunctionDecl *FD) {
    if (!FD || FD->isInStdNamespace() || FD->getBuiltinID())
      return;
    unsigned N = std::min(CE->getNumArgs(), FD->getNumParams());
    for (unsigned I = 0; I < N; ++I) {
      RetainedSubviewAnalysis::Store St;
      St.Value = CE->getArg(I);
      St.Site = CE;
      St.Callee = FD;
      St.ArgIndex = I;
      Out.push_back(St);
    }
  }

  void visit(const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_Assign)
        add(BO->getLHS(), BO->getRHS(), BO);
      return;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        add(OC->getArg(0), OC->getArg(1), OC);
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (MD && !MD->getParent()->isInStdNamespace())
        handOver(MC, MD);
      if (!MD || !Obj || !MD->getParent()->isInStdNamespace())
        return;
      StringRef N = nameOf(MD);
      if (N == "swap" && MC->getNumArgs() == 1) {
        add(Obj, MC->getArg(0), MC, true);
        add(MC->getArg(0), Obj, MC, true);
        return;
      }
      bool Inserts =
          llvm::StringSwitch<bool>(N)
              .Cases("push_back", "emplace_back", "push_front", true)
              .Cases("emplace_front", "insert", "emplace", "emplace_hint", true)
              .Cases("try_emplace", "insert_or_assign", "push", "emplace", true)
              .Default(false);
      if (Inserts)
        for (const Expr *A : MC->arguments())
          add(Obj, A, MC);
      return;
    }
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      if (isStdFn(CE->getDirectCallee(), "swap") && CE->getNumArgs() == 2) {
        add(CE->getArg(0), CE->getArg(1), CE, true);
        add(CE->getArg(1), CE->getArg(0), CE, true);
      } else if (!isa<CXXOperatorCallExpr>(CE)) {
        handOver(CE, CE->getDirectCallee());
      }
      return;
    }
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      if (R->getRetValue()) {
        RetainedSubviewAnalysis::Store St;
        St.Return = true;
        St.Value = R->getRetValue();
        St.Site = R;
        Out.push_back(St);
      }
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->isStaticLocal() && VD->getInit()) {
            RetainedSubviewAnalysis::Store St;
            St.DestVar = VD;
            St.Value = VD->getInit();
            St.Site = DS;
            Out.push_back(St);
          }
    }
  }

  std::vector<RetainedSubviewAnalysis::Store> &Out;
};

} // namespace

RetainedSubviewAnalysis::RetainedSubviewAnalysis(ASTContext &Ctx,
                                                 uint64_t Threshold)
    : Ctx(Ctx), Threshold(Threshold), Sizes(Ctx), LT(Ctx) {}
RetainedSubviewAnalysis::~RetainedSubviewAnalysis() = default;

const std::vector<RetainedSubviewAnalysis::Store> &
RetainedSubviewAnalysis::storesOf(const FunctionDecl *F) {
  auto &Slot = StoreCache[F];
  if (!Slot) {
    Slot = std::make_unique<std::vector<Store>>();
    if (F->hasBody() && !F->isInvalidDecl()) {
      StoreCollector C(*Slot);
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
        for (const CXXCtorInitializer *I : Ctor->inits())
          if (I->isWritten() && I->getMember() && I->getInit() &&
              !I->getInit()->containsErrors()) {
            Store St;
            St.DestField = I->getMember();
            St.Value = I->getInit();
            St.Site = I->getInit();
            Slot->push_back(St);
          }
      C.walk(F->getBody());
    }
  }
  return *Slot;
}

/// Where a store puts its value, when that storage lives for the whole
/// process: the lifetime model's answer (Lifetime.h), in a message's words.
std::optional<RetainedSubviewAnalysis::Dest>
RetainedSubviewAnalysis::longLived(const Store &S, const FunctionDecl *F,
                                   unsigned Depth) {
  std::optional<ProcessStorage> P;
  if (S.DestVar)
    P = LT.variable(S.DestVar);
  else if (S.DestField) {
    const auto *RD = dyn_cast<CXXRecordDecl>(S.DestField->getParent());
    if (LT.isProcessLifetimeClass(RD))
      P = ProcessStorage{"member '" + S.DestField->getNameAsString() +
                             "' of long-lived '" + RD->getNameAsString() + "'",
                         {}, true};
  } else if (S.Return) {
    // A returned piece: some caller (at any depth) stores the result.
    if (Depth == 0)
      P = LT.resultStored(F);
  } else if (S.Callee) {
    // A piece handed to a function that keeps its parameter.
    P = LT.paramStored(S.Callee, S.ArgIndex);
  } else {
    // `p->push_back(x)` stores into what p points to.
    P = LT.storageOf(S.DestE, F,
                     S.DestE->getType()->isPointerType() &&
                         isa_and_nonnull<CXXMemberCallExpr>(S.Site));
  }
  if (!P)
    return std::nullopt;
  Dest D;
  D.Desc = P->Desc;
  D.StoreLoc = P->Via;
  D.ThisBased = P->ThisBased;
  return D;
}

//===----------------------------------------------------------------------===//
// Decomposition of a stored value into leaves
//===----------------------------------------------------------------------===//

static bool isAggregateLike(QualType T) {
  T = T.getNonReferenceType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || isOwningBufferType(T) || isSmartPointer(T) || isViewType(T))
    return false;
  if (RD->isLambda())
    return true;
  if (RD->isInStdNamespace())
    return nameOf(RD) == "function" || nameOf(RD) == "pair" ||
           nameOf(RD) == "tuple" || nameOf(RD) == "move_only_function";
  return true;
}

void RetainedSubviewAnalysis::decompose(const Expr *E, const FunctionDecl *F,
                                        StringRef Name, unsigned Depth,
                                        std::vector<Leaf> &Out) {
  if (!E || Depth > 4 || E->containsErrors())
    return;
  const Expr *S = stripValue(E);
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    auto Init = L->capture_init_begin();
    for (const LambdaCapture &C : L->captures()) {
      const Expr *I = *Init++;
      if (!I || !C.capturesVariable())
        continue;
      Leaf Lf;
      Lf.E = I;
      Lf.Stripped = stripValue(I);
      Lf.Name = nameOf(C.getCapturedVar()).str();
      Lf.InitCapture = L->isInitCapture(&C);
      Out.push_back(Lf);
    }
    return;
  }
  if (const auto *IL = dyn_cast<InitListExpr>(S)) {
    const RecordDecl *RD = IL->getType()->getAsRecordDecl();
    unsigned I = 0;
    const auto *CRD = dyn_cast_or_null<CXXRecordDecl>(RD);
    if (RD && !RD->isUnion() && (!CRD || CRD->getNumBases() == 0)) {
      for (const FieldDecl *FD : RD->fields()) {
        if (I >= IL->getNumInits())
          break;
        decompose(IL->getInit(I++), F, nameOf(FD), Depth + 1, Out);
      }
      return;
    }
    for (const Expr *Init : IL->inits())
      decompose(Init, F, Name, Depth + 1, Out);
    return;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    if (isAggregateLike(CE->getType())) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        decompose(CE->getArg(I), F,
                  I < Ctor->getNumParams() ? nameOf(Ctor->getParamDecl(I))
                                           : Name,
                  Depth + 1, Out);
      return;
    }
  }
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if ((isStdFn(FD, "make_pair") || isStdFn(FD, "make_tuple") ||
         ((isStdFn(FD, "make_shared") || isStdFn(FD, "make_unique")) &&
          isAggregateLike(firstTemplateArg(CE->getType()))))) {
      for (const Expr *A : CE->arguments())
        decompose(A, F, Name, Depth + 1, Out);
      return;
    }
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && isAutomaticLocal(VD) && isAggregateLike(VD->getType())) {
      if (VD->getInit())
        decompose(VD->getInit(), F, Name, Depth + 1, Out);
      for (const Store &S2 : storesOf(F)) {
        if (!S2.DestE || !S2.Value)
          continue;
        const auto *ME = dyn_cast<MemberExpr>(S2.DestE->IgnoreParenImpCasts());
        if (!ME)
          continue;
        const auto *Base =
            dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
        if (Base && Base->getDecl() == VD)
          decompose(S2.Value, F, nameOf(ME->getMemberDecl()), Depth + 1, Out);
      }
      return;
    }
  }
  Leaf Lf;
  Lf.E = E;
  Lf.Stripped = S;
  Lf.Name = Name.str();
  Lf.Moved = mentionsMove(E);
  Out.push_back(Lf);
}

//===----------------------------------------------------------------------===//
// The three forms
//===----------------------------------------------------------------------===//

std::string RetainedSubviewAnalysis::name(BufferRef B) const {
  std::string R;
  if (B.Root)
    R = B.Root->getNameAsString();
  if (B.Field) {
    if (!R.empty())
      R += isSmartPointer(cast<VarDecl>(B.Root)->getType()) ||
                   B.Root->getType()->isPointerType()
               ? "->"
               : ".";
    R += B.Field->getNameAsString();
  }
  return R;
}

static const CXXConstructExpr *asAlias(const Expr *E) {
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(E);
  if (!CE || CE->getNumArgs() != 2 ||
      !isStdRecord(CE->getType(), "shared_ptr") ||
      !isStdRecord(CE->getArg(0)->getType(), "shared_ptr") ||
      !CE->getArg(1)->getType()->isPointerType())
    return nullptr;
  return CE;
}

static std::string sourceText(const ASTContext &Ctx, SourceRange R) {
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                              Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

static bool fixable(const ASTContext &Ctx, SourceRange R) {
  const SourceManager &SM = Ctx.getSourceManager();
  return R.isValid() && !R.getBegin().isMacroID() && !R.getEnd().isMacroID() &&
         SM.isWrittenInMainFile(R.getBegin());
}

/// The statement directly inside a compound statement that contains L.
static const Stmt *enclosingStatement(const Stmt *S, SourceLocation L,
                                      const SourceManager &SM) {
  const Stmt *Found = nullptr;
  for (unsigned I = 0; S && I < 64; ++I) {
    const Stmt *Next = nullptr;
    for (const Stmt *C : S->children()) {
      if (!C)
        continue;
      SourceRange R = C->getSourceRange();
      if (R.isValid() && !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
          !SM.isBeforeInTranslationUnit(R.getEnd(), L)) {
        Next = C;
        break;
      }
    }
    if (!Next)
      break;
    if (isa<CompoundStmt>(S))
      Found = Next;
    S = Next;
  }
  return Found;
}

void RetainedSubviewAnalysis::analyzeLeaf(const Leaf &L,
                                          const std::vector<Leaf> &Siblings,
                                          const Store &S, const FunctionDecl *F,
                                          const Dest &D,
                                          std::vector<RetentionFinding> &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  const Expr *St = L.Stripped;
  if (!St || St->containsErrors())
    return;
  RetentionFinding R;
  R.Loc = L.E->getBeginLoc();
  R.Range = L.E->getSourceRange();
  R.Dest = D.Desc;
  R.StoreLoc = D.StoreLoc;
  if (R.StoreLoc.isInvalid() && S.Site &&
      SM.getSpellingLineNumber(S.Site->getBeginLoc()) !=
          SM.getSpellingLineNumber(R.Loc) &&
      !S.Return)
    R.StoreLoc = S.Site->getBeginLoc();
  if (R.StoreLoc.isValid() &&
      SM.getSpellingLineNumber(R.StoreLoc) == SM.getSpellingLineNumber(R.Loc))
    R.StoreLoc = SourceLocation();
  const auto *DRE = dyn_cast<DeclRefExpr>(St);
  R.Piece = !L.Name.empty() ? L.Name
            : DRE           ? DRE->getDecl()->getNameAsString()
                            : "";
  if (R.Piece.empty() && S.DestE && L.E == S.Value)
    if (const auto *ME = dyn_cast<MemberExpr>(S.DestE->IgnoreParenImpCasts()))
      R.Piece = nameOf(ME->getMemberDecl()).str();
  if (R.Piece.empty() && S.DestField && L.E == S.Value)
    R.Piece = S.DestField->getNameAsString();
  if (R.Piece.empty() && S.DestVar && L.E == S.Value)
    R.Piece = S.DestVar->getNameAsString();

  // 1. An aliasing shared_ptr.
  const CXXConstructExpr *Alias = asAlias(St);
  if (!Alias && DRE && isAutomaticLocal(DRE->getDecl()))
    if (const Expr *Init = cast<VarDecl>(DRE->getDecl())->getInit())
      Alias = asAlias(stripValue(Init));
  const Expr *AOwner = Alias ? Alias->getArg(0) : nullptr;
  const Expr *APtr = Alias ? Alias->getArg(1) : nullptr;
  // 'v.emplace_back(owner, ptr)' on a container of shared_ptr constructs the
  // alias in place.
  if (!Alias && L.E == S.Value && St->getType()->isPointerType())
    if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S.Site)) {
      StringRef N = nameOf(MC->getMethodDecl());
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (Obj &&
          (N == "emplace_back" || N == "emplace_front" || N == "emplace") &&
          (isStdRecord(Obj->getType(), "vector") ||
           isStdRecord(Obj->getType(), "deque") ||
           isStdRecord(Obj->getType(), "list")) &&
          isStdRecord(firstTemplateArg(Obj->getType()), "shared_ptr"))
        for (unsigned I = 1; I < MC->getNumArgs(); ++I)
          if (MC->getArg(I) == S.Value &&
              isStdRecord(MC->getArg(I - 1)->getType(), "shared_ptr")) {
            AOwner = MC->getArg(I - 1);
            APtr = S.Value;
          }
    }
  if (AOwner) {
    SourceLocation ALoc = Alias ? Alias->getBeginLoc() : APtr->getBeginLoc();
    BufferRef Owner = bufferRefOf(AOwner);
    if (!Owner.Root || Owner.Field)
      return;
    ViewTrace T = traceView(APtr, Sizes, F, 0);
    if (!T.B.valid() || T.B.Root != Owner.Root)
      return;
    SizeEstimate Size = Sizes.peakBytes(Owner, F, ALoc);
    if (!Size.isLarge(Threshold))
      return;
    if (T.B.Field) {
      // An alias of the large part itself is not a small piece.
      QualType FT = T.B.Field->getType();
      if (!FT->isIncompleteType() && !FT->isDependentType() &&
          (uint64_t)Ctx.getTypeSizeInChars(FT).getQuantity() >= Threshold)
        return;
      if (Sizes.peakBytes(T.B, F, ALoc).isLarge(Threshold))
        return;
    }
    R.Form = RetentionFinding::Alias;
    R.Buffer = name(Owner);
    R.Size = Size;
    // std::shared_ptr<T>(owner, &owner->field) ->
    // std::make_shared<T>(owner->field)
    const auto *TO = dyn_cast_or_null<CXXTemporaryObjectExpr>(Alias);
    const auto *Addr = dyn_cast<UnaryOperator>(APtr->IgnoreParenImpCasts());
    if (TO && Addr && Addr->getOpcode() == UO_AddrOf && T.B.Field &&
        St == Alias && fixable(Ctx, Alias->getSourceRange())) {
      TypeLoc TL = TO->getTypeSourceInfo()->getTypeLoc();
      if (auto ETL = TL.getAs<ElaboratedTypeLoc>())
        TL = ETL.getNamedTypeLoc();
      auto TST = TL.getAs<TemplateSpecializationTypeLoc>();
      if (TST && TST.getNumArgs() == 1) {
        std::string Arg =
            Lexer::getSourceText(
                CharSourceRange::getCharRange(
                    TST.getLAngleLoc().getLocWithOffset(1), TST.getRAngleLoc()),
                Ctx.getSourceManager(), Ctx.getLangOpts())
                .trim()
                .str();
        std::string Member =
            sourceText(Ctx, Addr->getSubExpr()->getSourceRange());
        if (!Arg.empty() && !Member.empty()) {
          R.FixRange = Alias->getSourceRange();
          R.FixText = "std::make_shared<" + Arg + ">(" + Member + ")";
        }
      }
    }
    Out.push_back(std::move(R));
    return;
  }

  // 3. A shrunk container moved into long-lived storage.
  if (DRE && (L.Moved || S.Return || S.Swap) &&
      isAutomaticLocal(DRE->getDecl()) &&
      (isStdRecord(DRE->getType(), "vector") ||
       isStdRecord(DRE->getType(), "basic_string"))) {
    const auto *VD = cast<VarDecl>(DRE->getDecl());
    BufferRef B;
    B.Root = VD;
    uint64_t Elem = Sizes.elementSize(VD->getType());
    // Classify the events on the local, then order them by paths: a shrink
    // counts when a large peak reaches it and it reaches the store with no
    // reset (shrink_to_fit, swap, reassignment, a move away, large growth)
    // in between.
    struct CapEvent {
      const Expr *Call;
      SizeEstimate Growth;
      bool Shrinks = false, Resets = false;
    };
    std::vector<CapEvent> Evs;
    for (const auto &Ev : Sizes.eventsOn(B, F)) {
      if (Ev.Call == S.Site)
        continue;
      StringRef N = Ev.Name;
      const auto *MC = dyn_cast<CXXMemberCallExpr>(Ev.Call);
      unsigned NArgs = 0; // written arguments
      if (MC)
        for (const Expr *A : MC->arguments())
          if (!isa<CXXDefaultArgExpr>(A))
            ++NArgs;
      CapEvent C{Ev.Call, SizeEstimate()};
      if (N == "shrink_to_fit" || N == "swap") {
        C.Resets = true;
      } else if (N == "=") {
        C.Resets = true;
        C.Growth = Sizes.eventGrowth(Ev, Elem, F);
      } else {
        SizeEstimate G = Sizes.eventGrowth(Ev, Elem, F);
        if (N == "resize" || N == "assign") {
          // To an input length (what a read returned): at most that, so
          // it may shrink.
          if (G.isLarge(Threshold) && !G.UpTo)
            C.Growth = G;
          else
            C.Shrinks = true;
        } else if (N == "clear") {
          C.Shrinks = true;
        } else if (N == "pop_back") {
          C.Shrinks = Ev.Loop != nullptr;
        } else if (N == "erase" && MC) {
          // Truncation: erase(pos) on a string, erase(first, end()),
          // erase(pos, npos).
          if (NArgs == 1)
            C.Shrinks = MC->getArg(0)->getType()->isIntegerType(); // to npos
          else if (NArgs == 2) {
            const Expr *Last = stripValue(MC->getArg(1));
            if (const auto *LC = dyn_cast<CXXMemberCallExpr>(Last))
              C.Shrinks = nameOf(LC->getMethodDecl()) == "end" ||
                          nameOf(LC->getMethodDecl()) == "cend";
            else if (const auto *LD = dyn_cast<DeclRefExpr>(Last))
              C.Shrinks = nameOf(LD->getDecl()) == "npos";
            else if (const auto *LM = dyn_cast<MemberExpr>(Last))
              C.Shrinks = nameOf(LM->getMemberDecl()) == "npos";
          }
        } else {
          C.Growth = G;
          // Large growth after a shrink uses the capacity again.
          C.Resets = G.isLarge(Threshold);
        }
      }
      Evs.push_back(C);
    }
    // Every other store of the local (a move away, a swap) resets it too.
    llvm::SmallVector<const Stmt *, 8> Resets;
    for (const CapEvent &C : Evs)
      if (C.Resets)
        Resets.push_back(C.Call);
    for (const Store &S2 : storesOf(F))
      if (&S2 != &S && S2.Site && S2.Value)
        if (const auto *V = dyn_cast<DeclRefExpr>(stripValue(S2.Value));
            V && V->getDecl() == VD)
          Resets.push_back(S2.Site);
    Resets.push_back(S.Site);
    PathOrder &PO = pathOrder(F);
    if (!PO.valid())
      return;
    SizeEstimate Init;
    if (VD->getInit())
      Init = Sizes.valueBytes(VD->getInit(), F);
    SizeEstimate Peak;
    SourceLocation ShrinkLoc;
    for (const CapEvent &Sh : Evs) {
      if (!Sh.Shrinks)
        continue;
      // The largest size a path brings to this shrink.
      SizeEstimate P;
      if (PO.reaches(nullptr, Sh.Call, Resets))
        P = Init;
      for (const CapEvent &G : Evs)
        if (&G != &Sh && !G.Shrinks && G.Growth.Kind != SizeEstimate::Unknown &&
            PO.reaches(G.Call, Sh.Call, Resets))
          P = SizeEstimate::max(P, G.Growth);
      if (!P.isLarge(Threshold) || !PO.reaches(Sh.Call, S.Site, Resets))
        continue;
      Peak = P;
      ShrinkLoc = Sh.Call->getBeginLoc();
      break;
    }
    if (ShrinkLoc.isInvalid() || !Peak.isLarge(Threshold))
      return;
    R.Form = RetentionFinding::Capacity;
    R.Buffer = VD->getNameAsString();
    R.Piece = R.Buffer;
    R.Size = Peak;
    R.ShrinkLoc = ShrinkLoc;
    if (const Stmt *Enc = enclosingStatement(F->getBody(), R.Loc, SM))
      if (fixable(Ctx, Enc->getSourceRange()) &&
          SM.isWrittenInMainFile(R.Loc) && !R.Loc.isMacroID()) {
        unsigned Col = SM.getSpellingColumnNumber(Enc->getBeginLoc());
        R.FixInsertLoc = Enc->getBeginLoc();
        R.FixText = VD->getNameAsString() + ".shrink_to_fit();\n" +
                    std::string(Col > 0 ? Col - 1 : 0, ' ');
      }
    Out.push_back(std::move(R));
    return;
  }

  // 2. A view into a buffer whose owner is kept alive.
  if (!isViewType(St->getType()))
    return;
  ViewTrace T = traceView(St, Sizes, F, 0);
  if (!T.B.valid() || !T.Sub)
    return;
  QualType BT =
      T.B.Field ? T.B.Field->getType() : cast<VarDecl>(T.B.Root)->getType();
  if (!isOwningBufferType(BT) && !isSmartPointer(BT))
    return;
  if (T.Length) {
    SizeEstimate Len = Sizes.countOf(T.Length, F);
    if (Len.Kind == SizeEstimate::AtLeast &&
        Len.Bytes * Sizes.elementSize(St->getType()) >= Threshold)
      return; // the piece is large itself
  }
  SourceLocation OwnerLoc;
  for (const Leaf &Sib : Siblings) {
    if (&Sib == &L || !Sib.Stripped)
      continue;
    BufferRef SB = bufferRefOf(Sib.Stripped);
    if (SB.valid() && !isViewType(Sib.Stripped->getType()) &&
        sameBuffer(SB, T.B)) {
      OwnerLoc = Sib.E->getBeginLoc();
      break;
    }
  }
  if (OwnerLoc.isInvalid() && T.B.Root) {
    // An owner with static storage is kept for the view when this function
    // is the one that fills it (its initializer or an assignment here); a
    // global that lives anyway is not retained by a view into it.
    const auto *RV = cast<VarDecl>(T.B.Root);
    if (RV->hasGlobalStorage() && !RV->getType()->isArrayType()) {
      if (RV->isStaticLocal() && RV->getParentFunctionOrMethod() == F)
        OwnerLoc = RV->getLocation();
      for (const auto &Ev : Sizes.eventsOn(T.B, F))
        if (OwnerLoc.isInvalid() &&
            Sizes.eventGrowth(Ev, Sizes.elementSize(RV->getType()), F)
                .isLarge(Threshold))
          OwnerLoc = Ev.Call->getBeginLoc();
    }
  }
  if (OwnerLoc.isInvalid() && !T.B.Root && D.ThisBased)
    OwnerLoc = T.B.Field->getLocation();
  if (OwnerLoc.isInvalid())
    for (const Store &S2 : storesOf(F)) {
      if (&S2 == &S || !S2.Value)
        continue;
      std::vector<Leaf> Leaves;
      decompose(S2.Value, F, "", 0, Leaves);
      const Leaf *Match = nullptr;
      for (const Leaf &X : Leaves) {
        BufferRef XB = bufferRefOf(X.Stripped);
        if (XB.valid() && !isViewType(X.Stripped->getType()) &&
            sameBuffer(XB, T.B)) {
          Match = &X;
          break;
        }
      }
      if (Match && longLived(S2, F, 1)) {
        OwnerLoc = Match->E->getBeginLoc();
        break;
      }
    }
  if (OwnerLoc.isInvalid())
    return;
  SizeEstimate Size = Sizes.peakBytes(T.B, F, St->getBeginLoc());
  BufferRef Whole = T.B;
  if (!Size.isLarge(Threshold) && T.B.Root && T.B.Field &&
      isSmartPointer(cast<VarDecl>(T.B.Root)->getType())) {
    // The view is into a member of the object the smart pointer owns: the
    // whole object is what stays alive (a decoded file, a parsed document).
    BufferRef RootOnly;
    RootOnly.Root = T.B.Root;
    SizeEstimate RootSize = Sizes.peakBytes(RootOnly, F, St->getBeginLoc());
    if (RootSize.isLarge(Threshold)) {
      Size = RootSize;
      Whole = RootOnly;
    }
  }
  if (!Size.isLarge(Threshold))
    return;
  R.Form = RetentionFinding::View;
  R.Buffer = name(Whole);
  R.Size = Size;
  R.OwnerLoc = OwnerLoc;
  if (L.InitCapture && isStdRecord(St->getType(), "basic_string_view") &&
      fixable(Ctx, L.E->getSourceRange())) {
    R.FixInsertLoc = L.E->getBeginLoc();
    R.FixText = "std::string(";
    R.FixRange = L.E->getSourceRange();
    R.FixInsertAfter = ")";
  }
  Out.push_back(std::move(R));
}

/// The reference or pointer parameter \p E designates something inside, or
/// null.
static const ParmVarDecl *rootParam(const Expr *E) {
  for (unsigned N = 0; E && N < 16; ++N) {
    E = ignoreTemporaries(E);
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      E = AS->getBase();
    else if (const auto *UO = dyn_cast<UnaryOperator>(E);
             UO && UO->getOpcode() == UO_Deref)
      E = UO->getSubExpr();
    else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
             OC && OC->getNumArgs() >= 1 &&
             (OC->getOperator() == OO_Subscript ||
              OC->getOperator() == OO_Star || OC->getOperator() == OO_Arrow))
      E = OC->getArg(0);
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *PV = dyn_cast<ParmVarDecl>(DRE->getDecl());
      if (PV && (PV->getType()->isReferenceType() ||
                 PV->getType()->isPointerType()))
        return PV;
      return nullptr;
    } else
      return nullptr;
  }
  return nullptr;
}

static std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return {};
  return std::string(Buf);
}

/// A store this TU cannot place, into a returned value or a parameter of a
/// function other TUs call: analysed as if long-lived, and kept as a pending
/// finding the merge confirms when a caller elsewhere stores the result or
/// binds the parameter to process-lifetime storage.
void RetainedSubviewAnalysis::deferToMerge(const Store &S, const FunctionDecl *F,
                                           const std::vector<Leaf> &Leaves) {
  std::string Cond, Key;
  if (S.Return) {
    if (LT.decidedInTU(F))
      return;
    Cond = "stores_result";
    Key = usrOf(F->getCanonicalDecl());
  } else if (S.Callee) {
    // A function defined in another TU may keep what it is handed.
    if (S.Callee->isDefined() || LT.decidedInTU(S.Callee))
      return;
    Cond = "stores_param";
    Key = usrOf(S.Callee->getCanonicalDecl()) + "#" +
          std::to_string(S.ArgIndex);
  } else if (S.DestE) {
    const ParmVarDecl *PV = rootParam(S.DestE);
    const auto *Owner =
        PV ? dyn_cast<FunctionDecl>(PV->getDeclContext()) : nullptr;
    if (!Owner || LT.decidedInTU(Owner))
      return;
    Cond = "binds_param";
    Key = usrOf(Owner->getCanonicalDecl()) + "#" +
          std::to_string(PV->getFunctionScopeIndex());
  }
  if (Key.empty() || Key.front() == '#')
    return;
  Dest D;
  D.Desc = StoragePlaceholder.str();
  if (!S.Return && !S.Callee)
    D.Desc += " (through '" + rootParam(S.DestE)->getNameAsString() + "')";
  std::vector<RetentionFinding> Found;
  for (const Leaf &L : Leaves)
    analyzeLeaf(L, Leaves, S, F, D, Found);
  for (RetentionFinding &R : Found)
    Pending.push_back({Cond, Key, std::move(R)});
}

PathOrder &RetainedSubviewAnalysis::pathOrder(const FunctionDecl *F) {
  std::unique_ptr<PathOrder> &Slot = Paths[F];
  if (!Slot)
    Slot = std::make_unique<PathOrder>(F, Ctx);
  return *Slot;
}

std::vector<RetentionFinding> RetainedSubviewAnalysis::run() {
  std::vector<RetentionFinding> Out;
  llvm::DenseSet<std::pair<unsigned, unsigned>> Seen;
  for (const FunctionDecl *F : Functions) {
    if (F->isInvalidDecl() || !F->hasBody())
      continue;
    for (const Store &S : storesOf(F)) {
      if (!S.Value || S.Value->containsErrors())
        continue;
      // Cheap filter before the lifetime question: only stores that carry a
      // view, an alias or a moved container can retain anything.
      std::vector<RetentionFinding> Found;
      std::optional<Dest> D;
      std::vector<Leaf> Leaves;
      decompose(S.Value, F, "", 0, Leaves);
      bool Candidate = false;
      for (const Leaf &L : Leaves)
        if (L.Stripped && (isViewType(L.Stripped->getType()) ||
                           isStdRecord(L.Stripped->getType(), "shared_ptr") ||
                           ((L.Moved || S.Return || S.Swap) &&
                            isOwningBufferType(L.Stripped->getType())))) {
          Candidate = true;
          break;
        }
      if (!Candidate)
        continue;
      if (!(D = longLived(S, F, 0))) {
        deferToMerge(S, F, Leaves);
        continue;
      }
      for (const Leaf &L : Leaves)
        analyzeLeaf(L, Leaves, S, F, *D, Found);
      for (RetentionFinding &R : Found)
        if (Seen.insert({R.Loc.getRawEncoding(), (unsigned)R.Form}).second)
          Out.push_back(std::move(R));
    }
  }
  return Out;
}

void RetainedSubviewAnalysis::useFacts(const Json &MergedSection) {
  if (!MergedSection.is_object())
    return;
  auto L = MergedSection.find("lifetime");
  if (L == MergedSection.end() || !L->is_object())
    return;
  MergedLifetime = *L;
  LT.useFacts(&MergedLifetime);
}

Json RetainedSubviewAnalysis::facts() {
  const SourceManager &SM = Ctx.getSourceManager();
  Json Out = Json::object();
  Out["lifetime"] =
      LT.facts([](const CXXRecordDecl *) { return false; });
  Json P = Json::array();
  for (const PendingRetention &X : Pending) {
    FactFinding F;
    F.Check = RetainedSubviewCheckName.str();
    F.Message = retentionMessage(X.F);
    F.Where = pointFor(SM, X.F.Loc);
    for (const auto &[Loc, Text] : retentionNotes(X.F, /*WithFixHint=*/true))
      F.Notes.push_back({pointFor(SM, Loc), Text});
    if (!F.Where.valid())
      continue;
    P.push_back(Json{{"if", X.Cond}, {"key", X.Key}, {"finding", F.toJson()}});
  }
  std::sort(P.begin(), P.end());
  P.erase(std::unique(P.begin(), P.end()), P.end());
  if (!P.empty())
    Out["pending"] = std::move(P);
  return Out;
}

} // namespace leakhound
