//===--- Lifetime.cpp - does this storage live for the whole process? -----===//
//
// See Lifetime.h for the terms. The model is built lazily, on the first
// question, by one walk over the declarations of the TU outside system
// headers (template instantiations included, dependent code skipped). The
// walk records:
//  * class instances (static or other) and the owned-by edges between
//    classes (data members, smart-pointer members, in-class initialisers,
//    member initialisers, assignments to members of `*this`);
//  * the values given to pointers with static storage, and their deletes;
//  * per function, every *store*: an assignment, a smart pointer's reset, a
//    container insertion, a swap (both ways), a variable's initialiser, a
//    member initialiser, a return;
//  * per function, its call sites (in a loop or not, in an initialiser or
//    not) and whether its address is taken; the std::call_once callables.
// Questions are then answered on demand, memoised, with bounded depth.
//
//===----------------------------------------------------------------------===//

#include "Lifetime.h"
#include "BufferSize.h"
#include "ExprUtils.h"
#include "SystemHeaders.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>
#include <map>
#include <set>

using namespace clang;

namespace leakhound {

namespace {

using Fn = const FunctionDecl *;

/// A value moved into a destination (see "stores" above).
struct StoreRec {
  const Expr *Dest = nullptr;          ///< Assignment or insertion target.
  const ValueDecl *DestDecl = nullptr; ///< Initialised variable or field.
  const Expr *Value = nullptr;
  bool Return = false;
  bool ThroughDest = false; ///< `p->push_back(v)`: into what p points to.
};

struct CallRec {
  const CallExpr *Call;
  Fn Caller; ///< Canonical; null in a namespace-scope initialiser.
  bool InLoop;
  bool InInit;
};

struct Kinds {
  bool Static = false, Other = false;
};

StringRef nameOf(const NamedDecl *D) {
  return D && D->getIdentifier() ? D->getName() : StringRef();
}

bool isStdFn(const FunctionDecl *FD, StringRef N) {
  return FD && FD->isInStdNamespace() && nameOf(FD) == N;
}

Fn canon(Fn F) { return F ? F->getCanonicalDecl() : nullptr; }

/// Pointers, references, smart pointers: variables that designate another
/// object rather than being it.
bool isHandleType(QualType T) {
  if (T.isNull())
    return false;
  if (T->isReferenceType())
    return true;
  return T->isPointerType() || isSmartPointer(T);
}

bool isInsertion(StringRef N) {
  return llvm::StringSwitch<bool>(N)
      .Cases("push_back", "emplace_back", "push_front", "emplace_front", true)
      .Cases("insert", "emplace", "emplace_hint", "try_emplace", true)
      .Cases("insert_or_assign", "push", "insert_after", "emplace_after", true)
      .Default(false);
}

/// The classes whose objects live inside an object of type \p T: T itself,
/// the elements of arrays, and what standard containers, smart pointers,
/// optionals and pairs of them hold (their type arguments; pointers to
/// classes included, as in a registry of `std::unique_ptr<Session>`).
void forEachHeldClass(QualType T, llvm::function_ref<void(QualType)> Fn,
                      unsigned Depth = 0) {
  if (T.isNull() || Depth > 3)
    return;
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (Depth > 0 && T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return;
  if (!RD->isInStdNamespace()) {
    Fn(T);
    return;
  }
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
      if (A.getKind() == TemplateArgument::Type)
        forEachHeldClass(A.getAsType(), Fn, Depth + 1);
}

} // namespace

const CXXRecordDecl *Lifetime::patternOf(const CXXRecordDecl *RD) {
  while (RD) {
    const CXXRecordDecl *P = RD->getTemplateInstantiationPattern();
    if (!P || P == RD)
      break;
    RD = P;
  }
  return RD ? cast<CXXRecordDecl>(RD->getCanonicalDecl()) : nullptr;
}

struct Lifetime::Index {
  llvm::DenseMap<const CXXRecordDecl *, Kinds> Instances;
  llvm::DenseMap<const CXXRecordDecl *,
                 llvm::SmallVector<const CXXRecordDecl *, 2>>
      OwnedBy;
  llvm::DenseMap<const VarDecl *,
                 llvm::SmallVector<std::pair<const Expr *, Fn>, 2>>
      PointerValues;
  llvm::DenseSet<const VarDecl *> Deleted;
  /// Values assigned to raw pointer data members (`e->maint = calloc(..)`).
  llvm::DenseMap<const FieldDecl *, llvm::SmallVector<const Expr *, 2>>
      FieldValues;
  llvm::DenseMap<Fn, std::vector<StoreRec>> Stores;
  llvm::DenseMap<Fn, llvm::SmallVector<CallRec, 2>> CallsTo;
  /// Stores whose value is a call of the key: (caller, index in Stores).
  llvm::DenseMap<Fn, llvm::SmallVector<std::pair<Fn, size_t>, 2>> ResultStores;
  llvm::DenseSet<Fn> AddressTaken, CallOnce, Defined;

  // Memos; an entry is inserted (empty) before it is computed, so a cycle
  // answers "no".
  llvm::DenseMap<const CXXRecordDecl *, std::optional<Kinds>> ClassMemo;
  llvm::DenseMap<const VarDecl *, std::optional<bool>> PointsMemo;
  llvm::DenseMap<Fn, std::optional<std::optional<ProcessStorage>>> ResultMemo,
      AccessorMemo;
  std::map<std::pair<Fn, unsigned>, std::optional<std::optional<ProcessStorage>>>
      ParamMemo;
  llvm::DenseMap<Fn, std::optional<bool>> OnceMemo;

