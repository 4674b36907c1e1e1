//===--- BufferSize.cpp - lower bounds on the size of buffers -------------===//
//
// See BufferSize.h for the terms. All recursion is bounded by MaxDepth.
//
//===----------------------------------------------------------------------===//

#include "BufferSize.h"
#include "ExprUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace leakhound {

static constexpr unsigned MaxDepth = 6;

void SizeEstimate::setSite(const Stmt *S) {
  Site = S;
  Loc = S ? S->getBeginLoc() : SourceLocation();
}

std::string SizeEstimate::describe() const {
  if (Kind == Unbounded)
    return "unbounded-size";
  if (UpTo)
    return "input-sized (up to " + std::to_string(Bytes) + " bytes)";
  return std::to_string(Bytes) + "-byte";
}

SizeEstimate SizeEstimate::max(const SizeEstimate &A, const SizeEstimate &B) {
  if (A.Kind == Unbounded)
    return A;
  if (B.Kind == Unbounded)
    return B;
  if (A.Kind == Unknown)
    return B;
  if (B.Kind == Unknown)
    return A;
  return A.Bytes >= B.Bytes ? A : B;
}

SizeEstimate SizeEstimate::min(const SizeEstimate &A, const SizeEstimate &B) {
  if (A.Kind == Unknown || B.Kind == Unknown)
    return SizeEstimate();
  if (A.Kind == Unbounded)
    return B;
  if (B.Kind == Unbounded)
    return A;
  return A.Bytes <= B.Bytes ? A : B;
}

//===----------------------------------------------------------------------===//
// Types and expressions
//===----------------------------------------------------------------------===//

static const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  return T->getAsCXXRecordDecl();
}

bool isStdRecord(QualType T, StringRef Name) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier() || !RD->isInStdNamespace())
    return false;
  return RD->getName() == Name;
}

bool isOwningBufferType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isConstantArrayType())
    return true;
  return isStdRecord(T, "basic_string") || isStdRecord(T, "vector") ||
         isStdRecord(T, "array");
}

bool isSmartPointer(QualType T) {
  return isStdRecord(T, "shared_ptr") || isStdRecord(T, "unique_ptr");
}

bool isViewType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType() && !T->isFunctionPointerType())
    return true;
  if (isStdRecord(T, "basic_string_view") || isStdRecord(T, "span"))
    return true;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier())
    return false;
  // libstdc++'s __gnu_cxx::__normal_iterator, libc++'s std::__wrap_iter.
  if (RD->getName() == "__normal_iterator" || RD->getName() == "__wrap_iter")
    return true;
  return RD->isInStdNamespace() && RD->getName().ends_with("_iterator") &&
         RD->getName() != "istreambuf_iterator" &&
         RD->getName() != "back_insert_iterator";
}

QualType firstTemplateArg(QualType T) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

static const FunctionDecl *calleeOf(const Expr *E) {
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return CE->getDirectCallee();
  return nullptr;
}

static StringRef nameOf(const NamedDecl *D) {
  if (!D || !D->getIdentifier())
    return "";
  return D->getName();
}

static bool isStdFunction(const FunctionDecl *FD, StringRef Name) {
  return FD && FD->isInStdNamespace() && nameOf(FD) == Name;
}

static bool isCFunction(const FunctionDecl *FD) {
  return FD && FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool isInputCall(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  const FunctionDecl *FD = calleeOf(E);
  if (!FD)
    return false;
  StringRef N = nameOf(FD);
  if (isCFunction(FD))
    return llvm::StringSwitch<bool>(N)
        .Cases("read", "recv", "recvfrom", "fread", "fgets", "getline", true)
        .Cases("getdelim", "fgetc", "getc", "getchar", "readv", "pread", true)
        .Cases("SSL_read", "BIO_read", "feof", "fscanf", "scanf", true)
        .Default(false);
  if (isStdFunction(FD, "getline"))
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    StringRef Cls = nameOf(MD->getParent());
    if (!MD->getParent()->isInStdNamespace() ||
        !(Cls.contains("istream") || Cls.contains("ifstream") ||
          Cls == "basic_ios" || Cls.contains("iostream") ||
          Cls.contains("fstream")))
      return false;
    if (isa<CXXConversionDecl>(MD))
      return true; // while (in)
    if (MD->getOverloadedOperator() == OO_Exclaim ||
        MD->getOverloadedOperator() == OO_GreaterGreater)
      return true;
    return llvm::StringSwitch<bool>(N)
        .Cases("read", "readsome", "get", "getline", "eof", "good", true)
        .Default(false);
  }
  return false;
}

