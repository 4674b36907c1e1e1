//===--- CallTargets.cpp - the functions an indirect call may reach -------===//
//
// See CallTargets.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "CallTargets.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <mutex>

using namespace clang;

namespace leakhound {

/// The function type a slot of type \p T holds (a pointer to function, or
/// an array of them), canonical; null for other types.
static const Type *slotFunctionType(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getCanonicalType();
  while (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    T = AT->getElementType().getCanonicalType();
  if (const auto *PT = dyn_cast<PointerType>(T.getTypePtr()))
    if (PT->getPointeeType()->isFunctionType())
      return PT->getPointeeType().getCanonicalType().getTypePtr();
  return nullptr;
}

/// The canonical key of a slot declaration: a parameter is the parameter of
/// its function's canonical declaration (every redeclaration has its own
/// ParmVarDecl).
static const ValueDecl *slotKey(const ValueDecl *D) {
  if (!D)
    return nullptr;
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    const auto *F = dyn_cast<FunctionDecl>(P->getDeclContext());
    if (!F)
      return nullptr;
    F = F->getCanonicalDecl();
    unsigned I = P->getFunctionScopeIndex();
    return I < F->getNumParams() ? F->getParamDecl(I) : nullptr;
  }
  if (const auto *V = dyn_cast<VarDecl>(D))
    return V->getCanonicalDecl();
  if (const auto *F = dyn_cast<FieldDecl>(D))
    return F->getCanonicalDecl();
  return nullptr;
}

/// The slot an lvalue \p E names: a variable, a field, or the elements of
/// an array variable or field.
static const ValueDecl *slotOfLValue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
    if (!Base->getType()->isArrayType())
      return nullptr;
    E = Base;
  }
  const ValueDecl *D = nullptr;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    D = dyn_cast<VarDecl>(DR->getDecl());
  else if (const auto *ME = dyn_cast<MemberExpr>(E))
    D = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!D || !slotFunctionType(D->getType()))
    return nullptr;
  return slotKey(D);
}

const ValueDecl *CallTargets::slotOf(const CallExpr *CE) {
  const Expr *C = CE->getCallee()->IgnoreParenImpCasts();
  // `(*fp)(x)`: the function designator read through the pointer.
  if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_Deref)
    C = U->getSubExpr();
  return slotOfLValue(C);
}

CallTargets::CallTargets(ASTContext &Ctx,
                         llvm::ArrayRef<const FunctionDecl *> Bodies)
    : Ctx(Ctx), Bodies(Bodies.begin(), Bodies.end()) {}

namespace {
/// The resolvers sharedFor made, by context; an entry is dropped when its
/// context is destroyed (ASTContext::AddDeallocation), before the address
/// can be reused.
struct SharedTargets {
  std::mutex Lock;
  llvm::DenseMap<const ASTContext *, std::vector<std::shared_ptr<CallTargets>>>
      ByContext;
};
SharedTargets &sharedTargets() {
  static SharedTargets *S = new SharedTargets; // Never destroyed: see drop.
  return *S;
}
void dropShared(void *Ctx) {
  SharedTargets &S = sharedTargets();
  std::lock_guard<std::mutex> G(S.Lock);
  S.ByContext.erase(static_cast<const ASTContext *>(Ctx));
}
} // namespace

std::shared_ptr<CallTargets>
CallTargets::sharedFor(ASTContext &Ctx,
                       llvm::ArrayRef<const FunctionDecl *> Bodies) {
  SharedTargets &S = sharedTargets();
  std::lock_guard<std::mutex> G(S.Lock);
  auto [It, New] = S.ByContext.try_emplace(&Ctx);
  if (New)
    Ctx.AddDeallocation(dropShared, &Ctx);
  for (const std::shared_ptr<CallTargets> &T : It->second)
    if (llvm::ArrayRef<const FunctionDecl *>(T->Bodies) == Bodies)
      return T;
  auto T = std::make_shared<CallTargets>(Ctx, Bodies);
  It->second.push_back(T);
  return T;
}

namespace {

/// The walk that finds every store into a slot (see CallTargets.h).
struct StoreScan : RecursiveASTVisitor<StoreScan> {
  ASTContext &Ctx;
  llvm::MapVector<const ValueDecl *, SlotStores> &Stores;
  llvm::DenseSet<const Type *> &OpenTypes;
  llvm::DenseSet<const FunctionDecl *> &AddressTaken;
  std::vector<const CXXRecordDecl *> &Classes;
  llvm::SmallPtrSet<const Expr *, 8> DirectCallees, Subscripted;