  Kinds kindsOf(const CXXRecordDecl *RD, unsigned Depth);
};

Kinds Lifetime::Index::kindsOf(const CXXRecordDecl *RD, unsigned Depth) {
  Kinds K;
  if (!RD || Depth > 8)
    return K;
  auto &Memo = ClassMemo[RD];
  if (Memo)
    return *Memo;
  Memo = Kinds(); // In progress: a cycle adds nothing.
  if (auto It = Instances.find(RD); It != Instances.end())
    K = It->second;
  if (auto It = OwnedBy.find(RD); It != OwnedBy.end())
    for (const CXXRecordDecl *C : It->second) {
      Kinds CK = kindsOf(C, Depth + 1);
      K.Static |= CK.Static;
      K.Other |= CK.Other;
    }
  ClassMemo[RD] = K;
  return K;
}

namespace {

/// The one walk that builds the index.
class Builder : public RecursiveASTVisitor<Builder> {
  using Base = RecursiveASTVisitor<Builder>;

public:
  Builder(Lifetime::Index &I, ASTContext &Ctx)
      : I(I), SM(Ctx.getSourceManager()) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D || D->isInvalidDecl())
      return true;
    if (!isa<TranslationUnitDecl>(D) &&
        inSystemHeader(SM, D))
      return true;
    if (const auto *DC = dyn_cast<DeclContext>(D))
      if (DC->isDependentContext() && !isa<TranslationUnitDecl>(D) &&
          !isa<NamespaceDecl>(D))
        return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return Base::TraverseDecl(D);
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        return true; // Walked inside the enclosing code.
    I.Defined.insert(canon(FD));
    for (const ParmVarDecl *P : FD->parameters())
      noteInstance(P->getType(), /*Static=*/false);
    Fn Saved = Current;
    unsigned SavedLoops = Loops;
    bool SavedInit = InInit;
    Current = canon(FD);
    Loops = 0;
    InInit = false;
    bool R = Base::TraverseDecl(D);
    Current = Saved;
    Loops = SavedLoops;
    InInit = SavedInit;
    return R;
  }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    for (Expr *Init : LE->capture_inits())
      if (Init)
        TraverseStmt(Init);
    Fn Saved = Current;
    unsigned SavedLoops = Loops;
    bool SavedInit = InInit;
    Current = canon(LE->getCallOperator());
    I.Defined.insert(Current);
    Loops = 0;
    InInit = I.CallOnce.contains(Current);
    TraverseStmt(LE->getBody());
    Current = Saved;
    Loops = SavedLoops;
    InInit = SavedInit;
    return true;
  }

  bool TraverseVarDecl(VarDecl *VD) {
    bool Saved = InInit;
    if (VD->hasGlobalStorage())
      InInit = true;
    bool R = Base::TraverseVarDecl(VD);
    InInit = Saved;
    return R;
  }

#define LOOP(TYPE)                                                             \
  bool Traverse##TYPE(TYPE *S) {                                               \
    ++Loops;                                                                   \
    bool R = Base::Traverse##TYPE(S);                                          \
    --Loops;                                                                   \
    return R;                                                                  \
  }
  LOOP(ForStmt)
  LOOP(WhileStmt)
  LOOP(DoStmt)
  LOOP(CXXForRangeStmt)
#undef LOOP

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (FieldDecl *F = Init->getMember()) {
      handled(Init->getInit(), Disposition::Owned, F);
      Store({nullptr, F, Init->getInit(), false});
    }
    return Base::TraverseConstructorInitializer(Init);
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || RD->isDependentType())
      return true;
    const CXXRecordDecl *Owner = Lifetime::patternOf(RD);
    for (const FieldDecl *F : RD->fields()) {
      if (!F->getType()->isPointerType() && !F->getType()->isReferenceType())
        forEachHeldClass(F->getType(),
                         [&](QualType H) { own(H, Owner, 0); });
      if (const Expr *In = F->getInClassInitializer())
        handled(In, Disposition::Owned, F);
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (isa<ParmVarDecl>(VD) || VD->getType()->isDependentType())
      return true;
    const Expr *Init = VD->getInit();
    if (VD->hasGlobalStorage()) {
      if (isHandleType(VD->getType())) {
        if (Init) {
          I.PointerValues[VD].push_back({Init, Current});
          handled(Init, Disposition::Static, nullptr);
        }
      } else {
        forEachHeldClass(VD->getType(), [&](QualType H) {
          noteInstance(H, /*Static=*/true);
        });
        if (Init)
          handled(Init, Disposition::Static, nullptr);
      }
    } else if (!VD->getType()->isReferenceType()) {
      noteInstance(VD->getType(), /*Static=*/false);
      if (Init)
        handled(Init, Disposition::Other, nullptr);
    }
    if (Init && !VD->getType()->isReferenceType())
      Store({nullptr, VD, Init, false});
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    if (CE->getConstructionKind() != CXXConstructionKind::Complete ||
        Handled.contains(CE))
      return true;
    noteInstance(CE->getType(), /*Static=*/false);
    return true;
  }

  bool VisitCXXNewExpr(CXXNewExpr *NE) {
    // Placement new into a member of `*this` (a singleton's aligned
    // storage) or into a variable: the object lives in that storage. Only
    // an address places: `new (std::nothrow) T` names a global tag, not
    // storage, and allocates like any other new.
    if (!Handled.contains(NE) && NE->getNumPlacementArgs() == 1 &&
        NE->getPlacementArg(0)->getType()->isPointerType()) {
      const Expr *P = NE->getPlacementArg(0)->IgnoreParenCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(P);
          U && U->getOpcode() == UO_AddrOf)
        P = U->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(P)) {
        if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
            own(NE->getAllocatedType(),
                Lifetime::patternOf(dyn_cast<CXXRecordDecl>(F->getParent())),
                0);
            Handled.insert(NE);
          }
      } else if (const auto *DRE = dyn_cast<DeclRefExpr>(P)) {
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
          noteInstance(NE->getAllocatedType(), VD->hasGlobalStorage());
          Handled.insert(NE);
        }
      }
    }
    if (!Handled.contains(NE))
      noteInstance(NE->getAllocatedType(), /*Static=*/InInit);
    if (const CXXConstructExpr *CE = NE->getConstructExpr())
      Handled.insert(CE);
    return true;
  }

  bool VisitCXXDeleteExpr(CXXDeleteExpr *DE) {
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(DE->getArgument()->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (VD->hasGlobalStorage()) {
          I.Deleted.insert(VD);
          noteInstance(DE->getDestroyedType(), /*Static=*/false);
        }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      assign(BO->getLHS(), BO->getRHS());
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    if (const Expr *V = RS->getRetValue())
      Store({nullptr, nullptr, V, true});
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    if (const Expr *Callee = CE->getCallee())
      DirectCallees.insert(Callee->IgnoreParenImpCasts());
    const FunctionDecl *FD = CE->getDirectCallee();
    if (FD)
      I.CallsTo[canon(FD)].push_back({CE, Current, Loops > 0, InInit});
    if (isStdFn(FD, "call_once")) {
      for (const Expr *A : CE->arguments()) {
        const Expr *S = ignoreTemporaries(A);
        if (const auto *LE = dyn_cast<LambdaExpr>(S))
          I.CallOnce.insert(canon(LE->getCallOperator()));
        else if (const auto *DRE = dyn_cast<DeclRefExpr>(S->IgnoreParenImpCasts()))
          if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl())) {
            I.CallOnce.insert(canon(F));
            DirectCallees.insert(DRE);
          }
      }
      return true;
    }
    if (FD && FD->isInStdNamespace() &&
        (nameOf(FD) == "make_unique" || nameOf(FD) == "make_shared" ||
         nameOf(FD) == "allocate_shared") &&
        !Handled.contains(CE))
      if (const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs())
        if (Args->size() > 0 &&
            Args->get(0).getKind() == TemplateArgument::Type)
          noteInstance(Args->get(0).getAsType(), /*Static=*/InInit);
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        assign(OC->getArg(0), OC->getArg(1));
      return true;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (!MD || !Obj || !MD->getParent()->isInStdNamespace())
        return true;
      StringRef N = nameOf(MD);
      if (N == "reset" && MC->getNumArgs() == 1 &&
          isSmartPointer(Obj->getType()))
        assign(Obj, MC->getArg(0));
      else if (N == "swap" && MC->getNumArgs() == 1) {
        Store({Obj, nullptr, MC->getArg(0), false});
        Store({MC->getArg(0), nullptr, Obj, false});
      } else if (isInsertion(N))
        for (const Expr *A : MC->arguments())
          Store({Obj, nullptr, A, false, Obj->getType()->isPointerType()});
      return true;
    }
    if (isStdFn(FD, "swap") && CE->getNumArgs() == 2) {
      Store({CE->getArg(0), nullptr, CE->getArg(1), false});
      Store({CE->getArg(1), nullptr, CE->getArg(0), false});
    }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      if (!DirectCallees.contains(DRE))
        I.AddressTaken.insert(canon(FD));
    return true;
  }

  bool VisitMemberExpr(MemberExpr *ME) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
      if (!DirectCallees.contains(ME))
        I.AddressTaken.insert(canon(MD));
    return true;
  }