const Expr *stripValue(const Expr *E) {
  for (unsigned I = 0; E && I < 16; ++I) {
    const Expr *Prev = E;
    E = ignoreTemporaries(E);
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    if (const auto *SC = dyn_cast<CXXNamedCastExpr>(E))
      E = SC->getSubExpr();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      if (CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE) &&
          CE->getConstructor()->isCopyOrMoveConstructor())
        E = CE->getArg(0);
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        if ((isStdFunction(FD, "move") || isStdFunction(FD, "forward")) &&
            Call->getNumArgs() == 1)
          E = Call->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

BufferRef bufferRefOf(const Expr *E) {
  BufferRef R;
  if (!E)
    return R;
  E = stripValue(E);
  // '*p' and 'p->' on a smart pointer or raw pointer designate p's pointee.
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref)
      return bufferRefOf(UO->getSubExpr());
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    if ((OC->getOperator() == OO_Star || OC->getOperator() == OO_Arrow) &&
        OC->getNumArgs() == 1)
      return bufferRefOf(OC->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (nameOf(MC->getMethodDecl()) == "get" &&
        isSmartPointer(MC->getImplicitObjectArgument()->getType()))
      return bufferRefOf(MC->getImplicitObjectArgument());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<VarDecl>(DRE->getDecl()))
      R.Root = DRE->getDecl();
    return R;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return R;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base)) {
      R.Field = FD;
      return R;
    }
    BufferRef BR = bufferRefOf(Base);
    if (BR.Root && !BR.Field) {
      R.Root = BR.Root;
      R.Field = FD;
    }
    return R;
  }
  return R;
}

//===----------------------------------------------------------------------===//
// Function facts: one scan per function body
//===----------------------------------------------------------------------===//

namespace {
class FactsScanner {
public:
  FactsScanner(BufferSizeEstimator::FunctionFacts &Out) : Out(Out) {}

  void scan(const Stmt *S, const Stmt *Loop, bool InCond) {
    if (!S)
      return;
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : L->capture_inits())
        scan(Init, Loop, InCond);
      return; // the body is another function
    }
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S)) {
      for (const Stmt *C : S->children())
        scan(C, S, false);
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      scan(If->getInit(), Loop, false);
      scan(If->getCond(), Loop, true);
      scan(If->getThen(), Loop, false);
      scan(If->getElse(), Loop, false);
      return;
    }
    if (const auto *CO = dyn_cast<ConditionalOperator>(S)) {
      scan(CO->getCond(), Loop, true);
      scan(CO->getTrueExpr(), Loop, InCond);
      scan(CO->getFalseExpr(), Loop, InCond);
      return;
    }
    visit(S, Loop, InCond);
    for (const Stmt *C : S->children())
      scan(C, Loop, InCond);
  }

private:
  void markBounded(const Expr *E) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        Out.Bounded.insert(VD);
  }

  /// Integer variables an input call fills: through their address
  /// (`read(fd, &len, 4)`, `in.read((char *)&len, 4)`) or by reference
  /// (`in >> len`).
  void noteInputFilled(const CallExpr *CE) {
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      const Expr *A = CE->getArg(I)->IgnoreParenCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(A)) {
        if (UO->getOpcode() != UO_AddrOf)
          continue;
        A = UO->getSubExpr()->IgnoreParenImpCasts();
      } else if (!(isa<CXXOperatorCallExpr>(CE) && I > 0)) {
        continue; // By reference: the operand of '>>'.
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(A))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (VD->getType()->isIntegerType())
            Out.InputFilled.insert(VD);
    }
  }

  void visit(const Stmt *S, const Stmt *Loop, bool InCond) {
    if (const auto *CE = dyn_cast<CallExpr>(S))
      if (isInputCall(CE))
        noteInputFilled(CE);
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      Out.Returns.push_back(R);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit())
            Out.Defs[VD].push_back(VD->getInit());
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (InCond && BO->isRelationalOp()) {
        markBounded(BO->getLHS());
        markBounded(BO->getRHS());
      }
      if (BO->isAssignmentOp())
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            Out.Defs[VD].push_back(BO->getOpcode() == BO_Assign ? BO->getRHS()
                                                                : nullptr);
      return;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S)) {
      OverloadedOperatorKind K = OC->getOperator();
      if (OC->getNumArgs() >= 1 &&
          (K == OO_Equal || K == OO_PlusEqual || K == OO_LessLess)) {
        BufferRef B = bufferRefOf(OC->getArg(0));
        if (B.valid())
          Out.Events.push_back({OC,
                                K == OO_Equal       ? "="
                                : K == OO_PlusEqual ? "+="
                                                    : "<<",
                                Loop, B});
      }
      if (InCond && OC->isComparisonOp() && OC->getNumArgs() == 2) {
        markBounded(OC->getArg(0));
        markBounded(OC->getArg(1));
      }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      BufferRef B = bufferRefOf(MC->getImplicitObjectArgument());
      if (B.valid() && MC->getMethodDecl())
        Out.Events.push_back({MC, nameOf(MC->getMethodDecl()), Loop, B});
      // 'tmp.swap(b)' replaces b's buffer too.
      if (nameOf(MC->getMethodDecl()) == "swap" && MC->getNumArgs() == 1) {
        BufferRef A = bufferRefOf(MC->getArg(0));
        if (A.valid())
          Out.Events.push_back({MC, "swap", Loop, A});
      }
      return;
    }
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD)
        return;
      if (isStdFunction(FD, "swap"))
        for (const Expr *A : CE->arguments()) {
          BufferRef B = bufferRefOf(A);
          if (B.valid())
            Out.Events.push_back({CE, "swap", Loop, B});
        }
      if ((isStdFunction(FD, "min") || isStdFunction(FD, "clamp")))
        for (const Expr *A : CE->arguments())
          markBounded(A);
      if (isStdFunction(FD, "getline") && CE->getNumArgs() >= 2) {
        BufferRef B = bufferRefOf(CE->getArg(1));
        if (B.valid())
          Out.Events.push_back({CE, "getline", Loop, B});
      }
      if (isStdFunction(FD, "from_chars") || nameOf(FD) == "sscanf")
        noteInputFilled(CE);
      // std::copy(first, last, std::back_inserter(b)) and friends.
      for (const Expr *A : CE->arguments())
        if (const auto *Inner = dyn_cast<CallExpr>(stripValue(A)))
          if (isStdFunction(Inner->getDirectCallee(), "back_inserter") &&
              Inner->getNumArgs() == 1) {
            BufferRef B = bufferRefOf(Inner->getArg(0));
            if (B.valid())
              Out.Events.push_back({CE, "back_inserter", Loop, B});
          }
      return;
    }
  }

  BufferSizeEstimator::FunctionFacts &Out;
};
} // namespace

