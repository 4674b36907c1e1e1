//===--- ContainerFacts.cpp - growth and removal of long-lived containers -===//
//
// The collector: one walk over each function body (see ContainerFacts.h for
// the terms). The walk is top-down and keeps the context a grow site needs:
// the active size guards, whether it is inside a loop, a static initialiser,
// a std::call_once callable or a lambda that may run later. Summaries,
// accessors and once-functions are resolved when the TU is complete.
//
//===----------------------------------------------------------------------===//

#include "ContainerFacts.h"
#include "Lifetime.h"
#include "SystemHeaders.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include <functional>
#include <map>
#include <optional>

using namespace clang;

namespace leakhound {
namespace {

enum class TargetKind { None, Entity, Param, Accessor };

/// What an expression denotes (see the header's terms).
struct Target {
  TargetKind Kind = TargetKind::None;
  const Decl *D = nullptr; ///< Entity decl, accessor, or the param's function.
  unsigned Index = 0;      ///< Parameter index.

  explicit operator bool() const { return Kind != TargetKind::None; }
  bool operator==(const Target &O) const {
    return Kind == O.Kind && D == O.D && Index == O.Index;
  }
};

enum class EventKind { Grow, Remove, Escape, Pass, Returned };

struct Event {
  EventKind Kind;
  Target T;
  SourceLocation Loc;
  bool InInit = false;   ///< Static initialiser or std::call_once callable.
  bool Deferred = false; ///< In a lambda that may run at any later time.
  bool InLoop = false;   ///< In a loop not over a fixed literal range.
  bool Guarded = false;  ///< Under a size guard on the same target.
  llvm::SmallVector<const Decl *, 1> CounterGuards;
  const FunctionDecl *Callee = nullptr; ///< For Pass.
  unsigned CalleeParam = 0;
};

/// A reference to a function from the body being walked.
struct FunctionRef {
  const FunctionDecl *Callee;
  bool Direct, InInit, Deferred, InLoop;
};

struct FunctionInfo {
  const FunctionDecl *FD = nullptr; ///< Null for a static initialiser.
  const CXXRecordDecl *CtorOf = nullptr;
  bool HasErrors = false;
  std::vector<Event> Events;
  std::vector<FunctionRef> Refs;
  llvm::DenseSet<const Decl *> Incremented;
};

/// Size guards: the targets whose size, and the counters, are below their
/// limit on one side of a condition.
struct Guard {
  llvm::SmallVector<Target, 2> Targets;
  llvm::SmallVector<const Decl *, 2> Counters;
  bool empty() const { return Targets.empty() && Counters.empty(); }
};

static Guard unite(const Guard &A, const Guard &B) {
  Guard R = A;
  for (const Target &T : B.Targets)
    if (!llvm::is_contained(R.Targets, T))
      R.Targets.push_back(T);
  for (const Decl *C : B.Counters)
    if (!llvm::is_contained(R.Counters, C))
      R.Counters.push_back(C);
  return R;
}

static Guard intersect(const Guard &A, const Guard &B) {
  Guard R;
  for (const Target &T : A.Targets)
    if (llvm::is_contained(B.Targets, T))
      R.Targets.push_back(T);
  for (const Decl *C : A.Counters)
    if (llvm::is_contained(B.Counters, C))
      R.Counters.push_back(C);
  return R;
}

/// Below-limit guards when the condition is true and when it is false.
struct CondGuards {
  Guard IfTrue, IfFalse;
};

struct Effects {
  bool Grow = false, Remove = false, Escape = false;
  bool operator==(const Effects &O) const {
    return Grow == O.Grow && Remove == O.Remove && Escape == O.Escape;
  }
};

} // namespace

/// The namespace-qualified name of \p ND, without inline namespaces (so
/// std::__cxx11::basic_string is std::basic_string); empty for local names.
static std::string qualifiedName(const NamedDecl *ND) {
  llvm::SmallVector<std::string, 4> Parts;
  if (!ND->getIdentifier())
    return {};
  Parts.push_back(ND->getName().str());
  for (const DeclContext *DC = ND->getDeclContext(); DC;
       DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline())
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? "(anonymous namespace)"
                                                 : NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getName().str());
    } else if (isa<LinkageSpecDecl>(DC) || isa<ExportDecl>(DC)) {
      continue;
    } else if (isa<TranslationUnitDecl>(DC)) {
      break;
    } else {
      return {};
    }
  }
  std::string Out;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Out.empty())
      Out += "::";
    Out += *It;
  }
  return Out;
}

static bool isInStd(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (!NS->isInline() && NS->getParent()->getRedeclContext()->isTranslationUnit())
        return NS->getName() == "std";
  return false;
}

static const char *const StdContainers[] = {
    "std::vector",        "std::deque",
    "std::list",          "std::forward_list",
    "std::map",           "std::multimap",
    "std::set",           "std::multiset",
    "std::unordered_map", "std::unordered_multimap",
    "std::unordered_set", "std::unordered_multiset",
    "std::basic_string",  "std::queue",
    "std::stack",         "std::priority_queue"};

static const char *const GrowMethods[] = {
    "insert",         "emplace",        "emplace_hint",  "try_emplace",
    "insert_or_assign", "push_back",    "emplace_back",  "push_front",
    "emplace_front",  "push",           "append",        "insert_range",
    "append_range",   "prepend_range",  "push_range",    "emplace_after",
    "insert_after",   "splice",         "splice_after",  "merge"};

static const char *const RemoveMethods[] = {
    "erase",  "erase_if", "clear",    "pop_back",    "pop_front",
    "pop",    "extract",  "swap",     "remove",      "remove_if",
    "unique", "assign",   "erase_after", "assign_range"};

/// Methods whose container argument loses its elements.
static const char *const TakeFromArgMethods[] = {"swap", "merge", "splice",
                                                 "splice_after"};

/// Standard functions that remove from a container given by reference (or
/// leave it moved-from).
static const char *const StdRemovers[] = {
    "std::swap", "std::erase", "std::erase_if", "std::exchange",
    "std::getline", "std::move", "std::ranges::swap"};

/// Standard functions whose result inserts into the container given.
static const char *const StdGrowers[] = {"std::back_inserter",
                                         "std::front_inserter",
                                         "std::inserter"};

template <size_t N>
static bool inList(llvm::StringRef S, const char *const (&L)[N]) {
  for (const char *E : L)
    if (S == E)
      return true;
  return false;
}

struct ContainerFactsCollector::Impl {
  ContainerOptions Opts;
  llvm::StringSet<> ContainerNames, EvictionNames;
  std::vector<std::unique_ptr<FunctionInfo>> Functions;
  llvm::DenseMap<const FunctionDecl *, FunctionInfo *> ByFunction;
  llvm::DenseSet<const Decl *> Seen;
  llvm::DenseMap<const CXXRecordDecl *, bool> ContainerCache;
  llvm::DenseMap<const CXXRecordDecl *, bool> HoldsContainerCache;
  /// Which storage lives for the process (created with the first function).
  std::unique_ptr<Lifetime> LT;

  explicit Impl(ContainerOptions O) : Opts(std::move(O)) {
    for (const char *N : StdContainers)
      ContainerNames.insert(N);
    for (const std::string &N : Opts.ContainerTypes)
      ContainerNames.insert(llvm::StringRef(N).ltrim(':'));
    for (const std::string &N : Opts.EvictionMethods)
      EvictionNames.insert(llvm::StringRef(N).ltrim(':'));
  }

