//===--- OwnershipFields.cpp - resources owned by a field or a global -----===//
//
// The function-by-function dataflow (OwnershipDataflow.cpp) counts a block
// stored into a field of `this`, of a caller's struct or into a global as
// handed off: the owner outlives the function. This file checks, once per
// TU, that the owner ever gives it back. It runs on the same call models
// as the dataflow (modelFor), so it serves every resource kind the engine
// follows: memory for leak-unfreed-allocation, `FILE *`, `DIR *` and
// mappings for leak-unreleased-handle.
//
// Terms.
//  * An *owner* is a pointer field (of every object of its record) or a
//    pointer variable with static storage (a global, a `static` local).
//  * A *use* of an owner is an expression naming it: `x->f`, `x.f`, `f` in
//    a member function, `g`. Each use is classified by what consumes it:
//      - a *store*: the left side of `=` (or a member initializer); its
//        right side is *fresh* (a call whose model returns a fresh
//        resource, a replaceable `new`), null, or other;
//      - a *borrow*: a comparison, a condition, a dereference, a subscript,
//        a member access through it, `sizeof`, or an argument the callee's
//        model borrows (the lending rule decides for the C library);
//      - a *release*: an argument the model releases, `delete`;
//      - *lost*: everything else (returned, copied into a variable or
//        another owner, passed to a function that keeps it or through a
//        reference, its address taken, named by `offsetof`). A release is
//        lost too. A use nothing above classifies is lost: silence is the
//        default.
//  * An owner is *closed* in the TU when every function that can name it
//    is in the TU: a field of a record defined in the main file, a private
//    field of a class with no friends whose member functions are all
//    defined here, a variable with internal linkage.
//
// Rules (each needs a fresh store, and reports once per owner):
//  1. Member (C++): a field of a class with member functions, closed,
//     fresh-stored, with no lost use: every object leaks what its members
//     were given. Reported at the member, the store as a note.
//  2. Struct (C form): a field of a record without member functions,
//     closed, fresh-stored, with no lost use, whose record is released
//     somewhere (`free(s)`, a function whose summary releases it): the
//     release loses the field's resource. Reported at the release.
//  3. Loop: a fresh store into `x->f` (or a global) inside a loop that can
//     run it again, where the loop names neither the owner elsewhere nor
//     `x` other than to reach fields, and does not leave right after it
//     (`break` of that loop, `return`, `goto`): the next iteration
//     overwrites the block (`opts->out = strdup(optarg)` in an option
//     loop). Reported at the store. Needs no closed owner.
//  4. Global: a closed variable, fresh-stored, with no lost use, that some
//     other statement sets to null or to something else, not before a
//     fresh store of the same function: the reset loses the block.
//     Memory parked in a global until the process exits is not a finding.
// Other owners (a struct in a header, an `extern` global, a class whose
// destructor is in another TU) are decided across TUs: with RecordConditions
// each TU records, by the owner's USR, whether it stores a fresh resource
// into it and whether it loses it ("owners" in the facts), and a TU with a
// rule's anchor keeps a conditional finding on "ownerfresh:"/"ownerlost:"
// deps plus a "defined:" dep on each function it declares without a body
// that could reach the owner (a TU missing from the run could release it).
// With merged facts (FactsIn) the finding is decided here. Without either,
// such owners are left alone.
//
// Cost: the first pass visits only the bodies of functions that allocate
// (Impl::allocates) and constructors' member initializers; the second,
// over every body of the TU, runs only when the first found a fresh store.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

using namespace clang;

namespace leakhound {

using namespace ownership;

namespace {

enum class UseKind { Borrow, Release, Lost };

/// A fresh store into an owner.
struct FreshStore {
  const Stmt *Store = nullptr; ///< The assignment, or the initializer.
  const Expr *Site = nullptr;  ///< The call or `new`.
  const FunctionDecl *In = nullptr;
  std::string AllocName, Dealloc;
};

/// A store of null or of a value that is not fresh.
struct OtherStore {
  const BinaryOperator *Store = nullptr;
  const FunctionDecl *In = nullptr;
};

struct OwnerInfo {
  std::vector<FreshStore> Fresh;
  std::vector<OtherStore> Others;
  bool Lost = false;
};

} // namespace

/// How a rule's finding holds: here, or only if the merge says so.
struct ownership::Verdict {
  bool Conditional = false;
  std::vector<std::string> FreshDeps, UnlessDeps;
  void apply(LeakReport &R) const {
    R.Conditional = Conditional;
    R.FreshDeps = FreshDeps;
    R.UnlessDeps = UnlessDeps;
  }
};

namespace {

/// A release of an object of a record type.
struct RecordRelease {
  const Expr *Site = nullptr; ///< The call or `delete`.
  const Expr *Arg = nullptr;
  std::string By;
};

} // namespace

/// The name of a record: its tag, or the typedef that names it.
static std::string recordName(const RecordDecl *R) {
  if (R->getIdentifier())
    return R->getName().str();
  if (const TypedefNameDecl *T = R->getTypedefNameForAnonDecl())
    return T->getName().str();
  return {};
}

/// Whether \p F can be an owner: a pointer field of a named record that is
/// not a union or a template pattern.
static bool ownerField(const FieldDecl *F) {
  const RecordDecl *R = F->getParent();
  QualType T = F->getType();
  return T->isPointerType() && !T->isFunctionPointerType() && !R->isUnion() &&
         !R->isAnonymousStructOrUnion() && !recordName(R).empty() &&
         !R->isDependentContext();
}

/// The owner an expression names, or null: a pointer field (not of a union
/// or an anonymous record) or a pointer variable with static storage.
static const ValueDecl *ownerOf(const Expr *E) {
  if (!E)
    return nullptr;
  const ValueDecl *D = nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || !ownerField(F))
      return nullptr;
    D = F;
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !V->hasGlobalStorage() || isa<ParmVarDecl>(V) ||
        V->getDeclContext()->isDependentContext() ||
        V->isStaticDataMember())
      return nullptr;
    D = V->getCanonicalDecl();
  } else {
    return nullptr;
  }
  QualType T = D->getType();
  if (!T->isPointerType() || T->isFunctionPointerType())
    return nullptr;
  return D;
}