BufferSizeEstimator::BufferSizeEstimator(ASTContext &Ctx) : Ctx(Ctx) {}
BufferSizeEstimator::~BufferSizeEstimator() = default;

const BufferSizeEstimator::FunctionFacts &
BufferSizeEstimator::facts(const FunctionDecl *F) {
  auto &Slot = Cache[F];
  if (!Slot) {
    Slot = std::make_unique<FunctionFacts>();
    if (F && F->hasBody() && !F->isInvalidDecl()) {
      FactsScanner Scanner(*Slot);
      Scanner.scan(F->getBody(), nullptr, false);
    }
  }
  return *Slot;
}

llvm::SmallVector<BufferSizeEstimator::MemberEvent, 8>
BufferSizeEstimator::eventsOn(BufferRef B, const FunctionDecl *F) {
  llvm::SmallVector<MemberEvent, 8> R;
  for (const MemberEvent &E : facts(F).Events)
    if (E.Object == B)
      R.push_back(E);
  return R;
}

//===----------------------------------------------------------------------===//
// Counts
//===----------------------------------------------------------------------===//

uint64_t BufferSizeEstimator::elementSize(QualType T) {
  T = T.getNonReferenceType();
  if (isSmartPointer(T)) {
    QualType P = firstTemplateArg(T);
    if (P.isNull())
      return 1;
    if (const auto *AT = P->getAsArrayTypeUnsafe())
      return elementSize(Ctx.getIncompleteArrayType(
          AT->getElementType(), ArraySizeModifier::Normal, 0));
    T = P;
  }
  if (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  else if (isStdRecord(T, "basic_string") || isStdRecord(T, "vector") ||
           isStdRecord(T, "array") || isStdRecord(T, "basic_string_view") ||
           isStdRecord(T, "span"))
    T = firstTemplateArg(T);
  else if (T->isPointerType())
    T = T->getPointeeType();
  if (T.isNull() || T->isIncompleteType() || T->isDependentType() ||
      T->isVoidType())
    return 1;
  uint64_t S = Ctx.getTypeSizeInChars(T).getQuantity();
  return S ? S : 1;
}

static SizeEstimate scale(SizeEstimate C, uint64_t Elem) {
  if (C.Kind == SizeEstimate::AtLeast)
    C.Bytes = C.Bytes > UINT64_MAX / Elem ? UINT64_MAX : C.Bytes * Elem;
  return C;
}

/// \p S computed from \p A and \p B: an input length if either is one.
static SizeEstimate upTo(SizeEstimate S, const SizeEstimate &A,
                         const SizeEstimate &B) {
  S.UpTo = A.UpTo || B.UpTo;
  return S;
}

static bool isEmptyValue(const Expr *E) {
  E = stripValue(E);
  if (const auto *IL = dyn_cast<InitListExpr>(E))
    return IL->getNumInits() == 0;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return CE->getNumArgs() == 0;
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E))
    return true;
  return false;
}

SizeEstimate BufferSizeEstimator::returnedValue(const FunctionDecl *Callee,
                                                bool Count, unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def) || !Def || Def->isInvalidDecl() ||
      Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return SizeEstimate();
  SizeEstimate Result;
  bool Any = false;
  for (const ReturnStmt *R : facts(Def).Returns) {
    const Expr *V = R->getRetValue();
    if (!V || V->containsErrors())
      return SizeEstimate();
    if (Count) {
      Expr::EvalResult ER;
      if (!V->isValueDependent() && V->EvaluateAsInt(ER, Ctx) &&
          ER.Val.getInt().getExtValue() <= 0)
        continue; // an error path
    } else if (isEmptyValue(V)) {
      continue;
    }
    SizeEstimate S =
        Count ? countOf(V, Def, Depth + 1) : valueBytes(V, Def, Depth + 1);
    Result = Any ? SizeEstimate::min(Result, S) : S;
    Any = true;
  }
  return Result;
}