private:
  enum class Disposition { Static, Other, Owned };

  void Store(StoreRec S) {
    if (!S.Value || S.Value->containsErrors())
      return;
    std::vector<StoreRec> &V = I.Stores[Current];
    if (const auto *Call = dyn_cast<CallExpr>(stripValue(S.Value)))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        I.ResultStores[canon(Callee)].push_back({Current, V.size()});
    V.push_back(S);
  }

  /// Notes the object \p Init creates (a construction, new, make_unique)
  /// as an instance of the given disposition, so that the generic visitors
  /// do not note it again.
  void handled(const Expr *Init, Disposition D, const FieldDecl *Field) {
    for (unsigned N = 0; Init && N < 4; ++N) {
      const Expr *E = ignoreTemporaries(Init);
      if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
        E = ignoreTemporaries(FC->getSubExpr());
      if (isa<InitListExpr>(E)) {
        Handled.insert(E);
        return;
      }
      QualType Created;
      const Expr *Next = nullptr;
      if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
        if (isSmartPointer(CE->getType()) && CE->getNumArgs() >= 1)
          Next = CE->getArg(0);
        Created = CE->getType();
      } else if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
        Created = NE->getAllocatedType();
      } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
        const FunctionDecl *FD = Call->getDirectCallee();
        if (!(FD && FD->isInStdNamespace() &&
              (nameOf(FD) == "make_unique" || nameOf(FD) == "make_shared")))
          return;
        if (const TemplateArgumentList *Args =
                FD->getTemplateSpecializationArgs())
          if (Args->size() > 0 &&
              Args->get(0).getKind() == TemplateArgument::Type)
            Created = Args->get(0).getAsType();
      } else {
        return;
      }
      Handled.insert(E);
      if (!Created.isNull() && !isSmartPointer(Created)) {
        if (D == Disposition::Owned && Field)
          own(Created,
              Lifetime::patternOf(dyn_cast<CXXRecordDecl>(Field->getParent())),
              0);
        else if (D != Disposition::Owned)
          noteInstance(Created, D == Disposition::Static);
      }
      Init = Next;
    }
  }

  void assign(const Expr *LHS, const Expr *RHS) {
    if (!LHS || !RHS)
      return;
    Store({LHS, nullptr, RHS, false});
    const Expr *L = LHS->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (VD && VD->hasGlobalStorage() && isHandleType(VD->getType())) {
        I.PointerValues[VD].push_back({RHS, Current});
        handled(RHS, Disposition::Static, nullptr);
      }
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(L)) {
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (F && F->getType()->isPointerType())
        I.FieldValues[F].push_back(RHS);
      if (F && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        handled(RHS, Disposition::Owned, F);
    }
  }

  void noteInstance(QualType T, bool Static) {
    if (T.isNull() || T->isDependentType())
      return;
    T = T.getNonReferenceType();
    if (T->isPointerType())
      return;
    while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
      T = AT->getElementType();
    noteRecord(T->getAsCXXRecordDecl(), Static, 0);
  }

  void noteRecord(const CXXRecordDecl *RD, bool Static, unsigned Depth) {
    if (!RD || Depth > 4 || !(RD = RD->getDefinition()) ||
        RD->isInStdNamespace())
      return;
    Kinds &K = I.Instances[Lifetime::patternOf(RD)];
    (Static ? K.Static : K.Other) = true;
    for (const CXXBaseSpecifier &B : RD->bases())
      noteRecord(B.getType()->getAsCXXRecordDecl(), Static, Depth + 1);
  }

  /// Objects of type \p T live inside objects of class \p Owner.
  void own(QualType T, const CXXRecordDecl *Owner, unsigned Depth) {
    if (T.isNull() || !Owner || T->isDependentType() || Depth > 4)
      return;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !(RD = RD->getDefinition()) || RD->isInStdNamespace())
      return;
    const CXXRecordDecl *P = Lifetime::patternOf(RD);
    if (P == Owner)
      return;
    auto &V = I.OwnedBy[P];
    if (!llvm::is_contained(V, Owner))
      V.push_back(Owner);
    for (const CXXBaseSpecifier &B : RD->bases())
      own(B.getType(), Owner, Depth + 1);
  }

  Lifetime::Index &I;
  const SourceManager &SM;
  Fn Current = nullptr;
  unsigned Loops = 0;
  bool InInit = false;
  llvm::DenseSet<const Expr *> Handled, DirectCallees;
};

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return {};
  return std::string(Buf);
}