/// Whether every function that can name private members of \p CR is
/// defined in this TU: no friends, no member templates, every declared
/// member function (and those of nested classes) has a body here.
static bool allMembersHere(const CXXRecordDecl *CR) {
  if (!CR->friends().empty())
    return false;
  for (const Decl *D : CR->decls()) {
    if (isa<FunctionTemplateDecl>(D) || isa<ClassTemplateDecl>(D))
      return false;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(D)) {
      if (MD->isImplicit() || MD->isDeleted() || MD->isDefaulted() ||
          MD->isPureVirtual())
        continue;
      if (!MD->hasBody())
        return false;
    }
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(D))
      if (Nested->hasDefinition() && !Nested->isInjectedClassName() &&
          !allMembersHere(Nested->getDefinition()))
        return false;
  }
  return true;
}

/// Whether only this TU can name the fields of \p R: it is defined in the
/// main file (not a template's instance).
static bool closedRecord(const RecordDecl *R, const SourceManager &SM) {
  if (isa<ClassTemplateSpecializationDecl>(R))
    return false;
  SourceLocation L = R->getLocation();
  return L.isValid() && SM.isInMainFile(SM.getExpansionLoc(L));
}

/// Whether every function that can name the owner \p O is in this TU: a
/// variable other TUs cannot name, a field of a record defined in the main
/// file, or a private field of a class whose members are all defined here.
static bool closedOwner(const ValueDecl *O, const SourceManager &SM) {
  if (const auto *V = dyn_cast<VarDecl>(O))
    return !V->isExternallyVisible();
  const auto *F = cast<FieldDecl>(O);
  const RecordDecl *R = F->getParent();
  if (isa<ClassTemplateSpecializationDecl>(R))
    return false;
  if (closedRecord(R, SM))
    return true;
  const auto *CR = dyn_cast<CXXRecordDecl>(R);
  return CR && F->getAccess() == AS_private && allMembersHere(CR);
}

namespace {

/// The words of one resource kind in messages.
struct Words {
  std::string Noun = "memory", Acquired = "allocated", Release = "release";
};

/// Both passes over the bodies: stores (the first pass records only fresh
/// ones) and, in the second, every use of a candidate owner.
class OwnerScan : public RecursiveASTVisitor<OwnerScan> {
public:
  OwnerScan(OwnershipAnalysis::Impl &A,
            llvm::MapVector<const ValueDecl *, OwnerInfo> &Owners,
            bool Second)
      : A(A), Owners(Owners), Second(Second) {}

  /// Record types whose releases the second pass collects.
  llvm::DenseSet<const RecordDecl *> Records;
  /// Every owner counts, not only those with a fresh store (the program's
  /// facts need them all).
  bool AllOwners = false;
  llvm::MapVector<const RecordDecl *, RecordRelease> Releases;

  void scan(const FunctionDecl *FD) {
    Fn = FD;
    Classified.clear();
    Uses.clear();
    if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *I : CD->inits())
        initializer(I);
    if (Second)
      TraverseStmt(FD->getBody());
    else
      TraverseStmt(FD->getBody());
    if (!Second)
      return;
    for (const Expr *U : Uses) {
      auto It = Classified.find(U);
      UseKind K = It == Classified.end() ? UseKind::Lost : It->second;
      if (K != UseKind::Borrow)
        Owners[ownerOf(U)].Lost = true;
    }
  }