SizeEstimate BufferSizeEstimator::countOf(const Expr *E, const FunctionDecl *F,
                                          unsigned Depth) {
  if (!E || Depth > MaxDepth || E->containsErrors())
    return SizeEstimate();
  E = E->IgnoreParenImpCasts();
  if (!E->isValueDependent()) {
    Expr::EvalResult ER;
    if (E->EvaluateAsInt(ER, Ctx)) {
      const llvm::APSInt &V = ER.Val.getInt();
      if (V.isSigned() && V.isNegative())
        return SizeEstimate();
      return SizeEstimate::atLeast(V.getLimitedValue(), E);
    }
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *Parent =
        dyn_cast<RecordDecl>(ME->getMemberDecl()->getDeclContext());
    if (nameOf(ME->getMemberDecl()) == "st_size" && Parent &&
        nameOf(Parent).starts_with("stat"))
      return SizeEstimate::unbounded("the file size from 'stat'", E);
    return SizeEstimate();
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    SizeEstimate L = countOf(BO->getLHS(), F, Depth + 1);
    SizeEstimate R = countOf(BO->getRHS(), F, Depth + 1);
    switch (BO->getOpcode()) {
    case BO_Mul:
      if (L.Kind == SizeEstimate::Unbounded &&
          R.Kind == SizeEstimate::AtLeast && R.Bytes > 0)
        return L;
      if (R.Kind == SizeEstimate::Unbounded &&
          L.Kind == SizeEstimate::AtLeast && L.Bytes > 0)
        return R;
      if (L.Kind == SizeEstimate::AtLeast && R.Kind == SizeEstimate::AtLeast)
        return upTo(SizeEstimate::atLeast(L.Bytes * R.Bytes, E), L, R);
      return SizeEstimate();
    case BO_Add:
      // Counts are non-negative: a sum is at least its known part.
      if (L.Kind == SizeEstimate::AtLeast && R.Kind == SizeEstimate::AtLeast)
        return upTo(SizeEstimate::atLeast(L.Bytes + R.Bytes, E), L, R);
      if (!BO->getType()->isUnsignedIntegerType())
        return SizeEstimate();
      return SizeEstimate::max(L, R);
    case BO_Sub:
    case BO_Div:
    case BO_Shr:
      // Shrinking an unbounded count by a constant leaves it unbounded.
      if (L.Kind == SizeEstimate::Unbounded &&
          R.Kind == SizeEstimate::AtLeast &&
          (BO->getOpcode() == BO_Sub || R.Bytes > 0))
        return L;
      return SizeEstimate();
    case BO_Shl:
      if (L.Kind == SizeEstimate::AtLeast && R.Kind == SizeEstimate::AtLeast &&
          R.Bytes < 63)
        return upTo(SizeEstimate::atLeast(L.Bytes << R.Bytes, E), L, R);
      if (L.Kind == SizeEstimate::Unbounded)
        return L;
      return SizeEstimate();
    default:
      return SizeEstimate();
    }
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return SizeEstimate::min(countOf(CO->getTrueExpr(), F, Depth + 1),
                             countOf(CO->getFalseExpr(), F, Depth + 1));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    StringRef N = nameOf(MC->getMethodDecl());
    const Expr *Obj = MC->getImplicitObjectArgument();
    if ((N == "size" || N == "length") && Obj &&
        isOwningBufferType(Obj->getType().getNonReferenceType())) {
      BufferRef B = bufferRefOf(Obj);
      if (B.valid()) {
        SizeEstimate S = peakBytes(B, F, E->getBeginLoc(), Depth + 1);
        if (S.Kind == SizeEstimate::AtLeast)
          S.Bytes /= elementSize(Obj->getType());
        return S;
      }
      return SizeEstimate();
    }
    if ((N == "tellg" || N == "tellp") &&
        MC->getMethodDecl()->getParent()->isInStdNamespace())
      return SizeEstimate::unbounded("the stream size from 'tellg'", E);
    // fall through to a defined function
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return SizeEstimate();
    StringRef N = nameOf(FD);
    if (isCFunction(FD) &&
        llvm::StringSwitch<bool>(N)
            .Cases("ftell", "ftello", "lseek", "lseek64", "ftello64", true)
            .Default(false))
      return SizeEstimate::unbounded("the file size from a seek", E);
    if (N == "file_size" && FD->getDeclContext()->isStdNamespace() == false &&
        isa<NamespaceDecl>(FD->getDeclContext()) &&
        cast<NamespaceDecl>(FD->getDeclContext())->getName() == "filesystem" &&
        FD->getDeclContext()->getParent()->isStdNamespace())
      return SizeEstimate::unbounded("the file size from 'file_size'", E);
    if (isCFunction(FD)) {
      // An input length: what the input gives, up to the length asked for.
      int LenArg = llvm::StringSwitch<int>(N)
                       .Cases("read", "recv", "recvfrom", "pread", 2)
                       .Cases("SSL_read", "BIO_read", "fread", 2)
                       .Default(-1);
      SizeEstimate Asked;
      if (LenArg >= 0 && (unsigned)LenArg < CE->getNumArgs())
        Asked = countOf(CE->getArg(LenArg), F, Depth + 1);
      if (Asked.Kind == SizeEstimate::AtLeast) {
        Asked.UpTo = true;
        Asked.setSite(E);
      }
      if (Asked.Kind != SizeEstimate::Unknown)
        return Asked;
    }
    if ((isCFunction(FD) || FD->isInStdNamespace()) &&
        llvm::StringSwitch<bool>(N)
            .Cases("atoi", "atol", "atoll", "strtol", "strtoul", true)
            .Cases("strtoll", "strtoull", "stoi", "stol", "stoul", true)
            .Cases("stoll", "stoull", true)
            .Default(false))
      return SizeEstimate::unbounded("a length parsed from input", E);
    if (isStdFunction(FD, "max") && CE->getNumArgs() >= 2)
      return SizeEstimate::max(countOf(CE->getArg(0), F, Depth + 1),
                               countOf(CE->getArg(1), F, Depth + 1));
    if (isStdFunction(FD, "min") && CE->getNumArgs() >= 2) {
      SizeEstimate A = countOf(CE->getArg(0), F, Depth + 1);
      SizeEstimate B = countOf(CE->getArg(1), F, Depth + 1);
      if (A.Kind == SizeEstimate::AtLeast && B.Kind == SizeEstimate::AtLeast)
        return SizeEstimate::min(A, B);
      return SizeEstimate();
    }
    if (!FD->isInStdNamespace())
      return returnedValue(FD, /*Count=*/true, Depth);
    return SizeEstimate();
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || isa<ParmVarDecl>(VD) || !VD->isLocalVarDecl() ||
        VD->isStaticLocal())
      return SizeEstimate();
    const FunctionFacts &FF = facts(F);
    if (FF.InputFilled.count(VD))
      return FF.Bounded.count(VD)
                 ? SizeEstimate()
                 : SizeEstimate::unbounded("a length read from input", E);
    auto It = FF.Defs.find(VD);
    if (It == FF.Defs.end())
      return SizeEstimate();
    SizeEstimate Result;
    bool Any = false;
    for (const Expr *D : It->second) {
      SizeEstimate S = D ? countOf(D, F, Depth + 1) : SizeEstimate();
      if (S.Kind == SizeEstimate::Unknown)
        return S;
      Result = Any ? SizeEstimate::min(Result, S) : S;
      Any = true;
    }
    if (Result.Kind == SizeEstimate::Unbounded && FF.Bounded.count(VD))
      return SizeEstimate();
    return Result;
  }
  return SizeEstimate();
}