  bool isContainerRecord(const CXXRecordDecl *RD, unsigned Depth = 0) {
    if (!RD || Depth > 4)
      return false;
    RD = cast<CXXRecordDecl>(RD->getCanonicalDecl());
    auto It = ContainerCache.find(RD);
    if (It != ContainerCache.end())
      return It->second;
    bool Is = ContainerNames.contains(qualifiedName(RD));
    if (!Is)
      if (const CXXRecordDecl *Def = RD->getDefinition())
        for (const CXXBaseSpecifier &B : Def->bases())
          if (isContainerRecord(B.getType()->getAsCXXRecordDecl(), Depth + 1)) {
            Is = true;
            break;
          }
    ContainerCache[RD] = Is;
    return Is;
  }

  /// The container record \p T is, refers or points to (arrays stripped).
  const CXXRecordDecl *containerOf(QualType T) {
    if (T.isNull())
      return nullptr;
    T = T.getNonReferenceType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
      T = AT->getElementType();
    if (T->isDependentType())
      return nullptr;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    return isContainerRecord(RD) ? RD : nullptr;
  }

  bool isAssociative(const CXXRecordDecl *RD, ASTContext &Ctx,
                     unsigned Depth = 0) {
    if (!RD || Depth > 4 || !(RD = RD->getDefinition()))
      return false;
    if (!RD->lookup(&Ctx.Idents.get("mapped_type")).empty())
      return true;
    for (const CXXBaseSpecifier &B : RD->bases())
      if (isAssociative(B.getType()->getAsCXXRecordDecl(), Ctx, Depth + 1))
        return true;
    return false;
  }

  /// Whether an associative container's keys come from a small domain (an
  /// enum, bool, or an integer of at most 16 bits): it cannot grow past it.
  bool smallKeyDomain(const CXXRecordDecl *RD, ASTContext &Ctx,
                      unsigned Depth = 0) {
    if (!RD || Depth > 4 || !(RD = RD->getDefinition()))
      return false;
    for (const NamedDecl *ND : RD->lookup(&Ctx.Idents.get("key_type")))
      if (const auto *TD = dyn_cast<TypedefNameDecl>(ND)) {
        QualType K = TD->getUnderlyingType().getCanonicalType();
        if (K->isDependentType())
          return false;
        return K->isEnumeralType() || K->isBooleanType() ||
               (K->isIntegerType() && Ctx.getTypeSize(K) <= 16);
      }
    for (const CXXBaseSpecifier &B : RD->bases())
      if (smallKeyDomain(B.getType()->getAsCXXRecordDecl(), Ctx, Depth + 1))
        return true;
    return false;
  }

  bool holdsContainer(const CXXRecordDecl *RD) {
    if (!RD || !(RD = RD->getDefinition()))
      return false;
    auto It = HoldsContainerCache.find(RD);
    if (It != HoldsContainerCache.end())
      return It->second;
    bool Holds = false;
    for (const FieldDecl *F : RD->fields())
      if (containerOf(F->getType()) && !F->getType()->isReferenceType())
        Holds = true;
    HoldsContainerCache[RD] = Holds;
    return Holds;
  }

  static const CXXRecordDecl *patternOf(const CXXRecordDecl *RD) {
    return Lifetime::patternOf(RD);
  }

  Lifetime &lifetime(ASTContext &Ctx) {
    if (!LT)
      LT = std::make_unique<Lifetime>(Ctx);
    return *LT;
  }

  /// The canonical entity for a container declaration, or null.
  const Decl *entityFor(const Decl *D, const SourceManager &SM) {
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      while (const VarDecl *From = VD->getInstantiatedFromStaticDataMember())
        VD = From;
      D = VD->getCanonicalDecl();
    } else if (const auto *FD = dyn_cast<FieldDecl>(D)) {
      const auto *RD = dyn_cast<CXXRecordDecl>(FD->getParent());
      const CXXRecordDecl *P = patternOf(RD);
      if (P && P != RD->getCanonicalDecl() && P->getDefinition()) {
        for (const FieldDecl *PF : P->getDefinition()->fields())
          if (PF->getFieldIndex() == FD->getFieldIndex()) {
            FD = PF;
            break;
          }
      }
      D = FD->getCanonicalDecl();
    } else {
      return nullptr;
    }
    if (D->isInvalidDecl() || inSystemHeader(SM, D))
      return nullptr;
    return D;
  }

  bool isEviction(const FunctionDecl *FD) const {
    return !EvictionNames.empty() && FD &&
           EvictionNames.contains(qualifiedName(FD));
  }
};

namespace {

static bool isMutableHandle(QualType T) {
  if (const auto *RT = T->getAs<ReferenceType>())
    return !RT->getPointeeType().isConstQualified();
  if (const auto *PT = T->getAs<PointerType>())
    return !PT->getPointeeType().isConstQualified();
  return false;
}

/// Whether control never falls through \p S.
static bool exits(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S))
    S = E->IgnoreImplicit();
  if (isa<ReturnStmt, BreakStmt, ContinueStmt, GotoStmt, CXXThrowExpr>(S))
    return true;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      return FD->isNoReturn();
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return llvm::any_of(CS->body(), [](const Stmt *C) { return exits(C); });
  if (const auto *If = dyn_cast<IfStmt>(S))
    return exits(If->getThen()) && exits(If->getElse());
  return false;
}

/// Walks one body top-down, recording events with their context.
class Walker : public RecursiveASTVisitor<Walker> {
  using Base = RecursiveASTVisitor<Walker>;

public:
  Walker(ContainerFactsCollector::Impl &I, FunctionInfo &Fn, ASTContext &Ctx)
      : I(I), Fn(Fn), Ctx(Ctx), SM(Ctx.getSourceManager()) {}

  bool InInit = false;

  // --- Context -----------------------------------------------------------

  bool TraverseDecl(Decl *D) {
    // Nested classes and functions are analysed on their own.
    if (D && (isa<TagDecl>(D) || isa<FunctionDecl>(D) ||
              isa<FunctionTemplateDecl>(D) || isa<ClassTemplateDecl>(D)))
      return true;
    return Base::TraverseDecl(D);
  }