  /// The initializer of a variable outside functions (a table of
  /// `offsetof`s, a pointer to a global).
  void scanInit(const Expr *Init) {
    Fn = nullptr;
    Classified.clear();
    Uses.clear();
    TraverseStmt(const_cast<Expr *>(Init));
    for (const Expr *U : Uses)
      if (!Classified.count(U) || Classified[U] != UseKind::Borrow)
        Owners[ownerOf(U)].Lost = true;
  }

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitMemberExpr(MemberExpr *ME) {
    if (Second) {
      if (isUse(ME))
        Uses.push_back(ME);
      // A member access through an owner reads it.
      if (ME->isArrow())
        borrow(ME->getBase());
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (Second && isUse(DRE))
      Uses.push_back(DRE);
    return true;
  }
  bool VisitOffsetOfExpr(OffsetOfExpr *OE) {
    // `offsetof(T, f)`: the field may be reached through byte offsets.
    if (!Second)
      return true;
    for (unsigned I = 0; I < OE->getNumComponents(); ++I)
      if (OE->getComponent(I).getKind() == OffsetOfNode::Field) {
        const FieldDecl *F = OE->getComponent(I).getField();
        if (counts(F))
          Owners[F].Lost = true;
      }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign) {
      assign(BO);
      return true;
    }
    if (!Second)
      return true;
    if (BO->isComparisonOp() || BO->isLogicalOp()) {
      borrow(BO->getLHS());
      borrow(BO->getRHS());
    } else if (BO->getOpcode() == BO_Comma) {
      borrow(BO->getLHS());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (Second && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_LNot))
      borrow(U->getSubExpr());
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *AS) {
    if (Second)
      borrow(AS->getBase());
    return true;
  }
  bool VisitUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *U) {
    if (Second && !U->isArgumentType())
      borrow(U->getArgumentExpr());
    return true;
  }
  bool VisitIfStmt(IfStmt *S) { return cond(S->getCond()); }
  bool VisitWhileStmt(WhileStmt *S) { return cond(S->getCond()); }
  bool VisitDoStmt(DoStmt *S) { return cond(S->getCond()); }
  bool VisitForStmt(ForStmt *S) { return cond(S->getCond()); }
  bool VisitConditionalOperator(ConditionalOperator *C) {
    return cond(C->getCond());
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *DE) {
    if (!Second)
      return true;
    const Expr *Arg = DE->getArgument()->IgnoreParenCasts();
    if (isUse(Arg))
      Classified[Arg] = UseKind::Release;
    if (A.tracksMemory())
      recordRelease(DE, Arg, DE->isArrayForm() ? "delete[]" : "delete");
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (Second)
      call(CE);
    return true;
  }