/// What merged facts say about \p S under \p Key: the storage's words.

} // namespace

Lifetime::Lifetime(ASTContext &Ctx) : Ctx(Ctx) {}
Lifetime::~Lifetime() = default;

void Lifetime::useFacts(const Json *LifetimeSection) {
  Facts = LifetimeSection && LifetimeSection->is_object() ? LifetimeSection
                                                          : nullptr;
}

Lifetime::Index &Lifetime::index() {
  if (!I) {
    I = std::make_unique<Index>();
    Builder B(*I, Ctx);
    B.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return *I;
}

bool Lifetime::isProcessLifetimeClass(const CXXRecordDecl *RD) {
  const CXXRecordDecl *P = patternOf(RD ? RD->getDefinition() : nullptr);
  if (!P)
    return false;
  if (Facts)
    if (auto C = Facts->find("classes"); C != Facts->end() && C->is_object())
      if (std::string Usr = usrOf(P); C->contains(Usr))
        return classLivesForProcess(*C, Usr);
  Kinds K = index().kindsOf(P, 0);
  return K.Static && !K.Other;
}


std::optional<ProcessStorage> Lifetime::variable(const VarDecl *VD) {
  // The variable is storage even when it is a pointer (its value lives
  // on); what it points to is pointsToProcessStorage's question.
  if (!VD || !VD->hasGlobalStorage() || VD->getType()->isReferenceType())
    return std::nullopt;
  ProcessStorage S;
  std::string Name = VD->getNameAsString();
  if (VD->getTLSKind() != VarDecl::TLS_None)
    S.Desc = "thread_local '" + Name + "'";
  else if (VD->isStaticDataMember())
    S.Desc = "static member '" +
             cast<CXXRecordDecl>(VD->getDeclContext())->getNameAsString() +
             "::" + Name + "'";
  else if (VD->isStaticLocal())
    S.Desc = "static '" + Name + "'";
  else
    S.Desc = "global '" + Name + "'";
  return S;
}

bool Lifetime::pointsToProcessStorage(const VarDecl *VD) {
  return pointsImpl(VD, 0);
}

bool Lifetime::pointsImpl(const VarDecl *VD, unsigned Depth) {
  if (!VD || !VD->hasGlobalStorage() || !isHandleType(VD->getType()) ||
      Depth > 6)
    return false;
  VD = VD->getCanonicalDecl();
  Index &Idx = index();
  auto &Memo = Idx.PointsMemo[VD];
  if (Memo)
    return *Memo;
  Memo = false;
  bool Any = false, All = !Idx.Deleted.contains(VD);
  auto It = Idx.PointerValues.find(VD);
  // Values given to any redeclaration.
  if (It == Idx.PointerValues.end())
    for (const VarDecl *R : VD->redecls())
      if ((It = Idx.PointerValues.find(R)) != Idx.PointerValues.end())
        break;
  if (It != Idx.PointerValues.end())
    for (const auto &[V, In] : It->second) {
      const Expr *E = ignoreTemporaries(V);
      if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) ||
          isa<CXXNullPtrLiteralExpr>(E))
        continue;
      if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
          CE && CE->getNumArgs() == 0)
        continue; // An empty smart pointer.
      Any = true;
      // `new T` / make_unique: a leaked object unless it is deleted.
      const Expr *S = stripValue(E);
      if (const auto *CE = dyn_cast<CXXConstructExpr>(S);
          CE && isSmartPointer(CE->getType()) && CE->getNumArgs() >= 1)
        S = stripValue(CE->getArg(0));
      if (isa<CXXNewExpr>(S))
        continue;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *FD = Call->getDirectCallee();
            FD && FD->isInStdNamespace() &&
            (nameOf(FD) == "make_unique" || nameOf(FD) == "make_shared"))
          continue;
      if (!storageImpl(V, In, /*ThroughPointer=*/true, Depth + 1))
        All = false;
    }
  Idx.PointsMemo[VD] = Any && All;
  return Any && All;
}

bool Lifetime::ownerLivesForProcess(const ValueDecl *D) {
  if (const auto *VD = dyn_cast_or_null<VarDecl>(D))
    return variable(VD).has_value();
  if (const auto *F = dyn_cast_or_null<FieldDecl>(D))
    return isProcessLifetimeClass(dyn_cast<CXXRecordDecl>(F->getParent()));
  return false;
}

std::optional<ProcessStorage>
Lifetime::storageOf(const Expr *E, const FunctionDecl *In,
                    bool ThroughPointer) {
  return storageImpl(E, canon(In), ThroughPointer, 0);
}

bool Lifetime::ownsAllocations(const FieldDecl *F) {
  Index &Idx = index();
  auto It = Idx.FieldValues.find(F);
  if (It == Idx.FieldValues.end())
    return false;
  bool Any = false;
  for (const Expr *V : It->second) {
    const Expr *E = stripValue(V)->IgnoreParenCasts();
    if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      continue;
    if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
      if (NE->getNumPlacementArgs() > 0 &&
          NE->getPlacementArg(0)->getType()->isPointerType())
        return false; // Placed in storage someone else owns.
      Any = true;
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    if (!FD || !FD->getDeclContext()->getRedeclContext()->isTranslationUnit() ||
        !llvm::StringSwitch<bool>(nameOf(FD))
             .Cases("malloc", "calloc", "realloc", "strdup", "strndup", true)
             .Default(false))
      return false;
    Any = true;
  }
  return Any;
}