  StoreScan(ASTContext &Ctx,
            llvm::MapVector<const ValueDecl *, SlotStores> &Stores,
            llvm::DenseSet<const Type *> &OpenTypes,
            llvm::DenseSet<const FunctionDecl *> &AddressTaken,
            std::vector<const CXXRecordDecl *> &Classes)
      : Ctx(Ctx), Stores(Stores), OpenTypes(OpenTypes),
        AddressTaken(AddressTaken), Classes(Classes) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  void open(const ValueDecl *Slot) {
    if (Slot)
      Stores[Slot].Open = true;
  }

  /// Records \p E stored into \p Slot.
  void addValue(const ValueDecl *Slot, const Expr *E) {
    if (!Slot || !E)
      return;
    E = E->IgnoreParenCasts();
    if (isa<ImplicitValueInitExpr>(E))
      return;
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      addValue(Slot, CO->getTrueExpr());
      addValue(Slot, CO->getFalseExpr());
      return;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      if (const auto *F = dyn_cast<FunctionDecl>(DR->getDecl())) {
        SlotStores &S = Stores[Slot];
        const FunctionDecl *C = F->getCanonicalDecl();
        if (!llvm::is_contained(S.Functions, C))
          S.Functions.push_back(C);
        return;
      }
    if (!E->isValueDependent() &&
        E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return;
    open(Slot);
  }

  /// An array slot initialised by \p E, element by element.
  void addElements(const ValueDecl *Slot, const Expr *E) {
    const auto *IL = dyn_cast<InitListExpr>(E->IgnoreParenImpCasts());
    if (!IL) {
      if (!isa<ImplicitValueInitExpr>(E->IgnoreParenImpCasts()))
        open(Slot);
      return;
    }
    if (IL->isSyntacticForm() && IL->getSemanticForm())
      IL = IL->getSemanticForm();
    for (const Expr *Init : IL->inits()) {
      if (Init->getType()->isArrayType())
        addElements(Slot, Init);
      else
        addValue(Slot, Init);
    }
  }

  /// \p Slot of type \p T initialised by \p Init.
  void initSlot(const ValueDecl *Slot, QualType T, const Expr *Init) {
    if (!Slot || !Init)
      return;
    if (T->isArrayType())
      addElements(Slot, Init);
    else
      addValue(Slot, Init);
  }

  void handleVar(const VarDecl *V) {
    if (!V->getInit())
      return;
    if (slotFunctionType(V->getType()) && !isa<ParmVarDecl>(V)) {
      initSlot(slotKey(V), V->getType(), V->getInit());
    } else if (V->getType()->isReferenceType() &&
               slotFunctionType(V->getType().getNonReferenceType())) {
      // A reference bound to a slot may write it.
      open(slotOfLValue(V->getInit()));
    }
  }

  bool VisitVarDecl(VarDecl *V) {
    handleVar(V);
    return true;
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition() && !RD->isDependentContext())
      Classes.push_back(RD);
    return true;
  }

  bool VisitInitListExpr(InitListExpr *IL) {
    // The walk visits the syntactic form; the fields are the semantic one's.
    if (!IL->isSemanticForm())
      IL = IL->getSemanticForm();
    if (!IL)
      return true;
    const auto *RT = IL->getType()->getAs<RecordType>();
    if (!RT)
      return true;
    const RecordDecl *RD = RT->getDecl()->getDefinition();
    if (!RD)
      return true;
    if (RD->isUnion()) {
      if (const FieldDecl *F = IL->getInitializedFieldInUnion();
          F && IL->getNumInits() > 0 && slotFunctionType(F->getType()))
        initSlot(slotKey(F), F->getType(), IL->getInit(0));
      return true;
    }
    unsigned I = 0;
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
      I = CRD->getNumBases();
    for (const FieldDecl *F : RD->fields()) {
      if (I >= IL->getNumInits())
        break;
      const Expr *Init = IL->getInit(I++);
      if (F->isUnnamedBitField())
        continue;
      if (slotFunctionType(F->getType()))
        initSlot(slotKey(F), F->getType(), Init);
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() != BO_Assign)
      return true;
    const Type *FT = slotFunctionType(B->getLHS()->getType());
    if (!FT)
      return true;
    if (const ValueDecl *Slot = slotOfLValue(B->getLHS()))
      addValue(Slot, B->getRHS());
    else
      OpenTypes.insert(FT); // `*pp = f`: some slot of this type.
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->getOpcode() == UO_AddrOf)
      open(slotOfLValue(U->getSubExpr()));
    return true;
  }