private:
  bool isUse(const Expr *E) {
    const ValueDecl *O = ownerOf(E);
    return O && counts(O);
  }
  /// Whether the uses of \p O are collected: an owner given a fresh
  /// resource here, or, for the program's facts, any owner other TUs can
  /// name. A closed owner that this TU gives nothing is decided here, with
  /// nothing to decide: classifying its uses would ask the models of every
  /// call that passes it for nothing.
  bool counts(const ValueDecl *O) {
    if (Owners.count(O))
      return true;
    if (!AllOwners)
      return false;
    auto [It, New] = Open.try_emplace(O, false);
    if (New)
      It->second = !closedOwner(O, A.SM);
    return It->second;
  }
  llvm::DenseMap<const ValueDecl *, bool> Open;
  void borrow(const Expr *E) {
    if (!E)
      return;
    E = E->IgnoreParenImpCasts();
    if (isUse(E) && !Classified.count(E))
      Classified[E] = UseKind::Borrow;
  }
  bool cond(const Expr *C) {
    if (Second)
      borrow(C);
    return true;
  }

  /// Whether \p E's value is a fresh resource; fills \p S.
  bool fresh(const Expr *E, FreshStore &S) {
    E = E->IgnoreParenCasts();
    if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
      const FunctionDecl *OpNew = NE->getOperatorNew();
      if (!A.tracksMemory() || NE->getNumPlacementArgs() ||
          (OpNew && !OpNew->isReplaceableGlobalAllocationFunction()))
        return false;
      S.Site = NE;
      S.AllocName = NE->isArray() ? "new[]" : "new";
      S.Dealloc = NE->isArray() ? "delete[]" : "delete";
      return true;
    }
    const auto *CE = dyn_cast<CallExpr>(E);
    if (!CE)
      return false;
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || !A.mayReturnFresh(Callee))
      return false;
    CallModel M = A.modelFor(Callee, CE);
    if (M.Ret != CallModel::RetFresh || M.RetOffset != 0 ||
        M.AllocName.empty())
      return false;
    S.Site = CE;
    S.AllocName = M.AllocName;
    S.Dealloc = M.Dealloc;
    return true;
  }

  void store(const ValueDecl *O, const Stmt *St, const Expr *RHS) {
    FreshStore F;
    if (fresh(RHS, F)) {
      F.Store = St;
      F.In = Fn;
      Owners[O].Fresh.push_back(std::move(F));
      return;
    }
    if (!Second)
      return;
    if (const auto *BO = dyn_cast<BinaryOperator>(St))
      Owners[O].Others.push_back({BO, Fn});
  }

  void initializer(const CXXCtorInitializer *I) {
    if (!I->isMemberInitializer() || !I->getInit())
      return;
    const FieldDecl *F = I->getMember();
    const Expr *Init = I->getInit()->IgnoreImplicit();
    if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(Init))
      Init = DI->getExpr();
    if (!Init)
      return;
    if (!ownerField(F))
      return;
    if (!Second || counts(F))
      store(F, Init, Init);
    // The initializer's own uses of other owners are visited when the
    // constructor's declaration is traversed; visit the expression here.
    if (Second)
      TraverseStmt(const_cast<Expr *>(Init));
  }

  void assign(const BinaryOperator *BO) {
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    const ValueDecl *O = ownerOf(L);
    if (!O)
      return;
    if (Second && !counts(O))
      return;
    // `s->f = realloc(s->f, n)`: the old block moves into the new one.
    const Expr *R = BO->getRHS()->IgnoreParenCasts();
    if (Second)
      if (const auto *CE = dyn_cast<CallExpr>(R))
        if (const FunctionDecl *Callee = CE->getDirectCallee())
          if (CE->getNumArgs() &&
              sameLValue(CE->getArg(0)->IgnoreParenCasts(), L) &&
              A.modelFor(Callee, CE).Realloc)
            Classified[CE->getArg(0)->IgnoreParenCasts()] = UseKind::Borrow;
    if (Second)
      Classified[L] = UseKind::Borrow;
    store(O, BO, BO->getRHS());
  }

  /// A release of a record object that a function was given (a destroy
  /// function's `free(s)`), not one it made (a failed create's cleanup).
  void recordRelease(const Expr *Site, const Expr *Arg, StringRef By) {
    if (const RecordDecl *R = releasableRecord(Arg))
      Releases.insert({R, {Site, Arg, By.str()}});
  }
  /// The record (definition) \p Arg points to, if \p Arg is a parameter of
  /// this function whose release recordRelease keeps.
  const RecordDecl *releasableRecord(const Expr *Arg) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(Arg);
    const auto *PVD = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!PVD || PVD->getDeclContext() != Fn)
      return nullptr;
    QualType T = Arg->getType();
    if (!T->isPointerType())
      return nullptr;
    const RecordDecl *R = T->getPointeeType()->getAsRecordDecl();
    // For the program's facts, the releases of every record count (their
    // fields are owners other TUs may fill), except a closed record's: its
    // fields matter only where this TU fills them, and then it is listed.
    if (!R || !R->getDefinition() ||
        (!Records.count(R->getDefinition()) &&
         (!AllOwners || closedRecord(R->getDefinition(), A.SM))))
      return nullptr;
    return R->getDefinition();
  }

  static bool isFree(const FunctionDecl *Callee) {
    if (!Callee->getIdentifier())
      return false;
    StringRef N = baseName(Callee->getName());
    return N == "free" || N == "cfree";
  }

  void call(const CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    unsigned First = 0;
    const Expr *ThisArg = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
      ThisArg = MC->getImplicitObjectArgument();
    else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
      if (isa_and_nonnull<CXXMethodDecl>(Callee) && OC->getNumArgs()) {
        ThisArg = OC->getArg(0);
        First = 1;
      }
    if (!Callee)
      return; // Every argument stays unclassified: lost.
    // The model decides only for an owner use or a releasable parameter;
    // without one, computing the callee's summary is spared. A releaser of
    // the handle family releases no struct the program defines (`fclose`
    // takes a `FILE *`) unless the options name the project's releasers:
    // there only `free` (which loses a struct's fields) needs one.
    bool RecordReleasers = A.tracksMemory() || !A.Deallocators.empty();
    bool Matters = ThisArg && isUse(ThisArg->IgnoreParenImpCasts());
    for (unsigned I = First; I < CE->getNumArgs() && !Matters; ++I) {
      const Expr *Arg = CE->getArg(I)->IgnoreParenCasts();
      Matters = isUse(Arg) ||
                ((RecordReleasers || (I == First && isFree(Callee))) &&
                 releasableRecord(Arg));
    }
    if (!Matters)
      return;
    CallModel M = A.modelFor(Callee, CE);
    if (ThisArg) {
      const Expr *T = ThisArg->IgnoreParenImpCasts();
      if (isUse(T))
        Classified[T] = M.This.Self.Kind == PartKind::Borrow &&
                                cast<CXXMethodDecl>(Callee)->isInstance()
                            ? UseKind::Borrow
                            : UseKind::Lost;
    }
    bool Frees = !A.tracksMemory() && isFree(Callee);
    for (unsigned I = First; I < CE->getNumArgs(); ++I) {
      const Expr *Arg = CE->getArg(I)->IgnoreParenCasts();
      unsigned P = I - First;
      const ArgEffect &E = P < M.Params.size() ? M.Params[P] : M.Rest;
      if (E.Self.Kind == PartKind::Release || (Frees && P == 0))
        recordRelease(CE, Arg, Callee->getNameAsString());
      if (!isUse(Arg))
        continue;
      // A reference parameter can change the owner itself.
      if (P < Callee->getNumParams() &&
          Callee->getParamDecl(P)->getType()->isReferenceType())
        continue;
      if (E.Self.Kind == PartKind::Borrow)
        Classified[Arg] = UseKind::Borrow;
      else if (E.Self.Kind == PartKind::Release)
        Classified[Arg] = UseKind::Release;
    }
  }

  OwnershipAnalysis::Impl &A;
  llvm::MapVector<const ValueDecl *, OwnerInfo> &Owners;
  bool Second;
  const FunctionDecl *Fn = nullptr;
  llvm::DenseMap<const Expr *, UseKind> Classified;
  std::vector<const Expr *> Uses;
};

} // namespace