SizeEstimate BufferSizeEstimator::loopIterations(const Stmt *Loop,
                                                 const FunctionDecl *F,
                                                 unsigned Depth) {
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *Range = RF->getRangeInit();
    BufferRef B = bufferRefOf(Range);
    if (!B.valid())
      return SizeEstimate();
    SizeEstimate S = peakBytes(B, F, Loop->getBeginLoc(), Depth + 1);
    if (S.Kind == SizeEstimate::AtLeast)
      S.Bytes /= elementSize(Range->getType());
    return S;
  }
  const Expr *Cond = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    Cond = W->getCond();
  else if (const auto *D = dyn_cast<DoStmt>(Loop))
    Cond = D->getCond();
  else if (const auto *FS = dyn_cast<ForStmt>(Loop))
    Cond = FS->getCond();
  if (!Cond)
    return SizeEstimate();
  // A loop whose condition performs input runs until the input ends.
  llvm::SmallVector<const Stmt *, 16> Work{Cond};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *E = dyn_cast<Expr>(S))
      if (isInputCall(E))
        return SizeEstimate::unbounded("a read loop until end of input", Loop);
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  // 'i < N', 'i != N', 'i <= N'.
  const Expr *C = Cond->IgnoreParenImpCasts();
  const Expr *Bound = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
    if (BO->getOpcode() == BO_LT || BO->getOpcode() == BO_NE ||
        BO->getOpcode() == BO_LE)
      Bound = BO->getRHS();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C)) {
    if ((OC->getOperator() == OO_Less ||
         OC->getOperator() == OO_ExclaimEqual) &&
        OC->getNumArgs() == 2)
      Bound = OC->getArg(1);
  }
  if (!Bound)
    return SizeEstimate();
  SizeEstimate N = countOf(Bound, F, Depth + 1);
  if (N.Kind == SizeEstimate::AtLeast)
    N.setSite(Loop);
  return N;
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

static bool isIstreambufIterator(const Expr *E) {
  return isStdRecord(stripValue(E)->getType(), "istreambuf_iterator") ||
         isStdRecord(E->getType(), "istreambuf_iterator");
}

SizeEstimate BufferSizeEstimator::rangeBytes(const Expr *First,
                                             const Expr *Last,
                                             const FunctionDecl *F,
                                             unsigned Depth) {
  if (isIstreambufIterator(First))
    return SizeEstimate::unbounded("a whole-stream read", First);
  // b.begin(), b.end(): a copy of the whole of b.
  const auto *FB = dyn_cast<CXXMemberCallExpr>(stripValue(First));
  const auto *LB = dyn_cast<CXXMemberCallExpr>(stripValue(Last));
  if (FB && LB && FB->getImplicitObjectArgument() &&
      LB->getImplicitObjectArgument()) {
    StringRef FN = nameOf(FB->getMethodDecl()),
              LN = nameOf(LB->getMethodDecl());
    BufferRef B1 = bufferRefOf(FB->getImplicitObjectArgument());
    BufferRef B2 = bufferRefOf(LB->getImplicitObjectArgument());
    if ((FN == "begin" || FN == "cbegin") && (LN == "end" || LN == "cend") &&
        B1.valid() && B1 == B2)
      return peakBytes(B1, F, First->getBeginLoc(), Depth + 1);
  }
  return SizeEstimate();
}