  bool TraverseVarDecl(VarDecl *VD) {
    bool Saved = InInit;
    if (VD->isStaticLocal())
      InInit = true;
    bool R = Base::TraverseVarDecl(VD);
    InInit = Saved;
    return R;
  }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    bool SavedInit = InInit, SavedDeferred = Deferred;
    unsigned SavedLoops = Loops;
    auto SavedGuards = Guards;
    if (InitLambdas.contains(LE)) {
      InInit = true;
    } else if (!ImmediateLambdas.contains(LE)) {
      Deferred = true;
      Loops = 0;
      Guards.clear();
    }
    bool R = Base::TraverseLambdaExpr(LE);
    InInit = SavedInit;
    Deferred = SavedDeferred;
    Loops = SavedLoops;
    Guards = std::move(SavedGuards);
    return R;
  }

  bool TraverseIfStmt(IfStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    if (S->getConditionVariableDeclStmt())
      TraverseStmt(S->getConditionVariableDeclStmt());
    CondGuards G;
    if (S->getCond()) {
      TraverseStmt(S->getCond());
      G = analyseCond(S->getCond(), 0);
    }
    withGuard(G.IfTrue, S->getThen());
    withGuard(G.IfFalse, S->getElse());
    PendingGuard.reset();
    if (!S->getElse() && exits(S->getThen()) && !G.IfFalse.empty())
      PendingGuard = G.IfFalse;
    else if (S->getElse() && exits(S->getElse()) && !exits(S->getThen()) &&
             !G.IfTrue.empty())
      PendingGuard = G.IfTrue;
    return true;
  }

  bool TraverseCompoundStmt(CompoundStmt *S) {
    size_t Saved = Guards.size();
    for (Stmt *C : S->body()) {
      PendingGuard.reset();
      TraverseStmt(C);
      if (PendingGuard) {
        Guards.push_back(std::move(*PendingGuard));
        PendingGuard.reset();
      }
    }
    Guards.resize(Saved);
    return true;
  }

  bool TraverseWhileStmt(WhileStmt *S) {
    if (S->getConditionVariableDeclStmt())
      TraverseStmt(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    CondGuards G = analyseCond(S->getCond(), 0);
    ++Loops;
    withGuard(G.IfTrue, S->getBody());
    --Loops;
    PendingGuard.reset();
    return true;
  }

  bool TraverseDoStmt(DoStmt *S) {
    ++Loops;
    TraverseStmt(S->getBody());
    --Loops;
    TraverseStmt(S->getCond());
    PendingGuard.reset();
    return true;
  }

  bool TraverseForStmt(ForStmt *S) {
    TraverseStmt(S->getInit());
    if (S->getConditionVariableDeclStmt())
      TraverseStmt(S->getConditionVariableDeclStmt());
    CondGuards G;
    if (S->getCond()) {
      TraverseStmt(S->getCond());
      G = analyseCond(S->getCond(), 0);
    }
    bool Literal = literalBound(S->getCond());
    Loops += !Literal;
    withGuard(G.IfTrue, S->getBody());
    TraverseStmt(S->getInc());
    Loops -= !Literal;
    PendingGuard.reset();
    return true;
  }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    TraverseStmt(S->getInit());
    TraverseStmt(S->getRangeInit());
    bool Literal = literalRange(S->getRangeInit());
    Loops += !Literal;
    TraverseStmt(S->getBody());
    Loops -= !Literal;
    PendingGuard.reset();
    return true;
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    // A member that keeps a handle to a container lets it escape.
    if (const FieldDecl *F = Init->getMember())
      if (F->getType()->isReferenceType() || F->getType()->isPointerType())
        if (Target T = resolve(Init->getInit()))
          record(EventKind::Escape, T, Init->getSourceLocation());
    return Base::TraverseConstructorInitializer(Init);
  }

  // --- Events ------------------------------------------------------------

  bool VisitExpr(Expr *E) {
    if (E->containsErrors())
      Fn.HasErrors = true;
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *CE) {
    const CXXMethodDecl *MD = CE->getMethodDecl();
    if (!MD)
      return true;
    llvm::StringRef Name =
        MD->getIdentifier() ? MD->getName() : llvm::StringRef();
    if (Name == "fetch_add" || Name == "fetch_sub" || Name == "store" ||
        Name == "exchange")
      if (const Decl *C = counterOf(CE->getImplicitObjectArgument(), 0))
        Fn.Incremented.insert(C);
    Target T = resolve(CE->getImplicitObjectArgument());
    // `std::vector<T>().swap(g)` drains g into a temporary.
    if (!T && I.isContainerRecord(MD->getParent()) &&
        inList(Name, TakeFromArgMethods))
      for (const Expr *A : CE->arguments())
        if (Target Other = resolve(A))
          record(EventKind::Remove, Other, A->getBeginLoc());
    if (!T)
      return true;
    SourceLocation Loc = CE->getBeginLoc();
    if (I.isEviction(MD)) {
      record(EventKind::Remove, T, Loc);
      return true;
    }
    if (!I.isContainerRecord(MD->getParent())) {
      // A method of a type derived from a container: unknown effect.
      if (!MD->isConst() && !MD->isStatic())
        record(EventKind::Escape, T, Loc);
      return true;
    }
    if (inList(Name, TakeFromArgMethods)) {
      bool Self = false;
      for (const Expr *A : CE->arguments())
        if (Target Other = resolve(A)) {
          if (Other == T)
            Self = true; // `l.splice(l.begin(), l, it)` only reorders.
          else
            record(EventKind::Remove, Other, A->getBeginLoc());
        }
      if (Self)
        return true;
    }
    if (MD->isConst())
      return true;
    if (Name == "resize") {
      record(resizeShrinks(CE) ? EventKind::Remove : EventKind::Grow, T, Loc);
      return true;
    }
    if (inList(Name, RemoveMethods))
      record(EventKind::Remove, T, Loc);
    else if (inList(Name, GrowMethods))
      record(EventKind::Grow, T, Loc, nullptr, 0,
             I.smallKeyDomain(MD->getParent(), Ctx));
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    if (OC->getNumArgs() == 0)
      return true;
    OverloadedOperatorKind Op = OC->getOperator();
    const Expr *Obj = OC->getArg(0);
    if (Op == OO_Call)
      if (const auto *LE = dyn_cast<LambdaExpr>(Obj->IgnoreImplicit()))
        ImmediateLambdas.insert(LE);
    if (Op == OO_PlusPlus || Op == OO_MinusMinus || Op == OO_PlusEqual ||
        Op == OO_MinusEqual)
      if (const Decl *C = counterOf(Obj, 0))
        Fn.Incremented.insert(C);
    Target T = resolve(Obj);
    if (!T)
      return true;
    SourceLocation Loc = OC->getBeginLoc();
    if (I.isEviction(OC->getDirectCallee())) {
      record(EventKind::Remove, T, Loc);
      return true;
    }
    if (Obj->getType().isConstQualified())
      return true;
    const CXXRecordDecl *RD = I.containerOf(Obj->getType());
    switch (Op) {
    case OO_Subscript:
      if (RD && I.isAssociative(RD, Ctx))
        record(EventKind::Grow, T, Loc, nullptr, 0, I.smallKeyDomain(RD, Ctx));
      break;
    case OO_PlusEqual:
      record(EventKind::Grow, T, Loc);
      break;
    case OO_Equal:
      record(EventKind::Remove, T, Loc);
      break;
    default:
      break;
    }
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    if (const Expr *Callee = CE->getCallee())
      DirectCallees.insert(Callee->IgnoreParenImpCasts());
    const FunctionDecl *FD = CE->getDirectCallee();
    if (FD && FD->getIdentifier() && FD->getName() == "call_once" &&
        isInStd(FD)) {
      for (const Expr *A : CE->arguments()) {
        const Expr *S = A->IgnoreImplicit();
        if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(S))
          S = M->getSubExpr()->IgnoreImplicit();
        if (const auto *LE = dyn_cast<LambdaExpr>(S))
          InitLambdas.insert(LE);
        else if (const auto *U = dyn_cast<UnaryOperator>(S))
          CallOnceRefs.insert(U->getSubExpr()->IgnoreParenImpCasts());
        else
          CallOnceRefs.insert(S->IgnoreParenImpCasts());
      }
      return true;
    }
    if (isa<CXXOperatorCallExpr>(CE))
      return true;
    if (FD && isa<CXXMethodDecl>(FD) &&
        I.isContainerRecord(cast<CXXMethodDecl>(FD)->getParent()))
      return true;
    for (unsigned Idx = 0; Idx < CE->getNumArgs(); ++Idx)
      passArgument(FD, Idx, CE->getArg(Idx));
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *CD = CE->getConstructor();
    // A construction calls the constructor (self-registering objects).
    if (CD && !CD->isImplicit())
      noteRef(CD, CE, /*Direct=*/true);
    for (unsigned Idx = 0; Idx < CE->getNumArgs(); ++Idx)
      passArgument(CD, Idx, CE->getArg(Idx));
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (isa<ParmVarDecl>(VD))
      return true;
    const Expr *Init = VD->getInit();
    if (!Init || !isMutableHandle(VD->getType()))
      return true;
    Target T = resolve(Init);
    if (!T)
      return true;
    Handled.insert(Init->IgnoreParenImpCasts());
    // A local reference is an alias resolved at each use; anything else
    // keeps a handle we do not follow.
    if (!(VD->getType()->isReferenceType() && !VD->hasGlobalStorage()))
      record(EventKind::Escape, T, VD->getLocation());
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    const Expr *RV = RS->getRetValue();
    if (!RV || !Fn.FD || !isMutableHandle(Fn.FD->getReturnType()) ||
        !I.containerOf(Fn.FD->getReturnType()))
      return true;
    if (Target T = resolve(RV)) {
      Handled.insert(RV->IgnoreParenImpCasts());
      record(EventKind::Returned, T, RS->getBeginLoc());
    }
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp()) {
      if (const Decl *C = counterOf(U->getSubExpr(), 0))
        Fn.Incremented.insert(C);
      return true;
    }
    if (U->getOpcode() != UO_AddrOf || Handled.contains(U))
      return true;
    // An address kept anywhere but in a call we follow.
    if (Target T = resolve(U->getSubExpr()))
      record(EventKind::Escape, T, U->getBeginLoc());
    return true;
  }

  bool VisitCompoundAssignOperator(CompoundAssignOperator *CA) {
    if (const Decl *C = counterOf(CA->getLHS(), 0))
      Fn.Incremented.insert(C);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      if (const Decl *C = counterOf(BO->getLHS(), 0))
        if (cast<ValueDecl>(C)->getType()->isBooleanType())
          Fn.Incremented.insert(C); // A latch being set.
    if (BO->getOpcode() == BO_Assign)
      if (const auto *RHS =
              dyn_cast<BinaryOperator>(BO->getRHS()->IgnoreParenImpCasts()))
        if (RHS->getOpcode() == BO_Add)
          if (const Decl *C = counterOf(BO->getLHS(), 0))
            Fn.Incremented.insert(C);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      noteRef(FD, DRE);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *ME) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
      noteRef(MD, ME);
    return true;
  }

  // --- Targets -----------------------------------------------------------

  Target resolve(const Expr *E, unsigned Depth = 0) {
    if (!E || Depth > 4)
      return {};
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf)
        return resolve(U->getSubExpr(), Depth + 1);
      return {};
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD || !I.containerOf(VD->getType()))
        return {};
      if (VD->getType()->isReferenceType()) {
        if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
          return paramTarget(PVD);
        if (VD->getInit())
          return resolve(VD->getInit(), Depth + 1);
        return {};
      }
      if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
        return paramTarget(PVD);
      // A pointer is not a container: it stands for one only when it
      // points at process-lifetime storage (see Lifetime.h).
      if (VD->hasGlobalStorage() &&
          (!VD->getType()->isPointerType() ||
           I.lifetime(Ctx).pointsToProcessStorage(VD)))
        return entity(VD);
      return {};
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const ValueDecl *M = ME->getMemberDecl();
      if (!I.containerOf(M->getType()) || M->getType()->isReferenceType())
        return {};
      if (const auto *FD = dyn_cast<FieldDecl>(M))
        return FD->getType()->isPointerType() ? Target() : entity(FD);
      if (const auto *VD = dyn_cast<VarDecl>(M))
        if (VD->hasGlobalStorage() &&
            (!VD->getType()->isPointerType() ||
             I.lifetime(Ctx).pointsToProcessStorage(VD)))
          return entity(VD);
      return {};
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return resolve(AS->getBase(), Depth + 1);
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      if (isa<CXXOperatorCallExpr>(CE))
        return {};
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || isInStd(FD) || !isMutableHandle(FD->getReturnType()) ||
          !I.containerOf(FD->getReturnType()))
        return {};
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
        if (I.isContainerRecord(MD->getParent()))
          return {};
      Target T;
      T.Kind = TargetKind::Accessor;
      T.D = FD->getCanonicalDecl();
      return T;
    }
    return {};
  }