/// Whether \p CR is a class: it declares member functions of its own.
static bool isClass(const RecordDecl *R) {
  const auto *CR = dyn_cast<CXXRecordDecl>(R);
  if (!CR || !CR->hasDefinition())
    return false;
  for (const CXXMethodDecl *MD : CR->methods())
    if (!MD->isImplicit())
      return true;
  return false;
}

namespace {

/// The rules, given both passes' results.
class OwnerRules {
public:
  OwnerRules(OwnershipAnalysis::Impl &A) : A(A), SM(A.SM) {}

  Words wordsFor(const FreshStore &F) const {
    Words W;
    if (A.tracksMemory())
      return W;
    const ResourceKind *K = nullptr;
    if (!F.Dealloc.empty())
      K = releaserOf(A.Opts.Family, F.Dealloc);
    if (!K)
      K = acquirerOf(A.Opts.Family, F.AllocName);
    if (!K && F.Site)
      K = kindOfType(F.Site->getType());
    if (!K) {
      W.Noun = "handle";
      W.Acquired = "acquired";
      return W;
    }
    W.Noun = K->Noun;
    W.Acquired = K->Acquired;
    W.Release = K->ReleaseVerb;
    return W;
  }


  /// Whether every function that can name \p O is in this TU.
  bool closed(const ValueDecl *O) const { return closedOwner(O, SM); }

  void storeNote(LeakReport &R, const FreshStore &F, StringRef Name) {
    Words W = wordsFor(F);
    R.Notes.push_back({F.Site->getBeginLoc(), W.Noun + " " + W.Acquired +
                                                  " here by '" + F.AllocName +
                                                  "' and stored in '" +
                                                  Name.str() + "'"});
  }

  /// The words for an owner with no fresh store in this TU (the merge
  /// found one elsewhere): the owner's type tells the kind of handle.
  Words wordsForType(QualType T) const {
    Words W;
    if (A.tracksMemory())
      return W;
    if (const ResourceKind *K = kindOfType(T)) {
      W.Noun = K->Noun;
      W.Acquired = K->Acquired;
      W.Release = K->ReleaseVerb;
    } else {
      W.Noun = "handle";
      W.Acquired = "acquired";
    }
    return W;
  }
  /// "memory allocated by 'strdup'", or the noun alone.
  std::string what(const OwnerInfo &I, QualType T, bool Article) const {
    if (I.Fresh.empty()) {
      Words W = wordsForType(T);
      return (Article && !A.tracksMemory() ? "a " : "") + W.Noun;
    }
    const FreshStore &S = I.Fresh.front();
    Words W = wordsFor(S);
    return (Article && !A.tracksMemory() ? "a " : "") + W.Noun + " " +
           W.Acquired + " by '" + S.AllocName + "'";
  }
  std::string releaseVerb(const OwnerInfo &I, QualType T) const {
    return I.Fresh.empty() ? wordsForType(T).Release
                           : wordsFor(I.Fresh.front()).Release;
  }

  /// Rule 1.
  void member(const FieldDecl *F, const OwnerInfo &I, const Verdict &V) {
    const auto *CR = cast<CXXRecordDecl>(F->getParent());
    const FreshStore &S = I.Fresh.front();
    Words W = wordsFor(S);
    std::string Class = CR->getName().str();
    LeakReport R;
    R.Where = F->getLocation();
    R.Message = W.Noun + " " + W.Acquired + " by '" + S.AllocName +
                "' is stored in member '" + F->getName().str() + "' of '" +
                Class + "' but no member function " + W.Release +
                "s it; it leaks with every '" + Class + "' object";
    storeNote(R, S, F->getName());
    if (const CXXDestructorDecl *D = CR->getDestructor())
      if (!D->isImplicit() && D->hasBody())
        R.Notes.push_back({D->getLocation(), "the destructor does not " +
                                                 W.Release + " '" +
                                                 F->getName().str() + "'"});
    V.apply(R);
    A.addReport(std::move(R));
  }

  /// Rule 2.
  void structRelease(const FieldDecl *F, const OwnerInfo &I,
                     const RecordRelease &Rel, const Verdict &V) {
    std::string Arg = textOf(Rel.Arg, A.Ctx);
    std::string Whom = Arg.empty() ? "the '" + recordName(F->getParent()) + "'"
                                   : "'" + Arg + "'";
    LeakReport R;
    R.Where = Rel.Site->getBeginLoc();
    R.Message = Whom + " is released with '" + Rel.By +
                "' but its field '" + F->getName().str() + "' may still own " +
                what(I, F->getType(), true) + " that nothing " +
                releaseVerb(I, F->getType()) + "s";
    if (!I.Fresh.empty())
      storeNote(R, I.Fresh.front(), F->getName());
    V.apply(R);
    A.addReport(std::move(R));
  }