  bool VisitArraySubscriptExpr(ArraySubscriptExpr *AS) {
    Subscripted.insert(AS->getBase());
    return true;
  }

  bool VisitImplicitCastExpr(ImplicitCastExpr *IC) {
    // An array of function pointers handed on as a pointer.
    if (IC->getCastKind() == CK_ArrayToPointerDecay &&
        !Subscripted.count(IC))
      open(slotOfLValue(IC->getSubExpr()));
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F)
      return true;
    DirectCallees.insert(CE->getCallee()->IgnoreParenImpCasts());
    // Arguments given to function-pointer parameters.
    const FunctionDecl *Canon = F->getCanonicalDecl();
    unsigned Skip = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(F);
    for (unsigned I = Skip; I < CE->getNumArgs(); ++I) {
      unsigned P = I - Skip;
      if (P >= Canon->getNumParams())
        break;
      const ParmVarDecl *PD = Canon->getParamDecl(P);
      if (slotFunctionType(PD->getType()))
        addValue(PD, CE->getArg(I));
    }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DR) {
    if (const auto *F = dyn_cast<FunctionDecl>(DR->getDecl()))
      if (!DirectCallees.count(DR))
        AddressTaken.insert(F->getCanonicalDecl());
    return true;
  }

  void constructorInits(const CXXConstructorDecl *CD) {
    for (const CXXCtorInitializer *Init : CD->inits()) {
      const FieldDecl *F = Init->getMember();
      if (!Init->getInit())
        continue;
      if (F && slotFunctionType(F->getType()))
        initSlot(slotKey(F), F->getType(), Init->getInit());
      TraverseStmt(Init->getInit());
    }
  }
};

} // namespace

void CallTargets::scan() {
  if (Scanned)
    return;
  Scanned = true;
  ClassesCollected = true;
  StoreScan S(Ctx, Stores, OpenTypes, AddressTaken, Classes);
  const SourceManager &SM = Ctx.getSourceManager();
  // The TU's own declarations: variable initialisers, in-class member
  // initialisers, class definitions (with their template instantiations).
  llvm::SmallVector<const DeclContext *, 16> Contexts{
      Ctx.getTranslationUnitDecl()};
  while (!Contexts.empty()) {
    const DeclContext *DC = Contexts.pop_back_val();
    for (const Decl *D : DC->decls()) {
      SourceLocation L = SM.getExpansionLoc(D->getLocation());
      if (L.isValid() && SM.isInSystemHeader(L))
        continue;
      if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
        Contexts.push_back(NS);
      } else if (const auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
        Contexts.push_back(LS);
      } else if (const auto *CT = dyn_cast<ClassTemplateDecl>(D)) {
        for (const ClassTemplateSpecializationDecl *Spec :
             CT->specializations())
          if (Spec->isThisDeclarationADefinition()) {
            S.Classes.push_back(Spec);
            Contexts.push_back(Spec);
          }
      } else if (const auto *RD = dyn_cast<RecordDecl>(D)) {
        if (!RD->isThisDeclarationADefinition() || RD->isDependentContext())
          continue;
        if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
          S.Classes.push_back(CRD);
        Contexts.push_back(RD);
      } else if (const auto *F = dyn_cast<FieldDecl>(D)) {
        if (F->hasInClassInitializer() && F->getInClassInitializer() &&
            slotFunctionType(F->getType()))
          S.initSlot(slotKey(F), F->getType(), F->getInClassInitializer());
      } else if (const auto *V = dyn_cast<VarDecl>(D)) {
        if (!V->getInit())
          continue;
        S.handleVar(V);
        S.TraverseStmt(const_cast<Expr *>(V->getInit()));
      }
    }
  }
  for (const FunctionDecl *F : Bodies) {
    if (!F->getBody() || F->isDependentContext())
      continue;
    if (const auto *CD = dyn_cast<CXXConstructorDecl>(F))
      S.constructorInits(CD);
    S.TraverseStmt(F->getBody());
  }
}

void CallTargets::collectClasses() { scan(); }

const SlotStores *CallTargets::storesTo(const ValueDecl *Slot) {
  scan();
  auto It = Stores.find(slotKey(Slot));
  return It == Stores.end() ? nullptr : &It->second;
}