SizeEstimate
BufferSizeEstimator::wholeInputAmong(llvm::ArrayRef<const Expr *> Args,
                                     const char *Why, const FunctionDecl *F,
                                     unsigned Depth) {
  for (const Expr *A : Args) {
    if (!A || A->getType()->isScalarType())
      continue; // Lengths and flags say nothing about the content.
    SizeEstimate S = valueBytes(A, F, Depth + 1);
    if (S.Kind == SizeEstimate::Unbounded) {
      S.Why = Why;
      return S;
    }
  }
  return SizeEstimate();
}

SizeEstimate BufferSizeEstimator::constructBytes(
    QualType T, llvm::ArrayRef<const Expr *> Args, const Stmt *Site,
    const FunctionDecl *F, unsigned Depth) {
  T = T.getNonReferenceType();
  if (isStdRecord(T, "array") || T->isConstantArrayType() ||
      (!isOwningBufferType(T) && !isSmartPointer(T) && T->isRecordType())) {
    if (T->isIncompleteType() || T->isDependentType())
      return SizeEstimate();
    // A document parsed from, or an object built from, a whole input.
    if (SizeEstimate In = wholeInputAmong(
            Args, "an object built from a whole input", F, Depth);
        In.Kind == SizeEstimate::Unbounded)
      return In;
    SizeEstimate Own =
        SizeEstimate::atLeast(Ctx.getTypeSizeInChars(T).getQuantity(), Site);
    return Own;
  }
  if (!isOwningBufferType(T))
    return SizeEstimate();
  uint64_t Elem = elementSize(T);
  bool IsString = isStdRecord(T, "basic_string");
  if (Args.empty())
    return SizeEstimate();
  const Expr *A0 = Args[0];
  QualType A0T = A0->getType().getNonReferenceType();
  if (Args.size() >= 2 && (isIstreambufIterator(A0) ||
                           (!A0T->isIntegerType() && !A0T->isPointerType())))
    return rangeBytes(A0, Args[1], F, Depth);
  if (A0T->isIntegerType()) // (n) / (n, value)
    return scale(countOf(A0, F, Depth + 1), Elem);
  if (A0T->isPointerType()) {
    if (Args.size() >= 2 && Args[1]->getType()->isIntegerType())
      return scale(countOf(Args[1], F, Depth + 1), Elem); // (ptr, n)
    // (p, p + n)
    if (Args.size() >= 2)
      if (const auto *Add =
              dyn_cast<BinaryOperator>(Args[1]->IgnoreParenImpCasts()))
        if (Add->getOpcode() == BO_Add &&
            Add->getRHS()->getType()->isIntegerType()) {
          BufferRef P = bufferRefOf(A0->IgnoreParenImpCasts());
          BufferRef Q = bufferRefOf(Add->getLHS()->IgnoreParenImpCasts());
          if (P.valid() && P == Q)
            return scale(countOf(Add->getRHS(), F, Depth + 1), Elem);
        }
    if (const auto *SL = dyn_cast<StringLiteral>(stripValue(A0)))
      return SizeEstimate::atLeast(SL->getByteLength(), Site);
    return SizeEstimate();
  }
  if (IsString || isStdRecord(A0T, "vector") ||
      isStdRecord(A0T, "basic_string"))
    return valueBytes(A0, F, Depth + 1); // a copy
  return SizeEstimate();
}