  /// Rule 4.
  void globalReset(const VarDecl *Var, const OwnerInfo &I, const Verdict &V) {
    for (const OtherStore &O : I.Others) {
      // A reset before a fresh store of the same function initialises.
      bool Before = false;
      for (const FreshStore &S : I.Fresh)
        if (S.In == O.In &&
            SM.isBeforeInTranslationUnit(O.Store->getBeginLoc(),
                                         S.Store->getBeginLoc()))
          Before = true;
      if (Before)
        continue;
      OwnerInfo Shown;
      for (const FreshStore &F : I.Fresh)
        if (F.In != O.In) {
          Shown.Fresh.push_back(F);
          break;
        }
      if (Shown.Fresh.empty() && !I.Fresh.empty())
        Shown.Fresh.push_back(I.Fresh.front());
      std::string Name = Var->getName().str();
      LeakReport R;
      R.Where = O.Store->getOperatorLoc();
      R.Message = "'" + Name + "' is overwritten while it may still own " +
                  what(Shown, Var->getType(), true) + "; nothing " +
                  releaseVerb(Shown, Var->getType()) + "s '" + Name + "'";
      if (!Shown.Fresh.empty())
        storeNote(R, Shown.Fresh.front(), Name);
      V.apply(R);
      A.addReport(std::move(R));
      return;
    }
  }

  /// Rule 3.
  void loop(const ValueDecl *O, const FreshStore &S) {
    const auto *BO = dyn_cast<BinaryOperator>(S.Store);
    if (!BO || !S.In->getBody())
      return;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    // The object whose field is stored: a variable or `this`.
    const VarDecl *Base = nullptr;
    bool ThisBase = false;
    if (const auto *ME = dyn_cast<MemberExpr>(L)) {
      const Expr *B = ME->getBase()->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
        Base = dyn_cast<VarDecl>(DRE->getDecl());
      else if (isa<CXXThisExpr>(B))
        ThisBase = true;
      if (!Base && !ThisBase)
        return;
    }
    ParentMap &PM = parents(S.In);
    // The innermost loop, and whether the store may run again in it.
    const Stmt *Loop = nullptr;
    const Stmt *Child = BO;
    for (const Stmt *P = PM.getParent(BO); P; Child = P, P = PM.getParent(P)) {
      if (isa<FullExpr>(P) || isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P))
        continue;
      if (isa<ForStmt>(P) || isa<WhileStmt>(P) || isa<DoStmt>(P)) {
        Loop = P;
        break;
      }
      if (isa<Expr>(P))
        return; // Inside an expression: not a statement of its own.
      if (const auto *CS = dyn_cast<CompoundStmt>(P))
        if (leavesAfter(CS, Child, PM))
          return;
      if (isa<LambdaExpr>(P) || isa<CapturedStmt>(P))
        return;
    }
    if (!Loop)
      return;
    const Stmt *Body = nullptr;
    const Expr *Cond = nullptr;
    if (const auto *F = dyn_cast<ForStmt>(Loop)) {
      Body = F->getBody();
      Cond = F->getCond();
    } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
      Body = W->getBody();
      Cond = W->getCond();
    } else {
      Body = cast<DoStmt>(Loop)->getBody();
      Cond = cast<DoStmt>(Loop)->getCond();
    }
    if (Cond)
      if (auto K = intConstant(Cond, A.Ctx); K && *K == 0)
        return;
    if (Child != Body)
      return; // In the condition or the increment.
    if (!quietLoop(Loop, O, BO, Base, ThisBase, S.Site))
      return;
    Words W = wordsFor(S);
    std::string Name = textOf(L, A.Ctx);
    if (Name.empty())
      Name = O->getName().str();
    LeakReport R;
    R.Where = BO->getOperatorLoc();
    R.Message = W.Noun + " " + W.Acquired + " by '" + S.AllocName +
                "' and stored in '" + Name +
                "' is leaked when a later iteration of the loop assigns '" +
                Name + "' again; " + W.Release + " it" +
                (S.Dealloc.empty() ? std::string()
                                   : " with '" + S.Dealloc + "'") +
                " first";
    storeNote(R, S, Name);
    R.Notes.push_back(
        {Loop->getBeginLoc(), "the loop may run the assignment again"});
    A.addReport(std::move(R));
  }