std::optional<ProcessStorage> Lifetime::storageImpl(const Expr *E,
                                                    const FunctionDecl *In,
                                                    bool Deref,
                                                    unsigned Depth) {
  if (Depth > 8)
    return std::nullopt;
  std::string Field;
  for (unsigned N = 0; E && N < 24; ++N) {
    E = ignoreTemporaries(E);
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const ValueDecl *M = ME->getMemberDecl();
      if (const auto *VD = dyn_cast<VarDecl>(M)) {
        E = nullptr;
        if (auto S = variable(VD))
          return S;
        if (Deref && pointsImpl(VD, Depth + 1))
          return ProcessStorage{"the object '" + VD->getNameAsString() +
                                    "' points to",
                                {}, false};
        return std::nullopt;
      }
      if (!isa<FieldDecl>(M))
        return std::nullopt;
      // A reference or raw pointer member designates another object; a
      // smart pointer member owns its pointee, and so does a raw pointer
      // member given only fresh allocations (C's way to own: `e->maint =
      // calloc(...)`).
      if (M->getType()->isReferenceType() ||
          (Deref && M->getType()->isPointerType() &&
           !ownsAllocations(cast<FieldDecl>(M))))
        return std::nullopt;
      if (Field.empty())
        Field = nameOf(M).str();
      Deref = ME->isArrow();
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      Deref = AS->getBase()->getType()->isPointerType();
      E = AS->getBase();
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = OC->getOperator();
      if ((K == OO_Subscript || K == OO_Star || K == OO_Arrow) &&
          OC->getNumArgs() >= 1) {
        Deref = K != OO_Subscript;
        E = OC->getArg(0);
        continue;
      }
      return std::nullopt;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref) {
        Deref = true;
        E = UO->getSubExpr();
        continue;
      }
      if (UO->getOpcode() == UO_AddrOf) {
        Deref = false;
        E = UO->getSubExpr();
        continue;
      }
      return std::nullopt;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      StringRef N = nameOf(MD);
      if (MD && MD->getParent()->isInStdNamespace() &&
          (N == "at" || N == "back" || N == "front" || N == "get" ||
           N == "value" || N == "top")) {
        Deref = N == "get";
        E = MC->getImplicitObjectArgument();
        continue;
      }
    }
    if (isa<CXXThisExpr>(E)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(In);
      const CXXRecordDecl *RD = MD ? MD->getParent() : nullptr;
      if (RD && RD->isLambda())
        RD = cast<CXXThisExpr>(E)->getType()->getPointeeCXXRecordDecl();
      if (!RD || !isProcessLifetimeClass(RD))
        return std::nullopt;
      ProcessStorage S;
      S.Desc = (Field.empty() ? std::string("an object of ")
                              : "member '" + Field + "' of ") +
               "long-lived '" + RD->getNameAsString() + "'";
      S.ThisBased = true;
      return S;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (isa<CXXOperatorCallExpr>(Call))
        return std::nullopt;
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!FD || !isHandleType(FD->getReturnType()))
        return std::nullopt;
      if (FD->getReturnType()->isPointerType() && !Deref)
        return std::nullopt; // The pointer value itself is a temporary.
      return accessor(FD, Depth + 1);
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    if (!DRE)
      return std::nullopt;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    QualType T = VD->getType();
    if (T->isReferenceType() && !isa<ParmVarDecl>(VD)) {
      if (!VD->getInit())
        return std::nullopt;
      E = VD->getInit();
      Deref = false;
      continue;
    }
    if (VD->hasGlobalStorage()) {
      if (!isHandleType(T))
        return variable(VD);
      if (!Deref)
        return variable(VD); // The handle itself: not process-lifetime.
      if (!pointsImpl(VD, Depth + 1))
        return std::nullopt;
      return ProcessStorage{"the object '" + VD->getNameAsString() +
                                "' points to",
                            {}, false};
    }
    if (const auto *PV = dyn_cast<ParmVarDecl>(VD)) {
      if (!(T->isReferenceType() || (T->isPointerType() && Deref) ||
            (isSmartPointer(T) && Deref)))
        return std::nullopt;
      const auto *F = dyn_cast_or_null<FunctionDecl>(PV->getDeclContext());
      if (!F)
        return std::nullopt;
      auto S = paramBoundImpl(F, PV->getFunctionScopeIndex(), Depth + 1);
      if (S)
        S->Desc += " (through '" + PV->getNameAsString() + "')";
      return S;
    }
    if (!VD->isLocalVarDecl())
      return std::nullopt;
    // A local pointer: a pointee whose ownership it hands to long-lived
    // storage, or what it was initialised with.
    if (isHandleType(T) && Deref) {
      if (auto S = localStored(VD, In, Depth + 1))
        return S;
      if (!VD->getInit())
        return std::nullopt;
      E = VD->getInit();
      continue;
    }
    return localStored(VD, In, Depth + 1);
  }
  return std::nullopt;
}

/// A local whose value, address or ownership is stored into
/// process-lifetime storage in the same function.
std::optional<ProcessStorage> Lifetime::localStored(const VarDecl *VD,
                                                    const FunctionDecl *In,
                                                    unsigned Depth) {
  if (Depth > 8)
    return std::nullopt;
  Index &Idx = index();
  auto It = Idx.Stores.find(canon(In));
  if (It == Idx.Stores.end())
    return std::nullopt;
  for (const StoreRec &S : It->second) {
    if (S.DestDecl == VD)
      continue;
    // The value or the ownership, never the address: an automatic object
    // dies with its scope wherever its address is kept.
    const Expr *V = stripValue(S.Value);
    if (S.Return) {
      // A pointer returned to callers that keep it: what it points to is
      // theirs (`e = calloc(..); ...; return e;`).
      const auto *Ref = dyn_cast<DeclRefExpr>(V);
      if (!Ref || Ref->getDecl() != VD || !isHandleType(VD->getType()))
        continue;
      if (auto D = resultStoredImpl(canon(In), Depth + 1)) {
        D->Desc += " (through '" + VD->getNameAsString() + "')";
        if (D->Via.isInvalid())
          D->Via = S.Value->getBeginLoc();
        return D;
      }
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(V);
        CE && isSmartPointer(CE->getType()) && CE->getNumArgs() == 1)
      V = stripValue(CE->getArg(0));
    const auto *Ref = dyn_cast<DeclRefExpr>(V);
    if (!Ref || Ref->getDecl() != VD)
      continue;
    std::optional<ProcessStorage> D;
    if (S.DestDecl) {
      if (const auto *DV = dyn_cast<VarDecl>(S.DestDecl))
        D = variable(DV);
    } else {
      D = storageImpl(S.Dest, In, S.ThroughDest, Depth + 1);
    }
    if (D) {
      D->Desc += " (through '" + VD->getNameAsString() + "')";
      if (D->Via.isInvalid())
        D->Via = S.Value->getBeginLoc();
      return D;
    }
  }
  return std::nullopt;
}