const llvm::MapVector<const ValueDecl *, SlotStores> &
CallTargets::allStores() {
  scan();
  return Stores;
}

bool CallTargets::declaredOnlyInMainFile(const ValueDecl *D) const {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Decl *R : D->redecls())
    if (!SM.isInMainFile(SM.getExpansionLoc(R->getLocation())))
      return false;
  return true;
}

/// Whether no other TU can name the class \p RD (so none can derive from
/// it or store into its fields).
static bool classDecidedHere(const RecordDecl *RD, const SourceManager &SM) {
  if (!RD)
    return false;
  if (RD->isInAnonymousNamespace() || RD->isFunctionOrMethod() ||
      RD->getParentFunctionOrMethod())
    return true;
  const RecordDecl *Def = RD->getDefinition();
  return Def && SM.isInMainFile(SM.getExpansionLoc(Def->getLocation()));
}

bool CallTargets::decidedHere(const ValueDecl *Slot) {
  Slot = slotKey(Slot);
  if (!Slot)
    return false;
  auto [It, New] = Decided.try_emplace(Slot, false);
  if (!New)
    return It->second;
  bool D = false;
  const SourceManager &SM = Ctx.getSourceManager();
  if (const auto *P = dyn_cast<ParmVarDecl>(Slot)) {
    const auto *F = dyn_cast<FunctionDecl>(P->getDeclContext());
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
    scan();
    D = F && !(MD && MD->isVirtual()) && !F->isMain() &&
        (!F->isExternallyVisible() || declaredOnlyInMainFile(F)) &&
        !AddressTaken.count(F->getCanonicalDecl());
  } else if (const auto *V = dyn_cast<VarDecl>(Slot)) {
    D = !V->hasGlobalStorage() || V->isStaticLocal() ||
        !V->isExternallyVisible() || declaredOnlyInMainFile(V);
  } else if (const auto *F = dyn_cast<FieldDecl>(Slot)) {
    D = classDecidedHere(F->getParent(), SM);
  }
  Decided[Slot] = D;
  return D;
}

CallResolution CallTargets::overriders(const CXXMethodDecl *MD,
                                       const CXXRecordDecl *Static) {
  CallResolution R;
  R.Method = MD;
  if (!Static || !Static->hasDefinition())
    return R;
  Static = Static->getDefinition();
  collectClasses();
  auto Consider = [&](const CXXRecordDecl *C) {
    if (!C->hasDefinition() || C->isAbstract())
      return;
    const CXXMethodDecl *T = MD->getCorrespondingMethodInClass(C, true);
    if (!T || T->isPureVirtual())
      return;
    const FunctionDecl *Canon = T->getCanonicalDecl();
    if (!llvm::is_contained(R.Targets, Canon))
      R.Targets.push_back(Canon);
  };
  Consider(Static);
  for (const CXXRecordDecl *C : Classes)
    if (C != Static && C->hasDefinition() && C->isDerivedFrom(Static))
      Consider(C);
  R.Closed =
      !R.Targets.empty() && classDecidedHere(Static, Ctx.getSourceManager());
  return R;
}

std::optional<CallResolution> CallTargets::resolve(const CallExpr *CE) {
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(CE->getDirectCallee())) {
    if (!MD->isVirtual())
      return std::nullopt;
    const Expr *Obj = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      if (const auto *ME =
              dyn_cast<MemberExpr>(CE->getCallee()->IgnoreParens());
          ME && ME->hasQualifier())
        return std::nullopt; // `Base::f()`: no dispatch.
      Obj = MC->getImplicitObjectArgument();
    } else if (isa<CXXOperatorCallExpr>(CE) && CE->getNumArgs() > 0) {
      Obj = CE->getArg(0);
    }
    if (!Obj)
      return std::nullopt;
    QualType T = Obj->getType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    return overriders(MD, T->getAsCXXRecordDecl());
  }
  if (CE->getDirectCallee())
    return std::nullopt;
  CallResolution R;
  R.Slot = slotOf(CE);
  if (!R.Slot)
    return R;
  scan();
  const SlotStores *S = storesTo(R.Slot);
  if (S)
    R.Targets = S->Functions;
  R.Closed = S && !S->Open && !S->Functions.empty() &&
             !OpenTypes.count(slotFunctionType(R.Slot->getType())) &&
             decidedHere(R.Slot);
  return R;
}

} // namespace leakhound