private:
  ParentMap &parents(const FunctionDecl *FD) {
    auto &P = Parents[FD];
    if (!P)
      P = std::make_unique<ParentMap>(FD->getBody());
    return *P;
  }

  /// Whether a statement after \p Child in \p CS leaves the enclosing
  /// loop for good (`return`, `goto`, a `break` of the loop itself, a call
  /// that does not return).
  bool leavesAfter(const CompoundStmt *CS, const Stmt *Child,
                   ParentMap &PM) {
    bool After = false;
    for (const Stmt *St : CS->body()) {
      if (St == Child) {
        After = true;
        continue;
      }
      if (!After)
        continue;
      if (isa<ReturnStmt>(St) || isa<GotoStmt>(St) ||
          isa<IndirectGotoStmt>(St) || isa<CXXThrowExpr>(St))
        return true;
      if (isa<BreakStmt>(St)) {
        // A `break` leaves the innermost loop or switch around it.
        for (const Stmt *P = PM.getParent(St); P; P = PM.getParent(P)) {
          if (isa<SwitchStmt>(P))
            break;
          if (isa<ForStmt>(P) || isa<WhileStmt>(P) || isa<DoStmt>(P))
            return true;
        }
      }
      if (const auto *CE = dyn_cast<CallExpr>(St))
        if (const FunctionDecl *FD = CE->getDirectCallee())
          if (A.neverReturns(FD))
            return true;
    }
    return false;
  }

  /// Whether \p Loop names the owner only in \p Store, names the base
  /// variable only to reach fields, and calls nothing that could release
  /// the owner.
  bool quietLoop(const Stmt *Loop, const ValueDecl *O,
                 const BinaryOperator *Store, const VarDecl *Base,
                 bool ThisBase, const Expr *Site) {
    struct Walk : RecursiveASTVisitor<Walk> {
      const ValueDecl *O;
      const Expr *StoreLHS;
      const VarDecl *Base;
      bool ThisBase, Global;
      const Expr *Site;
      OwnershipAnalysis::Impl &A;
      bool Bad = false;
      llvm::DenseSet<const Expr *> FieldBases;
      Walk(OwnershipAnalysis::Impl &A) : A(A) {}
      bool VisitMemberExpr(MemberExpr *ME) {
        if (ME != StoreLHS && ownerOf(ME) == O)
          Bad = true;
        if (isa<FieldDecl>(ME->getMemberDecl()))
          FieldBases.insert(ME->getBase()->IgnoreParenImpCasts());
        else if (ThisBase &&
                 isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          Bad = true; // A member function of the object.
        return !Bad;
      }
      bool VisitDeclRefExpr(DeclRefExpr *DRE) {
        if (DRE != StoreLHS && ownerOf(DRE) == O)
          Bad = true;
        if (Base && DRE->getDecl() == Base && !FieldBases.count(DRE))
          Bad = true;
        return !Bad;
      }
      bool VisitCXXThisExpr(CXXThisExpr *T) {
        if (ThisBase && !FieldBases.count(T))
          Bad = true;
        return !Bad;
      }
      bool VisitCallExpr(CallExpr *CE) {
        // A project function could reset a global behind the loop's back.
        if (!Global || CE == Site)
          return true;
        const FunctionDecl *FD = CE->getDirectCallee();
        if (!FD || !A.inSystemHeader(FD))
          Bad = true;
        return !Bad;
      }
    } W(A);
    W.O = O;
    W.StoreLHS = Store->getLHS()->IgnoreParenImpCasts();
    W.Base = Base;
    W.ThisBase = ThisBase;
    W.Global = isa<VarDecl>(O);
    W.Site = Site;
    // Member expressions are visited before the bases they contain
    // (pre-order), so FieldBases is filled in time.
    W.TraverseStmt(const_cast<Stmt *>(Loop));
    return !W.Bad;
  }

  OwnershipAnalysis::Impl &A;
  SourceManager &SM;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ParentMap>> Parents;
};

} // namespace

void OwnershipAnalysis::Impl::checkOwners() {
  llvm::MapVector<const ValueDecl *, OwnerInfo> Owners;
  std::vector<const FunctionDecl *> Bodies;
  for (const FunctionDecl *FD : TUFunctions) {
    // Error-recovery nodes exist only where an error was reported.
    if (FD->isImplicit() || !FD->getBody() || FD->isDependentContext() ||
        (Ctx.getDiagnostics().hasErrorOccurred() &&
         hasRecoveryErrors(FD->getBody())))
      continue;
    Bodies.push_back(FD);
  }
  // Owners other TUs may name are recorded for the merge (RecordConditions)
  // or decided by the merged facts: then every owner counts.
  bool Program = Opts.RecordConditions || (Merged && Merged->hasOwners());
  // First pass: fresh stores, in the functions that allocate.
  {
    OwnerScan First(*this, Owners, /*Second=*/false);
    for (const FunctionDecl *FD : Bodies) {
      const auto *CD = dyn_cast<CXXConstructorDecl>(FD);
      if (!allocates(FD) && !(CD && CD->getNumCtorInitializers()))
        continue;
      First.scan(FD);
    }
  }
  if (Owners.empty() && !Program)
    return;
  // Second pass: every use of the owners with a fresh store (of every
  // owner, for the program).
  OwnerScan Second(*this, Owners, /*Second=*/true);
  Second.AllOwners = Program;
  for (auto &[O, I] : Owners) {
    I.Fresh.clear();
    if (const auto *F = dyn_cast<FieldDecl>(O))
      if (!isClass(F->getParent()))
        Second.Records.insert(F->getParent()->getDefinition());
  }
  for (const FunctionDecl *FD : Bodies)
    Second.scan(FD);
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *V = dyn_cast<VarDecl>(D))
      if (V->getInit() && !inSystemHeader(V))
        Second.scanInit(V->getInit());

  // In the program, a released record's fields this TU never names are
  // owners too: another TU may have stored into them.
  if (Program)
    for (const auto &[R, Rel] : Second.Releases)
      if (!isClass(R))
        for (const FieldDecl *F : R->fields())
          if (ownerField(F))
            Owners[F];

  OwnerRules Rules(*this);
  for (auto &[O, I] : Owners) {
    const auto *F = dyn_cast<FieldDecl>(O);
    // A class template's members may release the field in bodies this TU
    // never instantiates.
    if (F && (isa<ClassTemplateSpecializationDecl>(F->getParent()) ||
              F->getParent()->isInStdNamespace()))
      continue;
    for (const FreshStore &S : I.Fresh)
      Rules.loop(O, S);
    bool Closed = Rules.closed(O);
    std::string Usr;
    if (!Closed) {
      if (inSystemHeader(O))
        continue;
      Usr = usrOf(O);
      if (Usr.empty())
        continue;
      if (Opts.RecordConditions) {
        OwnerFacts &Facts = ProgramOwners[Usr];
        Facts.Fresh |= !I.Fresh.empty();
        Facts.Lost |= I.Lost;
      }
    }
    if (I.Lost)
      continue;
    // Which rule has its anchor here.
    const auto *Var = dyn_cast<VarDecl>(O);
    const RecordRelease *Rel = nullptr;
    if (F && !isClass(F->getParent())) {
      auto It = Second.Releases.find(F->getParent()->getDefinition());
      if (It == Second.Releases.end())
        continue;
      Rel = &It->second;
    } else if (F ? I.Fresh.empty() : I.Others.empty()) {
      continue;
    }
    // Whether the program stores a fresh resource into the owner, and
    // loses it nowhere: known here (closed), from the merged facts, or
    // left to the merge (a conditional finding).
    Verdict V;
    if (Closed) {
      if (I.Fresh.empty())
        continue;
    } else {
      const MergedOwnership::OwnerFact *M =
          Merged ? Merged->owner(Usr) : nullptr;
      if (M && M->Lost)
        continue;
      if (!(M && M->Fresh) && !Opts.RecordConditions)
        continue;
      if (!(M && M->Fresh)) {
        V.Conditional = true;
        if (I.Fresh.empty())
          V.FreshDeps.push_back("ownerfresh:" + Usr);
        V.UnlessDeps.push_back("ownerlost:" + Usr);
      }
      // The functions declared here that could reach the owner must be
      // defined in the program: a TU missing from the run may release it.
      if (!programDeps(O, V))
        continue;
    }
    if (Var)
      Rules.globalReset(Var, I, V);
    else if (Rel)
      Rules.structRelease(F, I, *Rel, V);
    else
      Rules.member(F, I, V);
  }
}