std::optional<ProcessStorage> Lifetime::accessor(const FunctionDecl *F,
                                                 unsigned Depth) {
  F = canon(F);
  if (!F || Depth > 8)
    return std::nullopt;
  Index &Idx = index();
  auto &Memo = Idx.AccessorMemo[F];
  if (Memo)
    return *Memo;
  Memo = std::optional<ProcessStorage>();
  std::optional<ProcessStorage> Out;
  bool Pointer = F->getReturnType()->isPointerType();
  if (auto It = Idx.Stores.find(F); It != Idx.Stores.end()) {
    for (const StoreRec &S : It->second)
      if (S.Return)
        if ((Out = storageImpl(S.Value, F, Pointer, Depth + 1)))
          break;
  } else if (auto D = factDesc(Facts, "accessors", usrOf(F))) {
    Out = ProcessStorage{*D, {}, false};
  }
  Idx.AccessorMemo[F] = Out;
  return Out;
}

std::optional<ProcessStorage> Lifetime::resultStored(const FunctionDecl *F) {
  return resultStoredImpl(canon(F), 0);
}

std::optional<ProcessStorage>
Lifetime::resultStoredImpl(const FunctionDecl *F, unsigned Depth) {
  if (!F || Depth > 8)
    return std::nullopt;
  Index &Idx = index();
  auto &Memo = Idx.ResultMemo[F];
  if (Memo)
    return *Memo;
  Memo = std::optional<ProcessStorage>();
  std::optional<ProcessStorage> Out;
  if (auto It = Idx.ResultStores.find(F); It != Idx.ResultStores.end()) {
    for (const auto &[Caller, Pos] : It->second) {
      const StoreRec &S = Idx.Stores[Caller][Pos];
      std::optional<ProcessStorage> D;
      if (S.Return) {
        D = resultStoredImpl(Caller, Depth + 1);
      } else if (S.DestDecl) {
        if (const auto *V = dyn_cast<VarDecl>(S.DestDecl)) {
          D = V->isLocalVarDecl() && !V->isStaticLocal()
                  ? localStored(V, Caller, Depth + 1)
                  : variable(V);
        } else if (const auto *FD = dyn_cast<FieldDecl>(S.DestDecl)) {
          if (isProcessLifetimeClass(
                  dyn_cast<CXXRecordDecl>(FD->getParent())))
            D = ProcessStorage{"member '" + FD->getNameAsString() +
                                   "' of long-lived '" +
                                   FD->getParent()->getNameAsString() + "'",
                               {}, true};
        }
      } else {
        D = storageImpl(S.Dest, Caller, S.ThroughDest, Depth + 1);
      }
      if (D) {
        if (Caller && !S.Return)
          D->Desc += " by '" + Caller->getNameAsString() + "'";
        if (D->Via.isInvalid())
          D->Via = S.Value->getBeginLoc();
        Out = D;
        break;
      }
    }
  }
  if (!Out && Facts)
    if (auto D = mergedCondition(*Facts, "stores_result", usrOf(F)))
      Out = ProcessStorage{*D, {}, false};
  Idx.ResultMemo[F] = Out;
  return Out;
}

std::optional<ProcessStorage> Lifetime::paramBound(const FunctionDecl *F,
                                                   unsigned Index) {
  return paramBoundImpl(canon(F), Index, 0);
}

std::optional<ProcessStorage>
Lifetime::paramBoundImpl(const FunctionDecl *F, unsigned Index,
                         unsigned Depth) {
  F = canon(F);
  if (!F || Depth > 8)
    return std::nullopt;
  Lifetime::Index &Idx = index();
  auto &Memo = Idx.ParamMemo[{F, Index}];
  if (Memo)
    return *Memo;
  Memo = std::optional<ProcessStorage>();
  std::optional<ProcessStorage> Out;
  if (auto It = Idx.CallsTo.find(F); It != Idx.CallsTo.end())
    for (const CallRec &C : It->second) {
      unsigned Offset =
          isa<CXXOperatorCallExpr>(C.Call) && isa<CXXMethodDecl>(F) ? 1 : 0;
      if (Index + Offset >= C.Call->getNumArgs())
        continue;
      const Expr *Arg = C.Call->getArg(Index + Offset);
      bool Pointer = Arg->getType()->isPointerType();
      if ((Out = storageImpl(Arg, C.Caller, Pointer, Depth + 1))) {
        if (Out->Via.isInvalid())
          Out->Via = Arg->getBeginLoc();
        break;
      }
    }
  if (!Out)
    if (auto D = factDesc(Facts, "binds_param",
                          usrOf(F) + "#" + std::to_string(Index)))
      Out = ProcessStorage{*D, {}, false};
  Idx.ParamMemo[{F, Index}] = Out;
  return Out;
}