private:
  Target paramTarget(const ParmVarDecl *PVD) {
    if (!Fn.FD || !isMutableHandle(PVD->getType()))
      return {};
    unsigned Idx = PVD->getFunctionScopeIndex();
    if (Idx >= Fn.FD->getNumParams() || Fn.FD->getParamDecl(Idx) != PVD)
      return {};
    Target T;
    T.Kind = TargetKind::Param;
    T.D = Fn.FD;
    T.Index = Idx;
    return T;
  }

  Target entity(const Decl *D) {
    const Decl *E = I.entityFor(D, SM);
    if (!E)
      return {};
    Target T;
    T.Kind = TargetKind::Entity;
    T.D = E;
    return T;
  }

  void record(EventKind K, const Target &T, SourceLocation Loc,
              const FunctionDecl *Callee = nullptr, unsigned Param = 0,
              bool Bounded = false) {
    Event Ev;
    Ev.Kind = K;
    Ev.T = T;
    Ev.Loc = Loc;
    Ev.InInit = InInit;
    Ev.Deferred = Deferred;
    Ev.InLoop = Loops > 0;
    Ev.Callee = Callee;
    Ev.CalleeParam = Param;
    Ev.Guarded = Bounded;
    for (const Guard &G : Guards) {
      if (llvm::is_contained(G.Targets, T))
        Ev.Guarded = true;
      for (const Decl *C : G.Counters)
        Ev.CounterGuards.push_back(C);
    }
    Fn.Events.push_back(std::move(Ev));
  }

  void noteRef(const FunctionDecl *FD, const Expr *E, bool Direct = false) {
    bool Once = CallOnceRefs.contains(E);
    Fn.Refs.push_back({FD->getCanonicalDecl(),
                       Direct || DirectCallees.contains(E) || Once,
                       InInit || Once, Deferred, Loops > 0});
  }

  /// A target given to parameter \p Idx of \p FD.
  void passArgument(const FunctionDecl *FD, unsigned Idx, const Expr *Arg) {
    Target T = resolve(Arg);
    if (!T)
      return;
    Handled.insert(Arg->IgnoreParenImpCasts());
    SourceLocation Loc = Arg->getBeginLoc();
    if (!FD) {
      if (isMutableHandle(Arg->getType()) || Arg->isLValue())
        record(EventKind::Escape, T, Loc);
      return;
    }
    QualType PT;
    if (Idx < FD->getNumParams())
      PT = FD->getParamDecl(Idx)->getType();
    else if (!FD->isVariadic())
      return;
    if (!PT.isNull() && !isMutableHandle(PT))
      return; // By value or const: a read.
    if (I.isEviction(FD)) {
      record(EventKind::Remove, T, Loc);
      return;
    }
    if (isInStd(FD)) {
      std::string QN = qualifiedName(FD);
      if (inList(QN, StdRemovers))
        record(EventKind::Remove, T, Loc);
      else if (inList(QN, StdGrowers))
        record(EventKind::Grow, T, Loc);
      else if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD))
        if (const CXXRecordDecl *RD = CD->getParent();
            RD && RD->getIdentifier() &&
            RD->getName().ends_with("insert_iterator"))
          record(EventKind::Grow, T, Loc);
      return;
    }
    const FunctionDecl *Def = FD->getDefinition();
    if (PT.isNull() || (Def && Def->isDependentContext()) ||
        inSystemHeader(SM, FD)) {
      record(EventKind::Escape, T, Loc);
      return;
    }
    // Without a body here, the merge may know what it does (see finish).
    record(EventKind::Pass, T, Loc, (Def ? Def : FD)->getCanonicalDecl(), Idx);
  }

  void withGuard(const Guard &G, Stmt *S) {
    if (!S)
      return;
    bool Push = !G.empty();
    if (Push)
      Guards.push_back(G);
    TraverseStmt(S);
    if (Push)
      Guards.pop_back();
  }

  bool resizeShrinks(const CXXMemberCallExpr *CE) {
    if (CE->getNumArgs() == 0)
      return false;
    const Expr *A = CE->getArg(0)->IgnoreParenImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(A))
      return BO->getOpcode() == BO_Sub || BO->getOpcode() == BO_Div ||
             BO->getOpcode() == BO_Shr;
    Expr::EvalResult R;
    if (A->EvaluateAsInt(R, Ctx))
      return R.Val.getInt().isZero();
    return false;
  }

  /// A persistent integer (or atomic) counter \p E reads, or null.
  const Decl *counterOf(const Expr *E, unsigned Depth) {
    if (!E || Depth > 3)
      return nullptr;
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      return U->isIncrementDecrementOp() ? counterOf(U->getSubExpr(), Depth + 1)
                                         : nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      return counterOf(MC->getImplicitObjectArgument(), Depth + 1);
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
      return (OC->getOperator() == OO_PlusPlus ||
              OC->getOperator() == OO_MinusMinus) &&
                     OC->getNumArgs() > 0
                 ? counterOf(OC->getArg(0), Depth + 1)
                 : nullptr;
    const ValueDecl *VD = nullptr;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V || !V->hasGlobalStorage())
        return nullptr;
      VD = V;
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      VD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (const auto *V = dyn_cast<VarDecl>(ME->getMemberDecl()))
        if (V->hasGlobalStorage())
          VD = V;
    }
    if (!VD)
      return nullptr;
    QualType T = VD->getType().getNonReferenceType();
    // A limit is constant; a counter changes.
    if (T.isConstQualified() || !(T->isIntegerType() || T->isRecordType()) ||
        I.containerOf(T))
      return nullptr;
    return VD->getCanonicalDecl();
  }

  /// The container whose size \p E reads, if any.
  Target sizeOf(const Expr *E, unsigned Depth) {
    if (!E || Depth > 3)
      return {};
    E = E->IgnoreParenImpCasts();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && MD->getIdentifier() &&
          (MD->getName() == "size" || MD->getName() == "length"))
        if (Target T = resolve(MC->getImplicitObjectArgument()))
          return T;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (FD && FD->getIdentifier() &&
          (FD->getName() == "size" || FD->getName() == "ssize") &&
          isInStd(FD) && CE->getNumArgs() == 1)
        return resolve(CE->getArg(0));
      // A wrapper's `size_t size() const { return items_.size(); }`.
      if (const Expr *Ret = singleReturn(FD)) {
        FunctionInfo Scratch;
        Scratch.FD = FD->getDefinition();
        Walker Inner(I, Scratch, Ctx);
        Target T = Inner.sizeOf(Ret, Depth + 1);
        return T.Kind == TargetKind::Param ? Target() : T;
      }
      return {};
    }
    // A local copy of the size.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getInit())
          return sizeOf(VD->getInit(), Depth + 1);
    return {};
  }

  static BinaryOperatorKind mirror(BinaryOperatorKind Op) {
    switch (Op) {
    case BO_LT: return BO_GT;
    case BO_GT: return BO_LT;
    case BO_LE: return BO_GE;
    case BO_GE: return BO_LE;
    default: return Op;
    }
  }

  /// Adds \p One to the branch on which "X Op limit" means below the limit.
  static void addGuard(CondGuards &G, BinaryOperatorKind Op, const Guard &One) {
    switch (Op) {
    case BO_LT:
    case BO_LE:
      G.IfTrue = unite(G.IfTrue, One);
      break;
    case BO_GT:
    case BO_GE:
      G.IfFalse = unite(G.IfFalse, One);
      break;
    case BO_EQ:
    case BO_NE:
      G.IfTrue = unite(G.IfTrue, One);
      G.IfFalse = unite(G.IfFalse, One);
      break;
    default:
      break;
    }
  }

  /// "size() < limit", "limit > count", ...: a size on one side makes the
  /// other side the limit, whatever it is; with counters on both sides, the
  /// one the function increments (checked later) is the counter.
  CondGuards compare(BinaryOperatorKind Op, const Expr *L, const Expr *R) {
    CondGuards G;
    Target SL = sizeOf(L, 0), SR = sizeOf(R, 0);
    if (SL || SR) {
      if (SL && SR)
        return G;
      Guard One;
      One.Targets.push_back(SL ? SL : SR);
      addGuard(G, SL ? Op : mirror(Op), One);
      return G;
    }
    if (const Decl *CL = counterOf(L, 0)) {
      Guard One;
      One.Counters.push_back(CL);
      addGuard(G, Op, One);
    }
    if (const Decl *CR = counterOf(R, 0)) {
      Guard One;
      One.Counters.push_back(CR);
      addGuard(G, mirror(Op), One);
    }
    return G;
  }

  CondGuards analyseCond(const Expr *E, unsigned Depth) {
    CondGuards G;
    if (!E || Depth > 4)
      return G;
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_LNot)
        return G;
      CondGuards S = analyseCond(U->getSubExpr(), Depth + 1);
      return {S.IfFalse, S.IfTrue};
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
        CondGuards A = analyseCond(BO->getLHS(), Depth + 1);
        CondGuards B = analyseCond(BO->getRHS(), Depth + 1);
        if (BO->getOpcode() == BO_LAnd)
          return {unite(A.IfTrue, B.IfTrue), intersect(A.IfFalse, B.IfFalse)};
        return {intersect(A.IfTrue, B.IfTrue), unite(A.IfFalse, B.IfFalse)};
      }
      if (BO->isComparisonOp())
        return compare(BO->getOpcode(), BO->getLHS(), BO->getRHS());
      return G;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getNumArgs() != 2)
        return G;
      BinaryOperatorKind Op;
      switch (OC->getOperator()) {
      case OO_Less: Op = BO_LT; break;
      case OO_LessEqual: Op = BO_LE; break;
      case OO_Greater: Op = BO_GT; break;
      case OO_GreaterEqual: Op = BO_GE; break;
      case OO_EqualEqual: Op = BO_EQ; break;
      case OO_ExclaimEqual: Op = BO_NE; break;
      default: return G;
      }
      return compare(Op, OC->getArg(0), OC->getArg(1));
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && MD->getIdentifier() && MD->getName() == "empty")
        if (Target T = resolve(MC->getImplicitObjectArgument())) {
          // empty() is size() < 1.
          G.IfTrue.Targets.push_back(T);
          return G;
        }
    }
    // A latch: `if (!loaded) { loaded = true; fill(); }`.
    bool Plain = isa<DeclRefExpr, MemberExpr>(E);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      Plain = MC->getMethodDecl() &&
              (isa<CXXConversionDecl>(MC->getMethodDecl()) ||
               (MC->getMethodDecl()->getIdentifier() &&
                MC->getMethodDecl()->getName() == "load"));
    if (const Decl *C = Plain ? counterOf(E, 0) : nullptr) {
      QualType T = cast<ValueDecl>(C)->getType().getNonReferenceType();
      if (T->isBooleanType() || T->isRecordType())
        G.IfFalse.Counters.push_back(C);
      return G;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      // A predicate whose body is one return of a condition on members or
      // globals: `bool full() const { return items_.size() >= Max; }`.
      const FunctionDecl *FD = CE->getDirectCallee();
      const Expr *Ret = singleReturn(FD);
      if (!Ret)
        return G;
      FunctionInfo Scratch;
      Scratch.FD = FD->getDefinition();
      Walker Inner(I, Scratch, Ctx);
      CondGuards In = Inner.analyseCond(Ret, Depth + 1);
      auto Drop = [](Guard &Gd) {
        llvm::erase_if(Gd.Targets, [](const Target &T) {
          return T.Kind == TargetKind::Param;
        });
      };
      Drop(In.IfTrue);
      Drop(In.IfFalse);
      return In;
    }
    return G;
  }

  /// The expression \p FD's body returns when it is a single return.
  static const Expr *singleReturn(const FunctionDecl *FD) {
    const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
    if (!Def || Def->isDependentContext())
      return nullptr;
    const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
    if (!Body || Body->size() != 1)
      return nullptr;
    const auto *RS = dyn_cast<ReturnStmt>(Body->body_front());
    return RS ? RS->getRetValue() : nullptr;
  }

  bool literalBound(const Expr *Cond) {
    const auto *BO = dyn_cast_or_null<BinaryOperator>(
        Cond ? Cond->IgnoreParenImpCasts() : nullptr);
    if (!BO || !BO->isComparisonOp())
      return false;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
    auto IsConst = [&](const Expr *X) {
      return !X->isValueDependent() && X->isIntegerConstantExpr(Ctx);
    };
    return (isa<DeclRefExpr>(L) && IsConst(R)) ||
           (isa<DeclRefExpr>(R) && IsConst(L));
  }

  bool literalRange(const Expr *Range) {
    if (!Range)
      return false;
    Range = Range->IgnoreImplicit();
    if (isa<InitListExpr, CXXStdInitializerListExpr>(Range))
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Range->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return VD->isConstexpr() ||
               (VD->getType()->isConstantArrayType() &&
                VD->getType().isConstQualified());
    return false;
  }

  ContainerFactsCollector::Impl &I;
  FunctionInfo &Fn;
  ASTContext &Ctx;
  const SourceManager &SM;
  bool Deferred = false;
  unsigned Loops = 0;
  llvm::SmallVector<Guard, 4> Guards;
  std::optional<Guard> PendingGuard;
  llvm::DenseSet<const LambdaExpr *> InitLambdas, ImmediateLambdas;
  llvm::DenseSet<const Expr *> DirectCallees, CallOnceRefs, Handled;
};

} // namespace