/// For an owner other TUs may name: an unless-dep "defined:<usr>" on each
/// function declared here, defined elsewhere, that could reach it (the
/// class's member functions and friends; the functions that take the
/// record; for a global, every project function). False when too many or
/// one cannot be named: the finding is not worth its facts.
bool OwnershipAnalysis::Impl::programDeps(const clang::ValueDecl *O,
                                          Verdict &V) {
  constexpr unsigned MaxDeps = 64;
  std::set<std::string> Deps;
  auto Add = [&](const FunctionDecl *FD) {
    if (FD->isDeleted() || FD->isDefaulted() || FD->hasBody() ||
        inSystemHeader(FD) || FD->getBuiltinID())
      return true;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->isPureVirtual())
        return true;
    std::string U = usrOf(FD);
    if (U.empty())
      return false;
    Deps.insert("defined:" + U);
    return Deps.size() <= MaxDeps;
  };
  const auto *F = dyn_cast<FieldDecl>(O);
  const RecordDecl *R = F ? F->getParent()->getDefinition() : nullptr;
  if (const auto *CR = dyn_cast_or_null<CXXRecordDecl>(R); CR && isClass(CR)) {
    for (const FriendDecl *FrD : CR->friends()) {
      const auto *FD = dyn_cast_or_null<FunctionDecl>(FrD->getFriendDecl());
      if (!FD || !Add(FD))
        return false;
    }
    for (const Decl *D : CR->decls()) {
      if (isa<FunctionTemplateDecl>(D) || isa<CXXRecordDecl>(D))
        if (!(isa<CXXRecordDecl>(D) &&
              cast<CXXRecordDecl>(D)->isInjectedClassName()))
          return false;
      if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
        if (!MD->isImplicit() && !Add(MD))
          return false;
    }
    // Derived classes may release a protected member.
    if (F->getAccess() != AS_private)
      for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
        if (const auto *FD = dyn_cast<FunctionDecl>(D))
          if (!Add(FD))
            return false;
  } else {
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD)
        continue;
      bool Takes = !R; // A global: every function.
      for (const ParmVarDecl *P : FD->parameters()) {
        QualType T = P->getType();
        if (T->isPointerType())
          T = T->getPointeeType();
        if (const RecordDecl *PR = T->getAsRecordDecl())
          Takes |= PR->getDefinition() == R;
      }
      if (Takes && !Add(FD))
        return false;
    }
  }
  if (!V.Conditional) {
    // Decided by the merged facts already.
    for (const std::string &D : Deps)
      if (!Merged || Merged->fateOf(D) != Fate::Borrow)
        return false;
    return true;
  }
  V.UnlessDeps.insert(V.UnlessDeps.end(), Deps.begin(), Deps.end());
  return true;
}

Json OwnershipAnalysis::Impl::ownerFacts() const {
  Json Out = Json::object();
  for (const auto &[Usr, F] : ProgramOwners)
    Out[Usr] = Json{{"fresh", F.Fresh}, {"lost", F.Lost}};
  return Out;
}

} // namespace leakhound