std::optional<ProcessStorage> Lifetime::paramStored(const FunctionDecl *F,
                                                    unsigned Index) {
  F = canon(F);
  if (!F)
    return std::nullopt;
  Lifetime::Index &Idx = index();
  if (auto It = Idx.Stores.find(F); It != Idx.Stores.end()) {
    for (const StoreRec &S : It->second) {
      if (S.Return)
        continue;
      const auto *Ref = dyn_cast<DeclRefExpr>(stripValue(S.Value));
      const auto *PV = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
      if (!PV || PV->getFunctionScopeIndex() != Index ||
          canon(dyn_cast<FunctionDecl>(PV->getDeclContext())) != F)
        continue;
      std::optional<ProcessStorage> D;
      if (const auto *V = dyn_cast_or_null<VarDecl>(S.DestDecl))
        D = V->isLocalVarDecl() && !V->isStaticLocal()
                ? localStored(V, F, 1)
                : variable(V);
      else if (S.Dest)
        D = storageImpl(S.Dest, F, S.ThroughDest, 1);
      if (D) {
        D->Desc += " by '" + F->getNameAsString() + "'";
        D->Via = SourceLocation();
        return D;
      }
    }
    return std::nullopt;
  }
  if (auto D = factDesc(Facts, "stores_param",
                        usrOf(F) + "#" + std::to_string(Index)))
    return ProcessStorage{*D, {}, false};
  return std::nullopt;
}

/// Whether only this TU can call \p F.
static bool privateToTU(const FunctionDecl *F, const SourceManager &SM) {
  if (!F->isExternallyVisible())
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(F)) {
    if (MD->isVirtual())
      return false;
    if (MD->getParent()->isLambda())
      return true;
    return SM.isInMainFile(SM.getExpansionLoc(MD->getParent()->getLocation()));
  }
  for (const FunctionDecl *R : F->redecls())
    if (!SM.isInMainFile(SM.getExpansionLoc(R->getLocation())))
      return false;
  return true;
}

bool Lifetime::runsAtMostOnce(const FunctionDecl *F) {
  F = canon(F);
  if (!F)
    return true; // A namespace-scope initialiser.
  if (F->isMain())
    return true;
  Index &Idx = index();
  auto &Memo = Idx.OnceMemo[F];
  if (Memo)
    return *Memo;
  Memo = false;
  bool Once = false;
  if (Idx.CallOnce.contains(F)) {
    Once = true;
  } else if (const auto *CD = dyn_cast<CXXConstructorDecl>(F)) {
    Once = isProcessLifetimeClass(CD->getParent());
  } else if (!Idx.AddressTaken.contains(F) &&
             privateToTU(F, Ctx.getSourceManager())) {
    auto It = Idx.CallsTo.find(F);
    Once = It != Idx.CallsTo.end() && !It->second.empty();
    if (Once)
      for (const CallRec &C : It->second)
        if (!C.InInit && (C.InLoop || !runsAtMostOnce(C.Caller))) {
          Once = false;
          break;
        }
  }
  Idx.OnceMemo[F] = Once;
  return Once;
}

/// The declaration a flag expression reads (a variable or a member).
static const ValueDecl *flagOf(const Expr *E) {
  for (unsigned N = 0; E && N < 6; ++N) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      StringRef N = nameOf(MC->getMethodDecl());
      if (N == "load" || N == "exchange" || N == "test_and_set" ||
          N.starts_with("compare_exchange") ||
          isa<CXXConversionDecl>(MC->getMethodDecl())) {
        E = MC->getImplicitObjectArgument();
        continue;
      }
      return nullptr;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl();
    return nullptr;
  }
  return nullptr;
}

/// Whether \p S sets the flag \p Flag (an assignment, store, exchange,
/// test_and_set, compare_exchange).
static bool setsFlag(const Stmt *S, const ValueDecl *Flag, unsigned Depth = 0) {
  if (!S || Depth > 24)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->isAssignmentOp() && flagOf(BO->getLHS()) == Flag)
      return true;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S))
    if (OC->getOperator() == OO_Equal && flagOf(OC->getArg(0)) == Flag)
      return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    StringRef N = nameOf(MC->getMethodDecl());
    if ((N == "store" || N == "exchange" || N == "test_and_set" ||
         N.starts_with("compare_exchange")) &&
        flagOf(MC->getImplicitObjectArgument()) == Flag)
      return true;
  }
  for (const Stmt *C : S->children())
    if (setsFlag(C, Flag, Depth + 1))
      return true;
  return false;
}

static bool leaves(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt, CXXThrowExpr>(S))
    return true;
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && leaves(CS->body_back());
  return false;
}

bool Lifetime::statementRunsAtMostOnce(const Stmt *S, const FunctionDecl *F) {
  if (runsAtMostOnce(F))
    return true;
  // Latches: walk up the parents of S inside F.
  ParentMapContext &PM = Ctx.getParentMapContext();
  const Stmt *Child = S;
  for (unsigned N = 0; Child && N < 32; ++N) {
    DynTypedNodeList Parents = PM.getParents(*Child);
    // A variable's initialiser: go on from the declaration's statement.
    for (unsigned D = 0; D < 2 && !Parents.empty() && Parents[0].get<Decl>() &&
                         isa<VarDecl>(Parents[0].get<Decl>());
         ++D)
      Parents = PM.getParents(Parents[0]);
    if (Parents.empty())
      return false;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P)
      return false;
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, LambdaExpr>(P))
      return false;
    if (const auto *If = dyn_cast<IfStmt>(P))
      if (If->getThen() == Child)
        if (const ValueDecl *Flag = flagOf(If->getCond());
            Flag && (setsFlag(If->getCond(), Flag) ||
                     setsFlag(If->getThen(), Flag)))
          return true;
    if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
      // `if (started) return; started = true; ... S`.
      llvm::SmallVector<const ValueDecl *, 2> Guards;
      for (const Stmt *C : CS->body()) {
        if (C == Child)
          break;
        if (const auto *If = dyn_cast<IfStmt>(C)) {
          if (leaves(If->getThen()) && !If->getElse())
            if (const ValueDecl *Flag = flagOf(If->getCond())) {
              if (setsFlag(If->getCond(), Flag))
                return true;
              Guards.push_back(Flag);
            }
          continue;
        }
        for (const ValueDecl *G : Guards)
          if (setsFlag(C, G))
            return true;
      }
    }
    Child = P;
  }
  return false;
}