ContainerFactsCollector::ContainerFactsCollector(ContainerOptions Opts)
    : P(std::make_unique<Impl>(std::move(Opts))) {}

ContainerFactsCollector::~ContainerFactsCollector() = default;

void ContainerFactsCollector::addFunction(const FunctionDecl &FDRef,
                                          ASTContext &Ctx) {
  const FunctionDecl *FD = &FDRef;
  const SourceManager &SM = Ctx.getSourceManager();
  if (!FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl() ||
      FD->isDependentContext() || !P->Seen.insert(FD).second ||
      inSystemHeader(SM, FD))
    return;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return;
  P->lifetime(Ctx);
  auto Info = std::make_unique<FunctionInfo>();
  Info->FD = FD;
  Walker W(*P, *Info, Ctx);
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD)) {
    Info->CtorOf = Impl::patternOf(CD->getParent());
    for (CXXCtorInitializer *Init : CD->inits())
      if (Init->isWritten())
        W.TraverseConstructorInitializer(Init);
  }
  W.TraverseStmt(FD->getBody());
  P->ByFunction[FD->getCanonicalDecl()] = Info.get();
  P->Functions.push_back(std::move(Info));
}

void ContainerFactsCollector::addGlobalVar(const VarDecl &VDRef,
                                           ASTContext &Ctx) {
  const VarDecl *VD = &VDRef;
  const SourceManager &SM = Ctx.getSourceManager();
  if (VD->isLocalVarDecl() || VD->isInvalidDecl() ||
      VD->getDeclContext()->isDependentContext() ||
      VD->getType()->isDependentType() || !P->Seen.insert(VD).second ||
      inSystemHeader(SM, VD))
    return;
  P->lifetime(Ctx);
  if (!VD->getInit())
    return;
  auto Info = std::make_unique<FunctionInfo>();
  Walker W(*P, *Info, Ctx);
  W.InInit = true;
  W.TraverseStmt(const_cast<Expr *>(VD->getInit()));
  // A global reference or pointer bound to a container is an alias the
  // walk resolves at each use; nothing to record here.
  P->Functions.push_back(std::move(Info));
}