SizeEstimate BufferSizeEstimator::valueBytes(const Expr *E,
                                             const FunctionDecl *F,
                                             unsigned Depth) {
  if (!E || Depth > MaxDepth || E->containsErrors())
    return SizeEstimate();
  E = stripValue(E);
  if (isa<DeclRefExpr, MemberExpr>(E) ||
      (isa<UnaryOperator>(E) &&
       cast<UnaryOperator>(E)->getOpcode() == UO_Deref)) {
    BufferRef B = bufferRefOf(E);
    if (B.valid())
      return peakBytes(B, F, E->getBeginLoc(), Depth + 1);
    return SizeEstimate();
  }
  if (const auto *SL = dyn_cast<StringLiteral>(E))
    return SizeEstimate::atLeast(SL->getByteLength(), E);
  if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
    QualType T = NE->getAllocatedType();
    if (NE->isArray()) {
      if (!NE->getArraySize())
        return SizeEstimate();
      uint64_t Elem = T->isIncompleteType() || T->isDependentType()
                          ? 1
                          : Ctx.getTypeSizeInChars(T).getQuantity();
      return scale(countOf(*NE->getArraySize(), F, Depth + 1), Elem ? Elem : 1);
    }
    llvm::SmallVector<const Expr *, 4> Args;
    if (const auto *CE =
            dyn_cast_or_null<CXXConstructExpr>(NE->getInitializer()))
      Args.append(CE->arg_begin(), CE->arg_end());
    return constructBytes(T, Args, E, F, Depth);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    QualType T = CE->getType();
    if (isSmartPointer(T) && CE->getNumArgs() >= 1)
      return valueBytes(CE->getArg(0), F, Depth + 1);
    llvm::SmallVector<const Expr *, 4> Args(CE->arg_begin(), CE->arg_end());
    return constructBytes(T, Args, E, F, Depth);
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    // 'ss.str()' after 'ss << in.rdbuf()': the whole stream.
    if (MD && nameOf(MD) == "str" && Obj) {
      BufferRef B = bufferRefOf(Obj);
      if (B.valid())
        for (const MemberEvent &Ev : eventsOn(B, F)) {
          const auto *OC = dyn_cast<CXXOperatorCallExpr>(Ev.Call);
          if (!OC || Ev.Name != "<<" || OC->getNumArgs() != 2)
            continue;
          if (const auto *RB =
                  dyn_cast<CXXMemberCallExpr>(stripValue(OC->getArg(1))))
            if (nameOf(RB->getMethodDecl()) == "rdbuf")
              return SizeEstimate::unbounded("a whole-stream read", OC);
        }
      return SizeEstimate();
    }
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return SizeEstimate();
    StringRef N = nameOf(FD);
    if (isCFunction(FD) && (N == "malloc" || N == "realloc") &&
        CE->getNumArgs() >= 1)
      return countOf(CE->getArg(CE->getNumArgs() - 1), F, Depth + 1);
    if (isCFunction(FD) && N == "calloc" && CE->getNumArgs() == 2) {
      SizeEstimate A = countOf(CE->getArg(0), F, Depth + 1);
      SizeEstimate B = countOf(CE->getArg(1), F, Depth + 1);
      if (A.Kind == SizeEstimate::AtLeast && B.Kind == SizeEstimate::AtLeast)
        return SizeEstimate::atLeast(A.Bytes * B.Bytes, E);
      return SizeEstimate();
    }
    if (FD->isInStdNamespace() &&
        (N == "make_shared" || N == "make_unique" || N == "allocate_shared" ||
         N == "make_shared_for_overwrite" ||
         N == "make_unique_for_overwrite")) {
      QualType T = firstTemplateArg(CE->getType());
      if (T.isNull())
        return SizeEstimate();
      llvm::SmallVector<const Expr *, 4> Args(CE->arg_begin(), CE->arg_end());
      if (N == "allocate_shared" && !Args.empty())
        Args.erase(Args.begin());
      if (const auto *AT = T->getAsArrayTypeUnsafe()) {
        if (isa<ConstantArrayType>(AT))
          return constructBytes(T, {}, E, F, Depth);
        if (Args.empty())
          return SizeEstimate();
        QualType ET = AT->getElementType();
        uint64_t Elem = ET->isIncompleteType() || ET->isDependentType()
                            ? 1
                            : Ctx.getTypeSizeInChars(ET).getQuantity();
        return scale(countOf(Args[0], F, Depth + 1), Elem ? Elem : 1);
      }
      return constructBytes(T, Args, E, F, Depth);
    }
    if (!FD->isInStdNamespace()) {
      SizeEstimate R = returnedValue(FD, /*Count=*/false, Depth);
      // parse(whole_file), decode(bytes): a result that is an object (or
      // owns one) built from a whole input holds data of its size.
      QualType RT = CE->getType().getNonReferenceType();
      if (R.Kind != SizeEstimate::Unbounded &&
          (RT->isRecordType() || isSmartPointer(RT)) && !isViewType(RT)) {
        llvm::SmallVector<const Expr *, 4> Args(CE->arg_begin(),
                                                CE->arg_end());
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
          Args.push_back(MC->getImplicitObjectArgument());
        if (SizeEstimate In = wholeInputAmong(
                Args, "a call given a whole input", F, Depth);
            In.Kind == SizeEstimate::Unbounded) {
          In.setSite(E);
          return In;
        }
      }
      return R;
    }
  }
  return SizeEstimate();
}