bool Lifetime::decidedInTU(const Decl *D) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto InMain = [&](const Decl *X) {
    return SM.isInMainFile(SM.getExpansionLoc(X->getLocation()));
  };
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    if (VD->isLocalVarDecl() || !VD->isExternallyVisible())
      return true;
    if (VD->isStaticDataMember())
      return InMain(cast<Decl>(VD->getDeclContext()));
    return llvm::all_of(VD->redecls(), InMain);
  }
  if (const auto *FD = dyn_cast<FieldDecl>(D)) {
    const RecordDecl *RD = FD->getParent();
    return !RD->isExternallyVisible() || InMain(RD);
  }
  if (const auto *RD = dyn_cast<RecordDecl>(D))
    return !RD->isExternallyVisible() || InMain(RD);
  if (const auto *F = dyn_cast<FunctionDecl>(D))
    return privateToTU(F, SM);
  return false;
}

Json Lifetime::facts(
    llvm::function_ref<bool(const CXXRecordDecl *)> WantClass) {
  Index &Idx = index();
  const SourceManager &SM = Ctx.getSourceManager();
  Json Out = Json::object();
  // Classes, with the classes that own them.
  Json Classes = Json::object();
  std::vector<const CXXRecordDecl *> Work;
  llvm::DenseSet<const CXXRecordDecl *> Seen;
  auto Consider = [&](const CXXRecordDecl *RD) {
    if (RD && WantClass(RD) && Seen.insert(RD).second)
      Work.push_back(RD);
  };
  for (const auto &[RD, K] : Idx.Instances)
    Consider(RD);
  for (const auto &[RD, Owners] : Idx.OwnedBy)
    Consider(RD);
  while (!Work.empty()) {
    const CXXRecordDecl *RD = Work.back();
    Work.pop_back();
    std::string Usr = usrOf(RD);
    if (Usr.empty())
      continue;
    Json C = Json::object();
    if (auto It = Idx.Instances.find(RD); It != Idx.Instances.end()) {
      if (It->second.Static)
        C["static_instance"] = true;
      if (It->second.Other)
        C["other_instance"] = true;
    }
    if (auto It = Idx.OwnedBy.find(RD); It != Idx.OwnedBy.end()) {
      Json O = Json::array();
      for (const CXXRecordDecl *Owner : It->second) {
        O.push_back(usrOf(Owner));
        if (Seen.insert(Owner).second)
          Work.push_back(Owner);
      }
      std::sort(O.begin(), O.end());
      O.erase(std::unique(O.begin(), O.end()), O.end());
      C["owned_by"] = std::move(O);
    }
    Classes[Usr] = std::move(C);
  }
  Out["classes"] = std::move(Classes);

  std::map<std::string, std::string> Accessors, Stored, Bound, Kept;
  auto External = [&](const FunctionDecl *F) {
    return F && !privateToTU(F, SM) && !F->isInStdNamespace() &&
           !inSystemHeader(SM, F);
  };
  // Functions other TUs call that return what a call of G returned
  // (directly, through a local, or through a TU-private function that
  // returns it): G's result is stored when theirs is.
  std::map<std::string, std::set<std::string>> Forwards;
  std::function<void(Fn, Fn, unsigned)> Forward = [&](Fn G, Fn Via,
                                                      unsigned Depth) {
    auto It = Idx.ResultStores.find(Via);
    if (Depth > 8 || It == Idx.ResultStores.end())
      return;
    for (const auto &[Caller, Pos] : It->second) {
      auto CIt = Idx.Stores.find(Caller);
      if (!Caller || CIt == Idx.Stores.end() || Pos >= CIt->second.size())
        continue;
      const std::vector<StoreRec> &CS = CIt->second;
      const StoreRec &S = CS[Pos];
      const VarDecl *Local = nullptr;
      if (!S.Return) {
        if (S.DestDecl)
          Local = dyn_cast<VarDecl>(S.DestDecl);
        else if (const auto *D = dyn_cast_or_null<DeclRefExpr>(
                     S.Dest ? S.Dest->IgnoreParenImpCasts() : nullptr))
          Local = dyn_cast<VarDecl>(D->getDecl());
        if (!Local || !Local->isLocalVarDecl() || Local->isStaticLocal())
          continue;
      }
      bool Returned = S.Return;
      for (const StoreRec &R : CS)
        if (!Returned && R.Return)
          if (const auto *D = dyn_cast<DeclRefExpr>(stripValue(R.Value)))
            Returned = D->getDecl() == Local;
      if (!Returned)
        continue;
      if (External(Caller))
        Forwards[usrOf(G)].insert(usrOf(Caller));
      else
        Forward(G, Caller, Depth + 1);
    }
  };
  for (const auto &[G, Uses] : Idx.ResultStores)
    if (External(G))
      Forward(G, G, 0);
  for (Fn F : Idx.Defined)
    if (External(F) && isHandleType(F->getReturnType()))
      if (auto S = accessor(F, 0))
        Accessors.emplace(usrOf(F), S->Desc);
  for (Fn F : Idx.Defined)
    if (External(F))
      for (unsigned P = 0; P < F->getNumParams(); ++P)
        if (auto S = paramStored(F, P))
          Kept.emplace(usrOf(F) + "#" + std::to_string(P), S->Desc);
  for (const auto &[F, Uses] : Idx.ResultStores)
    if (External(F))
      if (auto S = resultStoredImpl(F, 0))
        Stored.emplace(usrOf(F), S->Desc);
  for (const auto &[F, Calls] : Idx.CallsTo) {
    if (!External(F))
      continue;
    for (unsigned P = 0; P < F->getNumParams(); ++P)
      if (isHandleType(F->getParamDecl(P)->getType()))
        if (auto S = paramBoundImpl(F, P, 0))
          Bound.emplace(usrOf(F) + "#" + std::to_string(P), S->Desc);
  }
  auto Put = [&](const char *Key,
                 const std::map<std::string, std::string> &M) {
    Json A = Json::object();
    for (const auto &[K, Desc] : M)
      if (!K.empty() && K.front() != '#')
        A[K] = Desc;
    if (!A.empty())
      Out[Key] = std::move(A);
  };
  Put("accessors", Accessors);
  Put("stores_result", Stored);
  Json F = Json::object();
  for (const auto &[G, Callers] : Forwards)
    if (!G.empty())
      for (const std::string &C : Callers)
        if (!C.empty() && C != G)
          F[G].push_back(C);
  if (!F.empty())
    Out["forwards_result"] = std::move(F);
  Put("binds_param", Bound);
  Put("stores_param", Kept);
  return Out;
}

} // namespace leakhound