// --- Resolution --------------------------------------------------------------

namespace {

/// A container handed to parameter Param of a function whose body another TU
/// has; CountsGrowth when growth there would be growth that counts here.
struct ExternalPass {
  SourcePoint At;
  std::string Fn;
  unsigned Param;
  bool CountsGrowth;
};

struct EntityFacts {
  std::vector<ExternalPass> Passes;
  std::vector<SourcePoint> Grows, Removes, Escapes, Bounded, Once;
  /// Sites that run once if every listed function runs once (decided with
  /// the facts of the whole program).
  std::vector<std::pair<SourcePoint, std::vector<std::string>>> CondGrows;
  llvm::SmallVector<const FunctionDecl *, 1> ExternalAccessors;
};

} // namespace

static std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return {};
  return std::string(Buf);
}

static void putPoints(Json &Entry, const char *Key,
                      std::vector<SourcePoint> Points) {
  Json Arr = Json::array();
  for (const SourcePoint &Pt : Points)
    if (Pt.valid())
      Arr.push_back(Pt.toJson());
  std::sort(Arr.begin(), Arr.end());
  Arr.erase(std::unique(Arr.begin(), Arr.end()), Arr.end());
  if (!Arr.empty())
    Entry[Key] = std::move(Arr);
}

/// Whether only this TU can call \p FD (so its callers are all visible).
static bool privateToTU(const FunctionDecl *FD, const SourceManager &SM) {
  if (!FD->isExternallyVisible())
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (MD->isVirtual())
      return false;
    const CXXRecordDecl *RD = MD->getParent();
    return SM.isInMainFile(SM.getExpansionLoc(RD->getLocation()));
  }
  for (const FunctionDecl *R : FD->redecls())
    if (!SM.isInMainFile(SM.getExpansionLoc(R->getLocation())))
      return false;
  return !FD->isInlined();
}