SizeEstimate BufferSizeEstimator::eventGrowth(const MemberEvent &Ev,
                                              uint64_t EvElem,
                                              const FunctionDecl *F,
                                              unsigned Depth) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Ev.Call);
  const auto *OC = dyn_cast<CXXOperatorCallExpr>(Ev.Call);
  const CallExpr *Call = cast<CallExpr>(Ev.Call);
  unsigned NArgs = MC ? MC->getNumArgs() : (OC ? OC->getNumArgs() - 1 : 0);
  auto Arg = [&](unsigned I) -> const Expr * {
    return MC ? MC->getArg(I) : (OC ? OC->getArg(I + 1) : Call->getArg(I));
  };
  SizeEstimate S;
  StringRef N = Ev.Name;
  if ((N == "reserve" || N == "resize") && NArgs >= 1) {
    S = scale(countOf(Arg(0), F, Depth + 1), EvElem);
  } else if (N == "=" && NArgs == 1) {
    S = valueBytes(Arg(0), F, Depth + 1);
  } else if (N == "assign" && NArgs >= 1) {
    QualType T0 = Arg(0)->getType().getNonReferenceType();
    if (NArgs == 2 && T0->isIntegerType())
      S = scale(countOf(Arg(0), F, Depth + 1), EvElem);
    else if (NArgs == 2 && T0->isPointerType() &&
             Arg(1)->getType()->isIntegerType())
      S = scale(countOf(Arg(1), F, Depth + 1), EvElem);
    else if (NArgs == 2)
      S = rangeBytes(Arg(0), Arg(1), F, Depth);
    else
      S = valueBytes(Arg(0), F, Depth + 1);
  } else if (N == "insert" && NArgs == 3 &&
             !Arg(1)->getType()->isIntegerType()) {
    S = rangeBytes(Arg(1), Arg(2), F, Depth);
  } else if (N == "back_inserter" && Call->getNumArgs() >= 2) {
    S = rangeBytes(Call->getArg(0), Call->getArg(1), F, Depth);
  } else if (N == "getline" && Call->getNumArgs() == 3) {
    // std::getline(in, s, '\0'): the whole stream (text has no NUL).
    Expr::EvalResult ER;
    const Expr *Delim = Call->getArg(2);
    if (!Delim->isValueDependent() && Delim->EvaluateAsInt(ER, Ctx) &&
        ER.Val.getInt() == 0)
      S = SizeEstimate::unbounded("a whole-stream read", Call);
  }
  if (S.Kind != SizeEstimate::Unknown)
    S.setSite(Ev.Call);
  // Accumulation: a growing call inside a loop.
  if (Ev.Loop &&
      (N == "push_back" || N == "emplace_back" || N == "append" ||
       N == "insert" || N == "+=" || N == "push" || N == "back_inserter")) {
    SizeEstimate It = loopIterations(Ev.Loop, F, Depth + 1);
    if (It.Kind == SizeEstimate::AtLeast)
      It = scale(It, EvElem);
    if (It.Kind != SizeEstimate::Unknown)
      It.setSite(It.Kind == SizeEstimate::Unbounded ? Ev.Loop : Ev.Call);
    S = SizeEstimate::max(S, It);
  }
  return S;
}

static bool before(const SourceManager &SM, const Stmt *S, SourceLocation L) {
  return L.isInvalid() || SM.isBeforeInTranslationUnit(S->getBeginLoc(), L);
}

SizeEstimate BufferSizeEstimator::peakBytes(BufferRef B, const FunctionDecl *F,
                                            SourceLocation Before,
                                            unsigned Depth) {
  if (!B.valid() || Depth > MaxDepth)
    return SizeEstimate();
  const SourceManager &SM = Ctx.getSourceManager();
  SizeEstimate Peak;
  QualType BT;
  if (B.Field)
    BT = B.Field->getType();
  else if (const auto *VD = dyn_cast<VarDecl>(B.Root))
    BT = VD->getType();
  if (BT.isNull())
    return Peak;
  uint64_t Elem = elementSize(BT);

  // The declaration: a built-in array, an initializer, a field initializer.
  if (BT->isConstantArrayType() && !BT->isDependentType())
    Peak = SizeEstimate::atLeast(Ctx.getTypeSizeInChars(BT).getQuantity(),
                                 B.Field ? B.Field->getLocation()
                                         : B.Root->getLocation());
  if (!B.Field) {
    const auto *VD = cast<VarDecl>(B.Root);
    if (const Expr *Init = VD->getInit())
      Peak = SizeEstimate::max(Peak, valueBytes(Init, F, Depth + 1));
    // A smart pointer to an object holds at least that object.
    if (isSmartPointer(BT)) {
      QualType P = firstTemplateArg(BT);
      if (!P.isNull() && !P->isIncompleteType() && !P->isDependentType() &&
          !P->isArrayType() && !isOwningBufferType(P))
        Peak = SizeEstimate::max(
            Peak, SizeEstimate::atLeast(Ctx.getTypeSizeInChars(P).getQuantity(),
                                        VD->getLocation()));
    }
  } else if (!B.Root) {
    if (const Expr *Init = B.Field->getInClassInitializer())
      Peak = SizeEstimate::max(Peak, valueBytes(Init, F, Depth + 1));
    // Member initializers of the constructors defined in this TU.
    if (const auto *RD = dyn_cast<CXXRecordDecl>(B.Field->getParent()))
      for (const CXXConstructorDecl *Ctor : RD->ctors()) {
        const FunctionDecl *Def = nullptr;
        if (!Ctor->hasBody(Def))
          continue;
        for (const CXXCtorInitializer *I :
             cast<CXXConstructorDecl>(Def)->inits())
          if (I->getMember() == B.Field && I->isWritten())
            Peak = SizeEstimate::max(Peak,
                                     valueBytes(I->getInit(), Def, Depth + 1));
      }
  }

  // Growth in F before the point. A smart pointer's pointee and its fields
  // are part of it: 'p->resize(n)', 'p->body.resize(n)'.
  for (const MemberEvent &Ev : facts(F).Events) {
    if (!(Ev.Object == B) &&
        !(B.Root && !B.Field && Ev.Object.Root == B.Root && isSmartPointer(BT)))
      continue;
    if (!before(SM, Ev.Call, Before))
      continue;
    uint64_t EvElem = Elem;
    if (Ev.Object.Field && !B.Field)
      EvElem = elementSize(Ev.Object.Field->getType());
    SizeEstimate S = eventGrowth(Ev, EvElem, F, Depth);
    Peak = SizeEstimate::max(Peak, S);
  }
  return Peak;
}

} // namespace leakhound