ContainerFactsCollector::Sections
ContainerFactsCollector::finish(ASTContext &Ctx) {
  Impl &I = *P;
  const SourceManager &SM = Ctx.getSourceManager();
  auto Valid = [](const FunctionInfo &F) { return !F.HasErrors; };

  // 1. Summaries: what each function does through its parameters.
  std::map<std::pair<const FunctionDecl *, unsigned>, Effects> Eff;
  auto EffOf = [&](const FunctionDecl *F, unsigned Idx) -> Effects {
    auto It = I.ByFunction.find(F);
    if (It == I.ByFunction.end() || !Valid(*It->second)) {
      Effects E;
      E.Escape = true;
      return E;
    }
    return Eff[{F, Idx}];
  };
  // Monotone over finite bits, so it converges; the cap only guards against
  // pathological TUs (the rest stays conservative: unknown = escape).
  constexpr unsigned MaxRounds = 64;
  for (unsigned Round = 0, Changed = 1; Changed && Round < MaxRounds;
       ++Round) {
    Changed = 0;
    for (const auto &Info : I.Functions) {
      if (!Valid(*Info) || !Info->FD)
        continue;
      for (const Event &Ev : Info->Events) {
        if (Ev.T.Kind != TargetKind::Param)
          continue;
        Effects Add;
        switch (Ev.Kind) {
        case EventKind::Grow:
          Add.Grow = !Ev.Guarded;
          break;
        case EventKind::Remove:
          Add.Remove = true;
          break;
        case EventKind::Escape:
        case EventKind::Returned:
          Add.Escape = true;
          break;
        case EventKind::Pass:
          Add = EffOf(Ev.Callee, Ev.CalleeParam);
          if (Ev.Guarded)
            Add.Grow = false;
          break;
        }
        Effects &Cur = Eff[{Info->FD->getCanonicalDecl(), Ev.T.Index}];
        Effects New = Cur;
        New.Grow |= Add.Grow;
        New.Remove |= Add.Remove;
        New.Escape |= Add.Escape;
        if (!(New == Cur)) {
          Cur = New;
          Changed = 1;
        }
      }
    }
  }

  // 2. Accessors: the entities a function hands out.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Target, 1>> Returns;
  for (const auto &Info : I.Functions)
    if (Valid(*Info) && Info->FD)
      for (const Event &Ev : Info->Events)
        if (Ev.Kind == EventKind::Returned)
          Returns[Info->FD->getCanonicalDecl()].push_back(Ev.T);
  // Entities (or unresolved accessors) an event target stands for.
  std::function<void(const Target &, unsigned,
                     llvm::SmallVectorImpl<const Decl *> &)>
      Expand = [&](const Target &T, unsigned Depth,
                   llvm::SmallVectorImpl<const Decl *> &Out) {
        if (Depth > 4)
          return;
        if (T.Kind == TargetKind::Entity) {
          Out.push_back(T.D);
          return;
        }
        if (T.Kind != TargetKind::Accessor)
          return;
        const auto *F = cast<FunctionDecl>(T.D);
        auto It = Returns.find(F);
        if (It == Returns.end()) {
          if (!I.ByFunction.count(F))
            Out.push_back(F); // Body elsewhere: keyed by the accessor.
          return;
        }
        for (const Target &R : It->second)
          Expand(R, Depth + 1, Out);
      };

  // 3. Functions that run once.
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<const FunctionInfo *, FunctionRef>>> RefsTo;
  for (const auto &Info : I.Functions)
    for (const FunctionRef &R : Info->Refs)
      RefsTo[R.Callee].push_back({Info.get(), R});
  // A function runs once (as far as this TU shows) when it is main, or when
  // it is referenced, and only by direct calls outside loops and deferred
  // lambdas from static initialisers or once-functions. For a function
  // other TUs can call this is an assumption the merge checks.
  auto Compatible = [&](const FunctionInfo &Caller, const FunctionRef &R,
                        const llvm::DenseSet<const FunctionDecl *> &Once) {
    // A caller other TUs can call is assumed to run once here; the
    // assumption is recorded (see Deps) and checked by the merge.
    return R.Direct && !R.Deferred && Valid(Caller) &&
           (R.InInit || !Caller.FD ||
            (!R.InLoop && (Once.contains(Caller.FD->getCanonicalDecl()) ||
                           !privateToTU(Caller.FD, SM))));
  };
  llvm::DenseSet<const FunctionDecl *> Once;
  for (unsigned Round = 0, Changed = 1; Changed && Round < MaxRounds;
       ++Round) {
    Changed = 0;
    for (const auto &Info : I.Functions) {
      const FunctionDecl *F = Info->FD;
      if (!F || Once.contains(F->getCanonicalDecl()))
        continue;
      bool IsOnce = F->isMain();
      if (!IsOnce) {
        auto It = RefsTo.find(F->getCanonicalDecl());
        IsOnce = It != RefsTo.end() && !It->second.empty();
        if (IsOnce)
          for (const auto &[Caller, R] : It->second)
            if (!Compatible(*Caller, R, Once))
              IsOnce = false;
      }
      if (IsOnce) {
        Once.insert(F->getCanonicalDecl());
        Changed = 1;
      }
    }
  }
  // The functions other TUs can call whose once-ness a once-function of
  // this TU relies on.
  llvm::DenseMap<const FunctionDecl *, std::vector<std::string>> DepsMemo;
  std::function<std::vector<std::string>(const FunctionDecl *, unsigned)>
      Deps = [&](const FunctionDecl *F,
                 unsigned Depth) -> std::vector<std::string> {
    F = F->getCanonicalDecl();
    if (F->isMain() || Depth > 16)
      return {};
    if (!privateToTU(F, SM))
      return {usrOf(F)};
    if (auto It = DepsMemo.find(F); It != DepsMemo.end())
      return It->second;
    std::vector<std::string> Out;
    for (const auto &[Caller, R] : RefsTo[F])
      if (Caller->FD && !R.InInit)
        for (std::string &U : Deps(Caller->FD, Depth + 1))
          Out.push_back(std::move(U));
    std::sort(Out.begin(), Out.end());
    Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
    DepsMemo[F] = Out;
    return Out;
  };
  // Facts about the functions other TUs can call.
  Json Functions = Json::object();
  for (const auto &[F, Refs] : RefsTo) {
    if (privateToTU(F, SM) || F->isMain() || isInStd(F) ||
        inSystemHeader(SM, F))
      continue;
    bool Repeated = false;
    unsigned Seen = 0;
    std::vector<std::string> Via;
    for (const auto &[Caller, R] : Refs) {
      if (!Valid(*Caller))
        continue;
      ++Seen;
      if (!Compatible(*Caller, R, Once))
        Repeated = true;
      else if (Caller->FD && !R.InInit)
        for (std::string &U : Deps(Caller->FD, 0))
          Via.push_back(std::move(U));
    }
    std::string Usr = usrOf(F);
    if (Usr.empty())
      continue;
    Json E = Json::object();
    if (!Seen)
      continue;
    if (Repeated)
      E["repeated"] = true;
    else
      E["once"] = true;
    if (!Repeated && !Via.empty()) {
      std::sort(Via.begin(), Via.end());
      Via.erase(std::unique(Via.begin(), Via.end()), Via.end());
      E["via"] = Via;
    }
    Functions[Usr] = std::move(E);
  }

  // What externally callable functions do through their parameters, for
  // the TUs that only see their declarations.
  for (const auto &Info : I.Functions) {
    const FunctionDecl *F = Info->FD;
    if (!F || !Valid(*Info) || privateToTU(F, SM) || F->isMain())
      continue;
    Json Params = Json::object();
    for (unsigned Idx = 0; Idx < F->getNumParams(); ++Idx) {
      QualType PT = F->getParamDecl(Idx)->getType();
      if (!isMutableHandle(PT) || !I.containerOf(PT))
        continue;
      Effects E = EffOf(F->getCanonicalDecl(), Idx);
      Json P = Json::object();
      P["grow"] = E.Grow;
      P["remove"] = E.Remove;
      P["escape"] = E.Escape;
      Params[std::to_string(Idx)] = std::move(P);
    }
    if (Params.empty())
      continue;
    std::string Usr = usrOf(F);
    if (!Usr.empty())
      Functions[Usr]["params"] = std::move(Params);
  }

  // 4. Events per entity.
  std::map<const Decl *, EntityFacts> Facts;
  std::map<const Decl *, EntityFacts> AccessorFacts;
  auto FactsFor = [&](const Decl *D) -> EntityFacts & {
    return isa<FunctionDecl>(D) ? AccessorFacts[D] : Facts[D];
  };
  for (const auto &Info : I.Functions) {
    if (!Valid(*Info))
      continue;
    bool Guarded = false;
    for (const Event &Ev : Info->Events) {
      if (Ev.T.Kind == TargetKind::Param)
        continue;
      llvm::SmallVector<const Decl *, 2> Ds;
      Expand(Ev.T, 0, Ds);
      if (Ds.empty())
        continue;
      Guarded = Ev.Guarded ||
                llvm::any_of(Ev.CounterGuards, [&](const Decl *C) {
                  return Info->Incremented.contains(C);
                });
      SourcePoint Pt = pointFor(SM, Ev.Loc);
      Effects E;
      bool External = false;
      switch (Ev.Kind) {
      case EventKind::Grow:
        E.Grow = true;
        break;
      case EventKind::Remove:
        E.Remove = true;
        break;
      case EventKind::Escape:
        E.Escape = true;
        break;
      case EventKind::Pass:
        if (!I.ByFunction.count(Ev.Callee) && !privateToTU(Ev.Callee, SM)) {
          External = true;
          E.Grow = true; // Classified below; the merge applies the effect.
          break;
        }
        E = EffOf(Ev.Callee, Ev.CalleeParam);
        break;
      case EventKind::Returned:
        if (Info->FD && !privateToTU(Info->FD, SM))
          for (const Decl *D : Ds)
            if (!isa<FunctionDecl>(D))
              FactsFor(D).ExternalAccessors.push_back(
                  Info->FD->getCanonicalDecl());
        continue;
      }
      for (const Decl *D : Ds) {
        EntityFacts &EF = FactsFor(D);
        if (External) {
          bool InCtor = Info->CtorOf && isa<FieldDecl>(D) &&
                        Impl::patternOf(cast<CXXRecordDecl>(cast<FieldDecl>(
                            D)->getParent())) == Info->CtorOf;
          bool Counts = !Guarded && !Ev.InInit && !InCtor && Info->FD &&
                        (Ev.Deferred || Ev.InLoop ||
                         (privateToTU(Info->FD, SM) &&
                          !Once.contains(Info->FD->getCanonicalDecl())));
          std::string Fn = usrOf(Ev.Callee);
          if (Fn.empty())
            EF.Escapes.push_back(Pt);
          else
            EF.Passes.push_back({Pt, Fn, Ev.CalleeParam, Counts});
          continue;
        }
        if (E.Remove)
          EF.Removes.push_back(Pt);
        if (E.Escape && !I.Opts.StrictEscapes)
          EF.Escapes.push_back(Pt);
        if (!E.Grow)
          continue;
        bool InCtor = Info->CtorOf && isa<FieldDecl>(D) &&
                      Impl::patternOf(cast<CXXRecordDecl>(
                          cast<FieldDecl>(D)->getParent())) == Info->CtorOf;
        if (Guarded) {
          EF.Bounded.push_back(Pt);
        } else if (Ev.InInit || InCtor || !Info->FD) {
          EF.Once.push_back(Pt);
        } else if (Ev.Deferred || Ev.InLoop) {
          EF.Grows.push_back(Pt);
        } else if (!privateToTU(Info->FD, SM) ||
                   Once.contains(Info->FD->getCanonicalDecl())) {
          std::vector<std::string> D = Deps(Info->FD, 0);
          if (D.empty())
            EF.Once.push_back(Pt);
          else
            EF.CondGrows.push_back({Pt, std::move(D)});
        } else {
          EF.Grows.push_back(Pt);
        }
      }
    }
  }

  // 5. The sections.
  Sections Out;
  Out.Local = Json{{"containers", Json::object()}};
  Out.Conditional = Json{{"containers", Json::object()}};
  Out.External = Json{{"containers", Json::object()}};
  auto Fill = [&](Json &Entry, const EntityFacts &EF) {
    putPoints(Entry, "grows", EF.Grows);
    putPoints(Entry, "removes", EF.Removes);
    putPoints(Entry, "escapes", EF.Escapes);
    putPoints(Entry, "bounded", EF.Bounded);
    putPoints(Entry, "once", EF.Once);
    Json Cond = Json::array();
    for (const auto &[Pt, Fns] : EF.CondGrows)
      if (Pt.valid())
        Cond.push_back(Json{{"at", Pt.toJson()}, {"unless_once", Fns}});
    std::sort(Cond.begin(), Cond.end());
    Cond.erase(std::unique(Cond.begin(), Cond.end()), Cond.end());
    if (!Cond.empty())
      Entry["grows_unless_once"] = std::move(Cond);
    Json Passes = Json::array();
    for (const ExternalPass &X : EF.Passes)
      if (X.At.valid())
        Passes.push_back(Json{{"at", X.At.toJson()},
                              {"fn", X.Fn},
                              {"param", X.Param},
                              {"counts_growth", X.CountsGrowth},
                              {"strict", I.Opts.StrictEscapes}});
    std::sort(Passes.begin(), Passes.end());
    Passes.erase(std::unique(Passes.begin(), Passes.end()), Passes.end());
    if (!Passes.empty())
      Entry["passes"] = std::move(Passes);
  };
  for (const auto &[D, EF] : Facts) {
    std::string Usr = usrOf(D);
    if (Usr.empty())
      continue;
    Json Entry = Json::object();
    std::vector<SourcePoint> Defs, Decls;
    bool Local = false;
    std::string Name = cast<NamedDecl>(D)->getNameAsString();
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      Entry["kind"] = "var";
      for (const VarDecl *R : VD->redecls()) {
        if (inSystemHeader(SM, R))
          continue;
        (R->isThisDeclarationADefinition() == VarDecl::DeclarationOnly
             ? Decls
             : Defs)
            .push_back(pointFor(SM, R->getLocation()));
      }
      if (VD->isStaticDataMember())
        Name = cast<CXXRecordDecl>(VD->getDeclContext())->getName().str() +
               "::" + Name;
    } else {
      const auto *FD = cast<FieldDecl>(D);
      const auto *RD = cast<CXXRecordDecl>(FD->getParent());
      Entry["kind"] = "field";
      Entry["parent"] = usrOf(Impl::patternOf(RD));
      Name = RD->getName().str() + "::" + Name;
      Defs.push_back(pointFor(SM, FD->getLocation()));
    }
    // Storage whose every use this TU sees is decided here (Lifetime.h).
    Local = I.lifetime(Ctx).decidedInTU(D);
    if (!EF.ExternalAccessors.empty()) {
      Local = false;
      Json Acc = Json::array();
      for (const FunctionDecl *F : EF.ExternalAccessors)
        Acc.push_back(usrOf(F));
      std::sort(Acc.begin(), Acc.end());
      Acc.erase(std::unique(Acc.begin(), Acc.end()), Acc.end());
      Entry["accessors"] = std::move(Acc);
    }
    Entry["name"] = Name;
    putPoints(Entry, "defs", Defs);
    putPoints(Entry, "decls", Decls);
    Fill(Entry, EF);
    // A TU-private container whose growth depends on how often functions
    // other TUs can call run is decided with the program's facts when there
    // are any.
    Json &Into = !Local ? Out.External
                 : EF.CondGrows.empty() && EF.Passes.empty() ? Out.Local
                                                             : Out.Conditional;
    Into["containers"][Usr] = std::move(Entry);
  }
  for (const auto &[D, EF] : AccessorFacts) {
    std::string Usr = usrOf(D);
    if (Usr.empty())
      continue;
    Json Entry = Json{{"kind", "accessor"},
                      {"name", cast<NamedDecl>(D)->getNameAsString()}};
    Fill(Entry, EF);
    Out.External["containers"][Usr] = std::move(Entry);
  }
  // Which classes live for the process: the lifetime model's facts, for
  // the classes that hold containers and those that own them.
  Json LifetimeFacts = I.lifetime(Ctx).facts(
      [&](const CXXRecordDecl *RD) { return I.holdsContainer(RD); });
  Out.Local["lifetime"] = LifetimeFacts;
  Out.Conditional["lifetime"] = LifetimeFacts;
  Out.External["lifetime"] = std::move(LifetimeFacts);
  Out.Local["functions"] = Functions;
  Out.Conditional["functions"] = Functions;
  Out.External["functions"] = std::move(Functions);
  return Out;
}

} // namespace leakhound
