//===--- Ownership.cpp - who owns heap memory, function by function ------===//
//
// A forward dataflow over each function's clang::CFG that follows heap memory
// from the call that allocates it to the point where the function loses its
// last reference to it, plus per-function ownership summaries that make calls
// precise (see OwnershipFacts.h for the summary terms).
//
// Terms.
//  * An *object* is an abstract block of memory: one per allocation site and
//    generation (generation 1 holds the blocks an earlier loop iteration
//    allocated at the same site), one *param object* per pointer parameter
//    (the pointee the caller passed, incl. `this`) and one *deep object* per
//    parameter (everything reachable from it). Objects from a call to a
//    function defined in another TU that may return fresh memory are
//    *cond-fresh*: their leaks are conditional.
//  * A *location* holds pointers: a local variable, a field or the (smashed)
//    elements of a local struct or array, or a field/elements of a tracked
//    heap object. Globals, fields of memory we do not own, and union members
//    are not locations: storing a pointer there is an *escape*.
//  * A *target* is what a pointer may point to: an object, null, or the
//    address of a location (`&local`).
//  * An object's *state* is a set of bits, one per path class that reaches
//    the program point: Null (not allocated on that path, or the allocation
//    failed), Owned, Released, Escaped, Borrowed (param objects), Cond
//    (handed to a function defined elsewhere: released unless the facts
//    prove otherwise; the deps say which).
//  * A *state* maps locations to target sets and objects to states, holds
//    the values of pending calls, and known facts about integer variables
//    used in several conditions (a little path sensitivity:
//    `if (c) p = malloc(); ... if (c) free(p);` does not warn). A block
//    keeps up to MaxDisjuncts states, keyed by those facts. Only functions
//    with an allocation site keep facts: elsewhere the dataflow only
//    computes what happens to the parameters, a union over paths.
//  * A *leak*: after a full statement, at a scope end, or at function exit,
//    an object whose state contains Owned (or Cond) and that no live
//    location or pending value reaches. It is reported once per allocation
//    site, at the earliest such point, with the allocation site and the
//    branches of a path from it as notes.
//
// Which functions are analysed: every function with an allocation site (it
// may report), every externally visible one when facts are written (other
// TUs read its summary), and any other function only when a caller being
// analysed asks for its summary. A caller asks only when the answer can
// matter: for a call whose arguments carry something tracked, or whose
// pointer result may be fresh memory, which needs an allocation site
// reachable through pointer-returning callees (mayAllocate, a walk of the
// bodies, memoized).
//
// Bounds: a block is revisited at most MaxVisits times before its state is
// widened (Owned becomes Escaped: a widened state never reports); a function
// whose CFG has more than MaxElements elements, or whose analysis exceeds
// MaxSteps transfer steps, is given up on (no findings, a conservative
// summary).
//
//===----------------------------------------------------------------------===//

#include "Ownership.h"
#include "ExprUtils.h"
#include "Feasibility.h"
#include "FlatMap.h"
#include "OwnershipFacts.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

using namespace clang;

namespace leakhound {

namespace {

constexpr unsigned MaxVisits = 8;
constexpr unsigned MaxDisjuncts = 4;
constexpr unsigned MaxElements = 40000;
constexpr unsigned MaxSteps = 400000;
constexpr unsigned MaxNotes = 6;
constexpr unsigned MaxLossPoints = 8;

constexpr unsigned NullTarget = 0;
constexpr unsigned AddrBit = 0x80000000u;
inline bool isAddr(unsigned T) { return T & AddrBit; }
inline bool isObj(unsigned T) { return T != NullTarget && !isAddr(T); }

using TargetSet = llvm::SmallVector<unsigned, 2>;

void addTarget(TargetSet &S, unsigned T) {
  auto It = std::lower_bound(S.begin(), S.end(), T);
  if (It == S.end() || *It != T)
    S.insert(It, T);
}
bool unionInto(TargetSet &Into, const TargetSet &From) {
  bool Changed = false;
  for (unsigned T : From) {
    auto It = std::lower_bound(Into.begin(), Into.end(), T);
    if (It == Into.end() || *It != T) {
      Into.insert(It, T);
      Changed = true;
    }
  }
  return Changed;
}

enum StateBits : uint8_t {
  BNull = 1,
  BOwned = 2,
  BReleased = 4,
  BEscaped = 8,
  BBorrowed = 16,
  BCond = 32,
};

struct ObjState {
  uint8_t Bits = 0;
  TargetSet Deps; // Interned dep ids (sorted).
  bool operator==(const ObjState &O) const {
    return Bits == O.Bits && Deps == O.Deps;
  }
};

enum class ObjKind { Alloc, Param, Deep, CondFresh };

struct ObjInfo {
  ObjKind Kind = ObjKind::Alloc;
  const Stmt *Site = nullptr;
  unsigned Param = 0;
  std::string AllocName, Dealloc, LastName;
  std::vector<std::string> FreshUsrs;
  bool InWeak = false; ///< Was stored into smashed array elements.
};

struct LocInfo {
  const VarDecl *Var = nullptr; // Root of a variable.
  unsigned Obj = 0;             // Root of a heap object.
  unsigned Parent = ~0u;
  const FieldDecl *Field = nullptr; // Null: elements.
  const VarDecl *RootVar = nullptr;
  unsigned RootObj = 0;
};

struct IntFact {
  bool Eq;
  int64_t Value;
  bool operator==(const IntFact &O) const {
    return Eq == O.Eq && Value == O.Value;
  }
};

struct State {
  // No inline storage: states are moved between blocks far more often than
  // they are created, and a move is then a pointer swap.
  FlatMap<unsigned, TargetSet, 0> Pts;
  FlatMap<unsigned, ObjState, 0> Objs;
  FlatMap<const Expr *, TargetSet, 0> Vals;
  FlatMap<const VarDecl *, IntFact, 0> Facts;
};

enum class PartKind : uint8_t { Borrow, Release, Escape, Cond };
struct PartEffect {
  PartKind Kind = PartKind::Borrow;
  TargetSet Deps;
};
struct ArgEffect {
  PartEffect Self, Deep;
};
ArgEffect uniform(PartKind K) {
  ArgEffect A;
  A.Self.Kind = A.Deep.Kind = K;
  return A;
}

/// What a call does, from the caller's side.
struct CallModel {
  enum RetKind { RetNone, RetFresh, RetCondFresh } Ret = RetNone;
  bool Realloc = false, MaybeNull = true;
  std::string AllocName, Dealloc;
  std::vector<std::string> FreshUsrs;
  std::vector<ArgEffect> Params;
  ArgEffect This, Rest;
};

StringRef baseName(StringRef N) {
  N.consume_front("::");
  if (N.consume_front("__builtin___"))
    N.consume_back("_chk");
  else
    N.consume_front("__builtin_");
  return N;
}

bool isOneOf(StringRef N, std::initializer_list<StringRef> L) {
  return llvm::is_contained(L, N);
}

/// C library functions that allocate, in their C names.
bool isLibAllocator(StringRef N) {
  return isOneOf(N, {"malloc", "calloc", "strdup", "strndup", "aligned_alloc",
                     "valloc", "pvalloc", "memalign", "wcsdup"});
}
bool isLibRealloc(StringRef N) { return isOneOf(N, {"realloc", "reallocf"}); }
bool isLibDeallocator(StringRef N) { return isOneOf(N, {"free", "cfree"}); }
/// Library functions that read their pointer arguments and keep nothing.
bool isLibBorrower(StringRef N) {
  return isOneOf(
      N, {"strlen",   "strnlen",  "strcmp",   "strncmp",  "strcasecmp",
          "strncasecmp", "strchr", "strrchr", "strstr",   "strspn",
          "strcspn",  "strpbrk",  "strtok",   "strtok_r", "memchr",
          "memrchr",  "memcmp",   "memset",   "bzero",    "explicit_bzero",
          "printf",   "fprintf",  "sprintf",  "snprintf", "vprintf",
          "vfprintf", "vsprintf", "vsnprintf", "dprintf", "puts",
          "fputs",    "fputc",    "putc",     "fwrite",   "fread",
          "fgets",    "sscanf",   "fscanf",   "scanf",    "atoi",
          "atol",     "atoll",    "atof",     "strtol",   "strtoul",
          "strtoll",  "strtoull", "strtod",   "strtof",   "perror",
          "write",    "read",     "send",     "recv",     "open",
          "fopen",    "stat",     "access",   "unlink",   "qsort",
          "bsearch",  "strcoll",  "strxfrm",  "wcslen",   "getenv",
          "setenv",   "strerror", "assert",   "__assert_fail",
          "__assert", "__assert_rtn", "strftime", "mbstowcs", "wcstombs"});
}
/// Library functions that copy bytes between their pointer arguments: the
/// blocks are only read or written, but pointers stored inside them may now
/// have a second copy, so whatever they reach escapes.
bool isLibCopier(StringRef N) {
  return isOneOf(N, {"memcpy", "memmove", "strcpy", "strncpy", "strcat",
                     "strncat", "stpcpy", "stpncpy", "mempcpy", "strlcpy",
                     "strlcat", "wcscpy"});
}

bool isPointerLike(QualType T) {
  return T->isPointerType() || T->isArrayType() || T->isReferenceType();
}

std::string textOf(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (R.isInvalid())
    return {};
  StringRef T = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  if (T.empty() || T.size() > 60 || T.contains('\n'))
    return {};
  return T.str();
}

/// Facts the prescan of an analysed body finds.
struct BodyScan : RecursiveASTVisitor<BodyScan> {
  /// Whether to count conditions (for path facts, which only functions
  /// with an allocation site keep).
  explicit BodyScan(bool CountConditions) : CountConditions(CountConditions) {}
  bool CountConditions;
  llvm::DenseSet<const VarDecl *> AddressTaken;
  /// How often each variable appears in a condition.
  llvm::DenseMap<const VarDecl *, unsigned> InConditions;

  bool VisitCXXThisExpr(CXXThisExpr *) { return true; }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->getOpcode() == UO_AddrOf)
      if (auto *DR = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParens()))
        if (auto *V = dyn_cast<VarDecl>(DR->getDecl()))
          AddressTaken.insert(V);
    return true;
  }
  void countCondition(const Expr *C) {
    if (!C || !CountConditions)
      return;
    struct Counter : RecursiveASTVisitor<Counter> {
      BodyScan &S;
      explicit Counter(BodyScan &S) : S(S) {}
      bool VisitDeclRefExpr(DeclRefExpr *DR) {
        if (auto *V = dyn_cast<VarDecl>(DR->getDecl()))
          ++S.InConditions[V];
        return true;
      }
    } Cn(*this);
    Cn.TraverseStmt(const_cast<Expr *>(C));
  }
  bool VisitIfStmt(IfStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitForStmt(ForStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitDoStmt(DoStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitConditionalOperator(ConditionalOperator *C) {
    countCondition(C->getCond());
    return true;
  }
};

/// Whether \p X and \p Y name the same object (`p`, `s->buf`, `a[i]`).
bool sameLValue(const Expr *X, const Expr *Y) {
  X = X->IgnoreParenImpCasts();
  Y = Y->IgnoreParenImpCasts();
  if (X->getStmtClass() != Y->getStmtClass())
    return false;
  if (const auto *DX = dyn_cast<DeclRefExpr>(X))
    return DX->getDecl() == cast<DeclRefExpr>(Y)->getDecl();
  if (const auto *MX = dyn_cast<MemberExpr>(X)) {
    const auto *MY = cast<MemberExpr>(Y);
    return MX->getMemberDecl() == MY->getMemberDecl() &&
           MX->isArrow() == MY->isArrow() &&
           sameLValue(MX->getBase(), MY->getBase());
  }
  if (const auto *AX = dyn_cast<ArraySubscriptExpr>(X)) {
    const auto *AY = cast<ArraySubscriptExpr>(Y);
    return sameLValue(AX->getBase(), AY->getBase()) &&
           sameLValue(AX->getIdx(), AY->getIdx());
  }
  if (const auto *UX = dyn_cast<UnaryOperator>(X))
    return UX->getOpcode() == cast<UnaryOperator>(Y)->getOpcode() &&
           sameLValue(UX->getSubExpr(), cast<UnaryOperator>(Y)->getSubExpr());
  if (const auto *IX = dyn_cast<IntegerLiteral>(X))
    return IX->getValue() == cast<IntegerLiteral>(Y)->getValue();
  if (isa<CXXThisExpr>(X))
    return true;
  return false;
}

} // namespace

//===----------------------------------------------------------------------===//
// The per-TU analysis: options, callee models, summaries, reports.
//===----------------------------------------------------------------------===//

class OwnershipAnalysis::Impl {
public:
  Impl(ASTContext &Ctx, const OwnershipOptions &Opts)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts) {
    for (const std::string &A : Opts.Allocators)
      Allocators.insert(StringRef(A).ltrim(':'));
    for (const std::string &D : Opts.Deallocators)
      Deallocators.insert(StringRef(D).ltrim(':'));
    if (Opts.FactsIn)
      Merged.emplace(factsSection(*Opts.FactsIn, "leak-unfreed-allocation"));
  }

  /// Computes \p FD's summary and reports its leaks. At the top level
  /// (!OnDemand) a function that cannot report and whose summary is not
  /// exported is left for a caller to ask about.
  void analyse(const FunctionDecl *FD, bool OnDemand);
  const OwnershipSummary *summaryFor(const FunctionDecl *Def);
  CallModel modelFor(const FunctionDecl *FD, const CallExpr *CE);
  void keepParamsStoredByInitializers(const FunctionDecl *FD, CallModel &M);
  CallModel computeModel(const FunctionDecl *FD, const CallExpr *CE,
                         bool *Cacheable = nullptr);
  /// Fills \p M for a function known by its name (the C library, the
  /// configured allocators and deallocators, global new/delete).
  bool namedModel(const FunctionDecl *FD, CallModel &M);
  /// The definition whose summary models calls to \p FD, or null.
  const FunctionDecl *summarisedDefinition(const FunctionDecl *FD);
  /// Whether calls to \p FD are modelled already (no summary to compute).
  bool hasModel(const FunctionDecl *FD) const {
    if (Models.count(FD))
      return true;
    const FunctionDecl *Def = nullptr;
    return FD->hasBody(Def) && Def && Summaries.count(Def->getCanonicalDecl());
  }
  /// Whether \p Def has an allocation site of its own (`new`, `delete`, a
  /// call that allocates), so that it may report. A summarised callee is
  /// asked for its summary only if it may allocate at all (mayAllocate),
  /// since computing summaries is what costs.
  bool allocates(const FunctionDecl *Def);
  enum class CallAlloc { No, Yes, IfCalleeAllocates };
  /// Whether a call is an allocation site as far as is known without
  /// computing summaries (IfCalleeAllocates: the callee's summary decides).
  CallAlloc classifyCall(const CallExpr *CE);
  /// Whether \p Def can create memory this analysis tracks: an allocation
  /// site (`new`, a call that allocates) in its body or in that of a
  /// summarised function it calls for a pointer, transitively. A function
  /// that cannot does not return fresh memory, whatever its dataflow would
  /// find, so its summary need not be computed to know that. A walk of the
  /// bodies, not a dataflow; memoized.
  bool mayAllocate(const FunctionDecl *Def);
  struct AllocNode {
    /// A `new`, or a call known to allocate without computing a summary.
    bool Direct = false;
    bool Deletes = false; ///< A `delete` (the function may report).
    /// Callees (as called) whose summary would decide; not yet summarised.
    llvm::SmallVector<const FunctionDecl *, 4> Callees;
  };
  const AllocNode &allocNode(const FunctionDecl *Def);
  /// A call through a function-pointer variable the options name
  /// (`xmlMalloc`, `g_free` hooks): the variable's name decides.
  void modelForPointerVar(const CallExpr *CE, CallModel &M) {
    const auto *DR =
        dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
    const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
    if (!V)
      return;
    std::string Qual = V->getQualifiedNameAsString();
    if (Deallocators.contains(Qual)) {
      M = CallModel();
      M.Rest.Self.Kind = PartKind::Release;
    } else if (Allocators.contains(Qual) &&
               CE->getType()->isPointerType()) {
      M = CallModel();
      M.Ret = CallModel::RetFresh;
      M.AllocName = V->getName().str();
      if (Opts.Deallocators.size() == 1)
        M.Dealloc = StringRef(Opts.Deallocators[0]).ltrim(':').str();
    }
  }
  PartEffect resolve(const EffectDeps &E);
  unsigned depId(StringRef Name) {
    auto [It, New] = DepIds.try_emplace(Name, DepNames.size());
    if (New)
      DepNames.push_back(Name.str());
    return It->second;
  }
  std::string usrOf(const Decl *D) {
    llvm::SmallString<128> Buf;
    if (index::generateUSRForDecl(D, Buf))
      return {};
    return std::string(Buf);
  }
  bool inSystemHeader(const Decl *D) {
    SourceLocation L = D->getLocation();
    return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
  }
  const FunctionDecl *analysableDefinition(const FunctionDecl *FD) {
    const FunctionDecl *Def = nullptr;
    if (!FD || !FD->hasBody(Def) || !Def || !Def->doesThisDeclarationHaveABody())
      return nullptr;
    if (Def->isInvalidDecl() || Def->isDependentContext() ||
        inSystemHeader(Def) || !Def->getBody())
      return nullptr;
    // Error-recovery nodes exist only where an error was reported.
    if (Ctx.getDiagnostics().hasErrorOccurred()) {
      auto [It, New] = BodyErrors.try_emplace(Def, false);
      if (New)
        It->second = hasRecoveryErrors(Def->getBody());
      if (It->second)
        return nullptr;
    }
    if (Def->isTemplated())
      return nullptr;
    return Def;
  }
  void addReport(LeakReport R) { Reports.push_back(std::move(R)); }
  void addLimit(const FunctionDecl *FD, std::string What) {
    Limits.push_back({FD, std::move(What)});
  }
  bool SolverNoted = false; ///< Said once that paths go unchecked.

  ASTContext &Ctx;
  SourceManager &SM;
  const OwnershipOptions &Opts;
  llvm::StringSet<> Allocators, Deallocators;
  std::optional<MergedOwnership> Merged;
  std::map<const FunctionDecl *, OwnershipSummary> Summaries;
  llvm::DenseMap<const FunctionDecl *, bool> BodyErrors;
  llvm::DenseMap<const FunctionDecl *, CallModel> Models;
  llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> SummarisedDefs;
  llvm::DenseMap<const FunctionDecl *, AllocNode> AllocGraph;
  llvm::DenseMap<const FunctionDecl *, bool> MayAlloc;
  llvm::DenseSet<const FunctionDecl *> Visiting;
  std::vector<const FunctionDecl *> Analysed;
  std::vector<LeakReport> Reports;
  std::vector<AnalysisLimit> Limits;
  std::vector<std::string> DepNames;
  llvm::StringMap<unsigned> DepIds;
};

PartEffect OwnershipAnalysis::Impl::resolve(const EffectDeps &E) {
  PartEffect P;
  if (E.Takes) {
    P.Kind = PartKind::Escape;
    return P;
  }
  bool Unknown = false;
  for (const std::string &D : E.Deps) {
    Fate F = Merged ? Merged->fateOf(D) : Fate::Unknown;
    if (F == Fate::Takes) {
      P.Kind = PartKind::Escape;
      P.Deps.clear();
      return P;
    }
    if (F == Fate::Unknown) {
      Unknown = true;
      addTarget(P.Deps, depId(D));
    }
  }
  if (!Unknown)
    return P;
  if (Opts.RecordConditions) {
    P.Kind = PartKind::Cond;
    return P;
  }
  P.Deps.clear();
  P.Kind = Opts.UnknownCallsEscape ? PartKind::Escape : PartKind::Borrow;
  return P;
}

CallModel OwnershipAnalysis::Impl::modelFor(const FunctionDecl *FD,
                                            const CallExpr *CE) {
  if (!FD)
    return computeModel(FD, CE);
  if (auto It = Models.find(FD); It != Models.end())
    return It->second;
  bool Cacheable = true;
  CallModel M = computeModel(FD, CE, &Cacheable);
  keepParamsStoredByInitializers(FD, M);
  if (Cacheable)
    Models[FD] = M;
  return M;
}

/// A constructor that stores a parameter through a member initializer
/// (`Ptr(P) : Obj(P) {}`) hands what it points to to the new object, which
/// the body's CFG (built without initializers) does not show.
/// The parameters whose value (not something read through them) \p E hands
/// on: directly, or as an argument of a construction or call.
static void collectParams(const Expr *E,
                          llvm::SmallPtrSetImpl<const ParmVarDecl *> &Out) {
  if (!E)
    return;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      Out.insert(PVD);
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *A : CE->arguments())
      collectParams(A, Out);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    for (const Expr *A : Call->arguments())
      collectParams(A, Out);
  } else if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    for (const Expr *A : IL->inits())
      collectParams(A, Out);
  } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
    collectParams(MT->getSubExpr(), Out);
  } else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E)) {
    collectParams(BT->getSubExpr(), Out);
  } else if (const auto *EC = dyn_cast<ExplicitCastExpr>(E)) {
    collectParams(EC->getSubExpr(), Out);
  }
}

void OwnershipAnalysis::Impl::keepParamsStoredByInitializers(
    const FunctionDecl *FD, CallModel &M) {
  const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(FD);
  if (!Ctor)
    return;
  const FunctionDecl *Def = nullptr;
  if (!Ctor->hasBody(Def))
    return;
  const auto *CD = dyn_cast<CXXConstructorDecl>(Def);
  if (!CD)
    return;
  llvm::SmallPtrSet<const ParmVarDecl *, 4> Stored;
  for (const CXXCtorInitializer *Init : CD->inits())
    if (Init->isWritten() && Init->getInit())
      collectParams(Init->getInit(), Stored);
  for (unsigned I = 0; I < CD->getNumParams() && I < M.Params.size(); ++I) {
    if (!Stored.count(CD->getParamDecl(I)) ||
        !CD->getParamDecl(I)->getType()->isPointerType())
      continue;
    if (M.Params[I].Self.Kind == PartKind::Borrow)
      M.Params[I].Self.Kind = PartKind::Escape;
    if (M.Params[I].Deep.Kind == PartKind::Borrow)
      M.Params[I].Deep.Kind = PartKind::Escape;
  }
}

bool OwnershipAnalysis::Impl::namedModel(const FunctionDecl *FD,
                                         CallModel &M) {
  unsigned NParams = FD->getNumParams();
  std::string Qual = FD->getQualifiedNameAsString();
  StringRef Name = baseName(Qual);
  bool CLib = inSystemHeader(FD->getFirstDecl()) || FD->getBuiltinID() != 0;
  OverloadedOperatorKind OO = FD->getOverloadedOperator();
  bool GlobalOp = !isa<CXXMethodDecl>(FD);

  auto Fresh = [&](StringRef Alloc, StringRef Dealloc) {
    M.Ret = CallModel::RetFresh;
    M.AllocName = Alloc.str();
    M.Dealloc = Dealloc.str();
  };

  if (Deallocators.contains(Qual) || Deallocators.contains(Name) ||
      (CLib && isLibDeallocator(Name)) ||
      (GlobalOp && (OO == OO_Delete || OO == OO_Array_Delete))) {
    M.Rest.Self.Kind = PartKind::Release;
    M.Params.assign(NParams, M.Rest);
    return true;
  }
  if (CLib && isLibRealloc(Name)) {
    M.Realloc = true;
    Fresh(Name, "free");
    return true;
  }
  if (Allocators.contains(Qual) || Allocators.contains(Name)) {
    Fresh(Name, Opts.Deallocators.size() == 1
                    ? StringRef(Opts.Deallocators[0]).ltrim(':')
                    : StringRef());
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (CLib && isLibAllocator(Name)) {
    Fresh(Name, "free");
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (GlobalOp && (OO == OO_New || OO == OO_Array_New)) {
    Fresh(OO == OO_New ? "operator new" : "operator new[]",
          OO == OO_New ? "operator delete" : "operator delete[]");
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (CLib && isLibBorrower(Name)) {
    M.Params.assign(NParams, ArgEffect());
    return true;
  }
  if (CLib && isLibCopier(Name)) {
    ArgEffect Copy;
    Copy.Deep.Kind = PartKind::Escape;
    M.Params.assign(NParams, Copy);
    M.Rest = Copy;
    return true;
  }
  return false;
}

const FunctionDecl *
OwnershipAnalysis::Impl::summarisedDefinition(const FunctionDecl *FD) {
  auto [It, New] = SummarisedDefs.try_emplace(FD, nullptr);
  if (New) {
    CallModel Unused;
    if (!namedModel(FD, Unused) && !FD->hasAttr<OwnershipAttr>())
      It->second = analysableDefinition(FD);
  }
  return It->second;
}

CallModel OwnershipAnalysis::Impl::computeModel(const FunctionDecl *FD,
                                                const CallExpr *CE,
                                                bool *Cacheable) {
  CallModel M;
  ArgEffect UnknownRule = uniform(Opts.UnknownCallsEscape ? PartKind::Escape
                                                          : PartKind::Borrow);
  if (!FD) {
    M.This = M.Rest = UnknownRule;
    return M;
  }
  if (namedModel(FD, M))
    return M;
  unsigned NParams = FD->getNumParams();
  std::string Qual = FD->getQualifiedNameAsString();
  StringRef Name = baseName(Qual);
  bool System = inSystemHeader(FD->getFirstDecl());
  auto Fresh = [&](StringRef Alloc, StringRef Dealloc) {
    M.Ret = CallModel::RetFresh;
    M.AllocName = Alloc.str();
    M.Dealloc = Dealloc.str();
  };

  bool HasOwnershipAttr = FD->hasAttr<OwnershipAttr>();
  bool MallocAttr = FD->hasAttr<RestrictAttr>();
  if (const FunctionDecl *Def = summarisedDefinition(FD)) {
    const OwnershipSummary *S = summaryFor(Def);
    if (!S) { // Recursion: the summary is being computed.
      if (Cacheable)
        *Cacheable = false;
      M.Params.assign(NParams, UnknownRule);
      M.This = M.Rest = UnknownRule;
      if (MallocAttr)
        Fresh(Name, "");
      return M;
    }
    for (unsigned I = 0; I < NParams; ++I) {
      ArgEffect A;
      if (I < S->Params.size()) {
        A.Self = resolve(S->Params[I].Self);
        A.Deep = resolve(S->Params[I].Deep);
      }
      M.Params.push_back(A);
    }
    if (isa<CXXMethodDecl>(FD) && S->Params.size() > NParams) {
      M.This.Self = resolve(S->Params[NParams].Self);
      M.This.Deep = resolve(S->Params[NParams].Deep);
    }
    M.Rest = UnknownRule;
    if (MallocAttr) {
      Fresh(Name, S->Dealloc);
    } else if (!S->RetOther && (S->RetFresh || !S->RetDeps.empty())) {
      bool AllFresh = true, AnyUnknown = false;
      std::vector<std::string> Unresolved;
      for (const std::string &U : S->RetDeps) {
        Fate F = Merged ? Merged->returnsFresh(U) : Fate::Unknown;
        if (F == Fate::Borrow)
          AllFresh = false;
        else if (F == Fate::Unknown) {
          AnyUnknown = true;
          Unresolved.push_back(U);
        }
      }
      if (AllFresh && !AnyUnknown)
        Fresh(Name, S->RetDeps.empty() ? S->Dealloc : "");
      else if (AllFresh && Opts.RecordConditions) {
        M.Ret = CallModel::RetCondFresh;
        M.AllocName = Name.str();
        M.Dealloc = S->Dealloc;
        M.FreshUsrs = Unresolved;
      }
    }
    M.MaybeNull = S->RetNull || !S->RetDeps.empty();
    return M;
  }

  if (System || MallocAttr || HasOwnershipAttr) {
    // A library function we have no model of: it may keep anything.
    M.Params.assign(NParams, uniform(PartKind::Escape));
    M.This = M.Rest = uniform(PartKind::Escape);
  } else if (std::string Usr = usrOf(FD->getCanonicalDecl());
             !Usr.empty() && Merged && Merged->has(Usr)) {
    for (unsigned I = 0; I <= NParams; ++I) {
      EffectDeps Self, Deep;
      Self.Deps.insert(depKey(Usr, I, false));
      Deep.Deps.insert(depKey(Usr, I, true));
      ArgEffect A{resolve(Self), resolve(Deep)};
      if (I < NParams)
        M.Params.push_back(A);
      else if (isa<CXXMethodDecl>(FD))
        M.This = A;
    }
    M.Rest = UnknownRule;
    // The deallocator of memory from another TU is not named: the message
    // must not depend on whether the facts were there (driver and plugin
    // report the same text).
    if (Merged->returnsFresh(Usr) == Fate::Takes)
      Fresh(Name, "");
  } else if (!Usr.empty() && Opts.RecordConditions) {
    for (unsigned I = 0; I <= NParams; ++I) {
      ArgEffect A;
      A.Self.Kind = A.Deep.Kind = PartKind::Cond;
      A.Self.Deps.push_back(depId(depKey(Usr, I, false)));
      A.Deep.Deps.push_back(depId(depKey(Usr, I, true)));
      if (I < NParams)
        M.Params.push_back(A);
      else if (isa<CXXMethodDecl>(FD))
        M.This = A;
    }
    M.Rest = UnknownRule;
    if (FD->getReturnType()->isPointerType()) {
      M.Ret = CallModel::RetCondFresh;
      M.AllocName = Name.str();
      M.FreshUsrs = {Usr};
    }
  } else {
    M.Params.assign(NParams, UnknownRule);
    M.This = M.Rest = UnknownRule;
  }

  // Ownership attributes refine whatever the rest said.
  for (const auto *A : FD->specific_attrs<OwnershipAttr>()) {
    switch (A->getOwnKind()) {
    case OwnershipAttr::Returns:
      Fresh(Name, "");
      break;
    case OwnershipAttr::Takes:
    case OwnershipAttr::Holds:
      for (const ParamIdx &P : A->args()) {
        unsigned I = P.getASTIndex();
        if (I >= M.Params.size())
          continue;
        M.Params[I] = ArgEffect();
        M.Params[I].Self.Kind = A->getOwnKind() == OwnershipAttr::Takes
                                    ? PartKind::Release
                                    : PartKind::Escape;
        M.Params[I].Deep.Kind = PartKind::Escape;
      }
      break;
    }
  }
  if (HasOwnershipAttr && System) {
    // Parameters the attributes do not name are only read.
    for (unsigned I = 0; I < M.Params.size(); ++I) {
      bool Named = false;
      for (const auto *A : FD->specific_attrs<OwnershipAttr>())
        for (const ParamIdx &P : A->args())
          Named |= P.getASTIndex() == I;
      if (!Named)
        M.Params[I] = ArgEffect();
    }
  }
  if (MallocAttr && M.Ret == CallModel::RetNone)
    Fresh(Name, "");
  (void)CE;
  return M;
}

//===----------------------------------------------------------------------===//
// The dataflow of one function.
//===----------------------------------------------------------------------===//

namespace {

struct LValue {
  llvm::SmallVector<unsigned, 2> Locs;
  bool Untracked = false;
};

enum class EventKind { Statement, Scope, Return };
struct Event {
  EventKind Kind = EventKind::Statement;
  SourceLocation Loc;
  std::string Var;
};

struct FoundLeak {
  unsigned Obj = 0;
  unsigned Block = 0;
  unsigned Elem = 0; ///< Elements of Block run when the memory is lost.
  SourceLocation Where;
  std::string Message;
  bool Conditional = false;
  std::vector<std::string> FreshDeps, UnlessDeps;
};

class FunctionAnalysis {
public:
  FunctionAnalysis(OwnershipAnalysis::Impl &A, const FunctionDecl *FD,
                   const BodyScan &Scan)
      : A(A), Ctx(A.Ctx), SM(A.SM), FD(FD), Scan(Scan) {}

  /// Runs the analysis; false when it gave up.
  bool run();
  OwnershipSummary Summary;

private:
  // Objects and locations.
  unsigned newObjInfo(ObjInfo I) {
    Objs.push_back(std::move(I));
    return Objs.size() - 1;
  }
  unsigned siteObj(const Stmt *Site, unsigned Gen) {
    auto [It, New] = SiteObjs.try_emplace({Site, Gen}, 0);
    if (New) {
      ObjInfo I;
      I.Site = Site;
      It->second = newObjInfo(I);
    }
    return It->second;
  }
  unsigned intern(const VarDecl *V, unsigned Obj, unsigned Parent,
                  const FieldDecl *F) {
    auto Key = std::make_tuple(static_cast<const void *>(V), Obj, Parent,
                               static_cast<const void *>(F));
    auto [It, New] = LocIndex.try_emplace(Key, Locs.size());
    if (New) {
      LocInfo L;
      L.Var = V;
      L.Obj = Obj;
      L.Parent = Parent;
      L.Field = F;
      if (Parent != ~0u) {
        L.RootVar = Locs[Parent].RootVar;
        L.RootObj = Locs[Parent].RootObj;
      } else {
        L.RootVar = V;
        L.RootObj = Obj;
      }
      Locs.push_back(L);
    }
    return It->second;
  }
  unsigned varLoc(const VarDecl *V) { return intern(V, 0, ~0u, nullptr); }
  unsigned objRoot(unsigned O) { return intern(nullptr, O, ~0u, nullptr); }
  unsigned child(unsigned L, const FieldDecl *F) {
    // Elements of elements are the same smashed location.
    if (!F && Locs[L].Parent != ~0u && !Locs[L].Field)
      return L;
    return intern(nullptr, 0, L, F);
  }
  bool isUnder(unsigned L, unsigned Ancestor) const {
    for (unsigned C = L; C != ~0u; C = Locs[C].Parent)
      if (C == Ancestor)
        return true;
    return false;
  }
  bool weak(unsigned L) const {
    for (unsigned C = L; C != ~0u; C = Locs[C].Parent)
      if (Locs[C].Parent != ~0u && !Locs[C].Field)
        return true;
    return false;
  }
  /// A heap object whose contents we track (we own it).
  bool tracked(const State &S, unsigned O) const {
    if (Objs[O].Kind != ObjKind::Alloc && Objs[O].Kind != ObjKind::CondFresh)
      return false;
    auto It = S.Objs.find(O);
    return It != S.Objs.end() && (It->second.Bits & (BOwned | BCond));
  }

  bool isParamObj(unsigned O) const {
    return Objs[O].Kind == ObjKind::Param || Objs[O].Kind == ObjKind::Deep;
  }
  /// Memory the caller passed in: storing into it is an escape.
  bool callerMemory(unsigned L) const {
    return Locs[L].RootObj && isParamObj(Locs[L].RootObj);
  }

  // Expressions.
  LValue lvalueOf(State &S, const Expr *E);
  TargetSet valueOf(State &S, const Expr *E);
  TargetSet read(State &S, unsigned L);
  TargetSet readLValue(State &S, const Expr *E) {
    LValue LV = lvalueOf(S, E);
    TargetSet Out;
    if (!LV.Untracked)
      for (unsigned L : LV.Locs)
        unionInto(Out, read(S, L));
    return Out;
  }

  // Effects.
  void setFate(State &S, unsigned O, const PartEffect &P,
               const std::string &Why);
  void contents(const State &S, unsigned O, TargetSet &Out);
  void locContents(const State &S, unsigned L, TargetSet &Out);
  void eraseHeapLocs(State &S, unsigned O);
  void applyArg(State &S, const TargetSet &V, const ArgEffect &E,
                const std::string &Why);
  void escapeAll(State &S, const TargetSet &V) {
    applyArg(S, V, uniform(PartKind::Escape), "");
  }
  void store(State &S, const LValue &LV, const TargetSet &V,
             const std::string &Name);
  unsigned allocate(State &S, const Stmt *Site, const CallModel &M);

  // Transfer.
  void transferBlock(const CFGBlock *B, State &S);
  void transferStmt(State &S, const Stmt *St);
  void handleCall(State &S, const CallExpr *CE);
  void handleConstruct(State &S, const CXXConstructExpr *CE);
  void handleAssign(State &S, const BinaryOperator *BO);
  void handleDecl(State &S, const VarDecl *V);
  void handleInit(State &S, unsigned L, const Expr *Init, QualType T,
                  const std::string &Name);
  void handleReturn(State &S, const ReturnStmt *RS);
  void checkRealloc(State &S, const BinaryOperator *BO);
  void killFact(State &S, const Expr *E);
  void collect(State &S, const Event &Ev, bool AllLocalsDead = false);
  bool isFull(const Stmt *St) const;

  // Branches.
  const Expr *branchCondition(const CFGBlock *B) const;
  bool refine(State &S, const Expr *C, bool Truth);
  bool applyNull(State &S, const Expr *E, bool IsNull);
  const Expr *nullChecked(const Expr *C, bool &NullWhenTrue) const;

  // Fixpoint.
  bool joinInto(unsigned BlockId, State S);
  static bool joinState(State &Into, const State &From);
  void widen(State &S);
  void report(const State &S, unsigned O, const Event &Ev);
  void emitReports();
  std::optional<std::vector<std::pair<SourceLocation, std::string>>>
  pathNotes(const FoundLeak &L);
  bool ownedOnEdge(const CFGBlock *B, unsigned K, unsigned Obj);
  std::unique_ptr<WitnessSearch> Witness;

  OwnershipAnalysis::Impl &A;
  ASTContext &Ctx;
  SourceManager &SM;
  const FunctionDecl *FD;
  const BodyScan &Scan;
  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<ParentMap> PM; ///< Built on first use (rare).
  llvm::DenseSet<const Stmt *> FullExprs;

  std::vector<ObjInfo> Objs{ObjInfo()}; // Index 0 is the null target.
  llvm::DenseMap<std::pair<const Stmt *, unsigned>, unsigned> SiteObjs;
  std::vector<LocInfo> Locs;
  llvm::DenseMap<std::tuple<const void *, unsigned, unsigned, const void *>,
                 unsigned>
      LocIndex;
  std::vector<unsigned> ParamObjs, DeepObjs; // Per parameter (`this` last).
  unsigned ThisObj = 0;

  std::vector<std::vector<State>> In;
  std::vector<bool> Collapsed;
  llvm::DenseMap<const Stmt *, unsigned> StmtBlock;
  unsigned Steps = 0;
  bool Reporting = false, NoReturnBlock = false, Widened = false;
  const CFGBlock *Current = nullptr;
  unsigned CurrentElem = 0; ///< Elements of Current run so far.
  const ReturnStmt *CurrentReturn = nullptr;
  std::map<unsigned, std::string> Overwritten, FreedContainer, Dropped;
  std::map<unsigned, std::string> LocNames;
  std::string locName(unsigned L) {
    if (auto It = LocNames.find(L); It != LocNames.end())
      return It->second;
    const LocInfo &I = Locs[L];
    if (I.Var)
      return I.Var->getName().str();
    if (I.Parent != ~0u && Locs[I.Parent].Var)
      return locName(I.Parent) +
             (I.Field ? "." + I.Field->getName().str() : std::string("[]"));
    return {};
  }
  std::map<const Stmt *, FoundLeak> Found;
  /// Other loss points of each site, for when every path to the best one
  /// is infeasible (bounded by MaxLossPoints).
  std::map<const Stmt *, std::vector<FoundLeak>> OtherLosses;
  std::vector<std::vector<State>> OutCache;
  std::vector<bool> OutCached;
  bool RetSeen = false;
  std::set<std::string> RetDeallocs;
};

LValue FunctionAnalysis::lvalueOf(State &S, const Expr *E) {
  LValue LV;
  E = E->IgnoreParens();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DR->getDecl());
    if (V && V->hasLocalStorage() && !V->getType()->isReferenceType())
      LV.Locs.push_back(varLoc(V));
    else
      LV.Untracked = true;
    return LV;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || F->getParent()->isUnion()) {
      LV.Untracked = true;
      return LV;
    }
    if (!ME->isArrow()) {
      LValue B = lvalueOf(S, ME->getBase());
      if (B.Untracked)
        return B;
      for (unsigned L : B.Locs)
        LV.Locs.push_back(child(L, F));
      return LV;
    }
    TargetSet Base = valueOf(S, ME->getBase());
    if (Base.empty())
      LV.Untracked = true;
    for (unsigned T : Base) {
      if (isAddr(T))
        LV.Locs.push_back(child(T & ~AddrBit, F));
      else if (isObj(T) && (tracked(S, T) || isParamObj(T)))
        LV.Locs.push_back(child(objRoot(T), F));
      else if (isObj(T))
        LV.Untracked = true;
    }
    return LV;
  }
  const Expr *PtrBase = nullptr;
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    PtrBase = AS->getBase();
  else if (const auto *U = dyn_cast<UnaryOperator>(E);
           U && U->getOpcode() == UO_Deref)
    PtrBase = U->getSubExpr();
  if (PtrBase) {
    TargetSet Base = valueOf(S, PtrBase);
    if (Base.empty())
      LV.Untracked = true;
    for (unsigned T : Base) {
      if (isAddr(T))
        LV.Locs.push_back(T & ~AddrBit);
      else if (isObj(T) && (tracked(S, T) || isParamObj(T)))
        LV.Locs.push_back(child(objRoot(T), nullptr));
      else if (isObj(T))
        LV.Untracked = true;
    }
    return LV;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAssignmentOp())
      return lvalueOf(S, BO->getLHS());
    if (BO->getOpcode() == BO_Comma)
      return lvalueOf(S, BO->getRHS());
  }
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(E))
    if (IC->getCastKind() == CK_NoOp || IC->getCastKind() == CK_LValueBitCast)
      return lvalueOf(S, IC->getSubExpr());
  LV.Untracked = true;
  return LV;
}

TargetSet FunctionAnalysis::read(State &S, unsigned L) {
  auto It = S.Pts.find(L);
  if (It != S.Pts.end())
    return It->second;
  if (callerMemory(L))
    return {DeepObjs[Objs[Locs[L].RootObj].Param]};
  return {};
}

TargetSet FunctionAnalysis::valueOf(State &S, const Expr *E) {
  TargetSet Out;
  if (!E)
    return Out;
  E = E->IgnoreParens();
  if (const auto *FE = dyn_cast<FullExpr>(E))
    return valueOf(S, FE->getSubExpr());
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return valueOf(S, MT->getSubExpr());
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    return valueOf(S, BT->getSubExpr());
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    return OV->getSourceExpr() ? valueOf(S, OV->getSourceExpr()) : Out;
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E)) {
    Out.push_back(NullTarget);
    return Out;
  }
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_LValueToRValue:
      return readLValue(S, CE->getSubExpr());
    case CK_ArrayToPointerDecay: {
      LValue LV = lvalueOf(S, CE->getSubExpr());
      if (!LV.Untracked)
        for (unsigned L : LV.Locs)
          addTarget(Out, AddrBit | child(L, nullptr));
      return Out;
    }
    case CK_NullToPointer:
      Out.push_back(NullTarget);
      return Out;
    case CK_IntegralToPointer:
      if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        Out.push_back(NullTarget);
      return Out;
    case CK_PointerToIntegral:
    case CK_PointerToBoolean:
    case CK_FunctionToPointerDecay:
    case CK_BuiltinFnToFnPtr:
      return Out;
    default:
      if (E->getType()->isPointerType() || E->getType()->isReferenceType())
        return valueOf(S, CE->getSubExpr());
      return Out;
    }
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    switch (U->getOpcode()) {
    case UO_AddrOf: {
      LValue LV = lvalueOf(S, U->getSubExpr());
      if (LV.Untracked)
        return Out;
      for (unsigned L : LV.Locs) {
        if (Locs[L].RootObj)
          addTarget(Out, Locs[L].RootObj); // An interior pointer.
        else
          addTarget(Out, AddrBit | L);
      }
      return Out;
    }
    case UO_PreInc:
    case UO_PreDec:
    case UO_PostInc:
    case UO_PostDec:
      if (E->getType()->isPointerType())
        return readLValue(S, U->getSubExpr());
      return Out;
    default:
      return Out;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAssignmentOp())
      return readLValue(S, BO->getLHS());
    if (BO->getOpcode() == BO_Comma)
      return valueOf(S, BO->getRHS());
    if (BO->isAdditiveOp() && E->getType()->isPointerType())
      return valueOf(S, BO->getLHS()->getType()->isPointerType()
                            ? BO->getLHS()
                            : BO->getRHS());
    return Out;
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    Out = valueOf(S, C->getTrueExpr());
    unionInto(Out, valueOf(S, C->getFalseExpr()));
    return Out;
  }
  if (const auto *C = dyn_cast<BinaryConditionalOperator>(E)) {
    Out = valueOf(S, C->getCommon());
    unionInto(Out, valueOf(S, C->getFalseExpr()));
    return Out;
  }
  if (isa<CXXThisExpr>(E)) {
    if (ThisObj)
      Out.push_back(ThisObj);
    return Out;
  }
  if (isa<IntegerLiteral>(E) &&
      E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
    Out.push_back(NullTarget);
    return Out;
  }
  if (auto It = S.Vals.find(E); It != S.Vals.end())
    return It->second;
  return Out;
}

void FunctionAnalysis::locContents(const State &S, unsigned L,
                                   TargetSet &Out) {
  for (const auto &[K, V] : S.Pts)
    if (isUnder(K, L))
      for (unsigned T : V)
        if (isObj(T) && !llvm::is_contained(Out, T)) {
          addTarget(Out, T);
          contents(S, T, Out);
        }
}

void FunctionAnalysis::contents(const State &S, unsigned O, TargetSet &Out) {
  const ObjInfo &I = Objs[O];
  if (I.Kind == ObjKind::Param || I.Kind == ObjKind::Deep) {
    unsigned D = DeepObjs[I.Param];
    if (!llvm::is_contained(Out, D))
      addTarget(Out, D);
    return;
  }
  for (const auto &[K, V] : S.Pts)
    if (Locs[K].RootObj == O)
      for (unsigned T : V)
        if (isObj(T) && !llvm::is_contained(Out, T)) {
          addTarget(Out, T);
          contents(S, T, Out);
        }
}

void FunctionAnalysis::eraseHeapLocs(State &S, unsigned O) {
  S.Pts.eraseIf([&](const auto &E) { return Locs[E.first].RootObj == O; });
}

void FunctionAnalysis::setFate(State &S, unsigned O, const PartEffect &P,
                               const std::string &Why) {
  if (P.Kind == PartKind::Borrow)
    return;
  auto It = S.Objs.find(O);
  if (It == S.Objs.end())
    return;
  ObjState &St = It->second;
  switch (P.Kind) {
  case PartKind::Borrow:
    return;
  case PartKind::Release:
    St.Bits = (St.Bits & BNull) | BReleased;
    St.Deps.clear();
    for (const auto &[K, V] : S.Pts)
      if (Locs[K].RootObj == O)
        for (unsigned T : V)
          if (isObj(T) && !Why.empty())
            FreedContainer.try_emplace(T, Why);
    eraseHeapLocs(S, O);
    return;
  case PartKind::Escape: {
    St.Bits = (St.Bits & BNull) | BEscaped;
    St.Deps.clear();
    TargetSet In;
    contents(S, O, In);
    for (unsigned T : In)
      if (auto J = S.Objs.find(T); J != S.Objs.end()) {
        J->second.Bits = (J->second.Bits & BNull) | BEscaped;
        J->second.Deps.clear();
      }
    eraseHeapLocs(S, O);
    return;
  }
  case PartKind::Cond:
    if (St.Bits & (BOwned | BBorrowed)) {
      St.Bits = (St.Bits & ~(BOwned | BBorrowed)) | BCond;
      unionInto(St.Deps, P.Deps);
    } else if (St.Bits & BCond) {
      unionInto(St.Deps, P.Deps);
    }
    return;
  }
}

void FunctionAnalysis::applyArg(State &S, const TargetSet &V,
                                const ArgEffect &E, const std::string &Why) {
  for (unsigned T : V) {
    if (T == NullTarget)
      continue;
    if (isAddr(T)) {
      unsigned L = T & ~AddrBit;
      // The address of a local: the callee sees what it holds.
      if (E.Deep.Kind == PartKind::Borrow)
        continue;
      TargetSet In;
      locContents(S, L, In);
      for (unsigned O : In)
        setFate(S, O, E.Deep, "");
      if (E.Deep.Kind != PartKind::Cond) {
        S.Pts.eraseIf([&](const auto &E) { return isUnder(E.first, L); });
      }
      continue;
    }
    if (E.Deep.Kind != PartKind::Borrow) {
      TargetSet In;
      contents(S, T, In);
      for (unsigned O : In)
        setFate(S, O, E.Deep, "");
    }
    setFate(S, T, E.Self, Why);
  }
}

void FunctionAnalysis::store(State &S, const LValue &LV, const TargetSet &V,
                             const std::string &Name) {
  if (LV.Untracked || LV.Locs.empty() ||
      llvm::any_of(LV.Locs, [&](unsigned L) { return callerMemory(L); })) {
    escapeAll(S, V);
    return;
  }
  if (!Name.empty())
    for (unsigned L : LV.Locs)
      LocNames.try_emplace(L, Name);
  if (LV.Locs.size() == 1 && !weak(LV.Locs[0])) {
    unsigned L = LV.Locs[0];
    for (unsigned T : read(S, L))
      if (isObj(T) && !llvm::is_contained(V, T))
        Overwritten[T] = Name.empty() ? Objs[T].LastName : Name;
    if (V.empty())
      S.Pts.erase(L);
    else
      S.Pts[L] = V;
  } else {
    for (unsigned L : LV.Locs)
      if (!V.empty())
        unionInto(S.Pts[L], V);
    for (unsigned T : V)
      if (isObj(T))
        Objs[T].InWeak = true;
  }
  if (!Name.empty())
    for (unsigned T : V)
      if (isObj(T) && (Objs[T].Kind == ObjKind::Alloc ||
                       Objs[T].Kind == ObjKind::CondFresh))
        Objs[T].LastName = Name;
}

unsigned FunctionAnalysis::allocate(State &S, const Stmt *Site,
                                    const CallModel &M) {
  unsigned G0 = siteObj(Site, 0), G1 = siteObj(Site, 1);
  auto Old = S.Objs.find(G0);
  if (Old != S.Objs.end() && Old->second.Bits != BNull) {
    // An earlier iteration's block: it becomes generation 1.
    ObjState St = Old->second;
    if (!Objs[G0].LastName.empty())
      Objs[G1].LastName = Objs[G0].LastName;
    Objs[G1].InWeak |= Objs[G0].InWeak;
    if (auto J = S.Objs.find(G1); J != S.Objs.end()) {
      J->second.Bits |= St.Bits;
      unionInto(J->second.Deps, St.Deps);
    } else {
      S.Objs[G1] = St;
    }
    auto Rename = [&](TargetSet &TS) {
      auto It = std::lower_bound(TS.begin(), TS.end(), G0);
      if (It != TS.end() && *It == G0) {
        TS.erase(It);
        addTarget(TS, G1);
      }
    };
    for (auto &[K, V] : S.Pts)
      Rename(V);
    for (auto &[K, V] : S.Vals)
      Rename(V);
    std::vector<std::pair<unsigned, TargetSet>> Moved;
    for (auto It = S.Pts.begin(); It != S.Pts.end();) {
      if (Locs[It->first].RootObj == G0 && Locs[It->first].Parent != ~0u &&
          Locs[Locs[It->first].Parent].Obj == G0) {
        Moved.push_back({child(objRoot(G1), Locs[It->first].Field),
                         It->second});
        It = S.Pts.erase(It);
      } else if (Locs[It->first].RootObj == G0) {
        It = S.Pts.erase(It); // Deeper paths: dropped (rare).
      } else {
        ++It;
      }
    }
    for (auto &[L, V] : Moved)
      unionInto(S.Pts[L], V);
  }
  ObjInfo &I = Objs[G0];
  I.Kind = M.Ret == CallModel::RetCondFresh ? ObjKind::CondFresh
                                             : ObjKind::Alloc;
  I.AllocName = M.AllocName;
  I.Dealloc = M.Dealloc;
  I.FreshUsrs = M.FreshUsrs;
  Objs[G1].Kind = I.Kind;
  Objs[G1].AllocName = I.AllocName;
  Objs[G1].Dealloc = I.Dealloc;
  Objs[G1].FreshUsrs = I.FreshUsrs;
  ObjState St;
  St.Bits = BOwned | (M.MaybeNull ? BNull : 0);
  S.Objs[G0] = St;
  return G0;
}

bool FunctionAnalysis::isFull(const Stmt *St) const {
  // Statements are full; an expression is when no expression or statement
  // that consumes its value (a declaration, a return) comes after it.
  return !isa<Expr>(St) || FullExprs.contains(St);
}

/// Collects into \p Out the expressions of \p Body whose value nothing
/// consumes: those whose nearest ancestor other than parentheses, implicit
/// casts and full-expression wrappers is not an expression, a declaration or
/// a return. Iterative, for very deep expressions.
static void collectFullExprs(const Stmt *Body,
                             llvm::DenseSet<const Stmt *> &Out) {
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Stack{{Body, false}};
  while (!Stack.empty()) {
    auto [S, Consumed] = Stack.pop_back_val();
    if (isa<Expr>(S) && !Consumed)
      Out.insert(S);
    bool ChildConsumed = isa<FullExpr, ParenExpr, ImplicitCastExpr>(S)
                             ? Consumed
                             : isa<Expr, DeclStmt, ReturnStmt>(S);
    for (const Stmt *C : S->children())
      if (C)
        Stack.push_back({C, ChildConsumed});
  }
}

void FunctionAnalysis::killFact(State &S, const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      S.Facts.erase(V);
}

static std::optional<int64_t> intConstant(const Expr *E, ASTContext &Ctx) {
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

static const VarDecl *factVar(const Expr *E, const BodyScan &Scan,
                              bool AllowPointers = false) {
  const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!DR)
    return nullptr;
  const auto *V = dyn_cast<VarDecl>(DR->getDecl());
  if (!V || !V->hasLocalStorage() ||
      !(V->getType()->isIntegralOrEnumerationType() ||
        (AllowPointers && V->getType()->isPointerType())) ||
      Scan.AddressTaken.count(V))
    return nullptr;
  auto It = Scan.InConditions.find(V);
  if (It == Scan.InConditions.end() || It->second < 2)
    return nullptr;
  return V;
}

void FunctionAnalysis::handleAssign(State &S, const BinaryOperator *BO) {
  if (BO->isCompoundAssignmentOp()) {
    killFact(S, BO->getLHS());
    return;
  }
  if (!BO->isAssignmentOp())
    return;
  const Expr *LHS = BO->getLHS(), *RHS = BO->getRHS();
  if (const VarDecl *V = factVar(LHS, Scan)) {
    if (auto K = intConstant(RHS, Ctx))
      S.Facts[V] = {true, *K};
    else
      S.Facts.erase(V);
  } else {
    killFact(S, LHS);
  }
  if (LHS->getType()->isRecordType()) {
    // A struct copy: pointers inside get a second copy; keep it simple.
    TargetSet V;
    LValue R = lvalueOf(S, RHS);
    if (!R.Untracked)
      for (unsigned L : R.Locs)
        locContents(S, L, V);
    LValue L = lvalueOf(S, LHS);
    if (!L.Untracked)
      for (unsigned Loc : L.Locs)
        locContents(S, Loc, V);
    escapeAll(S, V);
    return;
  }
  if (Reporting)
    checkRealloc(S, BO);
  TargetSet V = valueOf(S, RHS);
  // Names only matter for memory: skip the source lookup for the rest.
  std::string Name;
  if (llvm::any_of(V, isObj))
    Name = textOf(LHS, Ctx);
  store(S, lvalueOf(S, LHS), V, Name);
}

void FunctionAnalysis::handleInit(State &S, unsigned L, const Expr *Init,
                                  QualType T, const std::string &Name) {
  const Expr *E = Init->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    if (IL->isSyntacticForm() && IL->getSemanticForm())
      IL = IL->getSemanticForm();
    if (const auto *RT = T->getAs<RecordType>()) {
      const RecordDecl *RD = RT->getDecl();
      if (RD->isUnion()) {
        for (const Expr *Sub : IL->inits())
          escapeAll(S, valueOf(S, Sub));
        return;
      }
      unsigned I = 0;
      for (const FieldDecl *F : RD->fields()) {
        if (I >= IL->getNumInits())
          break;
        const Expr *Sub = IL->getInit(I++);
        handleInit(S, child(L, F), Sub, F->getType(),
                   Name + "." + F->getName().str());
      }
      return;
    }
    if (T->isArrayType()) {
      QualType ET = Ctx.getAsArrayType(T)->getElementType();
      for (const Expr *Sub : IL->inits())
        handleInit(S, child(L, nullptr), Sub, ET, Name + "[]");
      return;
    }
    if (IL->getNumInits() == 1)
      handleInit(S, L, IL->getInit(0), T, Name);
    return;
  }
  TargetSet V = valueOf(S, Init);
  if (V.empty() && T->isRecordType()) {
    // Copy-initialised from another local struct: escape what it holds.
    LValue R = lvalueOf(S, E);
    if (!R.Untracked)
      for (unsigned Src : R.Locs)
        locContents(S, Src, V);
    escapeAll(S, V);
    return;
  }
  LValue LV;
  LV.Locs.push_back(L);
  store(S, LV, V, Name);
}

void FunctionAnalysis::handleDecl(State &S, const VarDecl *V) {
  if (V->isStaticLocal() || V->hasExternalStorage() || !V->hasLocalStorage()) {
    if (const Expr *Init = V->getInit())
      escapeAll(S, valueOf(S, Init));
    return;
  }
  unsigned L = varLoc(V);
  // A new instance of the variable (a loop body): forget the old one's view.
  S.Pts.eraseIf([&](const auto &E) { return Locs[E.first].RootVar == V; });
  const Expr *Init = V->getInit();
  S.Facts.erase(V);
  if (Init && V->getType()->isIntegralOrEnumerationType()) {
    auto It = Scan.InConditions.find(V);
    if (It != Scan.InConditions.end() && It->second >= 2 &&
        !Scan.AddressTaken.count(V))
      if (auto K = intConstant(Init, Ctx))
        S.Facts[V] = {true, *K};
  }
  if (!Init)
    return;
  if (V->getType()->isReferenceType()) {
    escapeAll(S, valueOf(S, Init));
    return;
  }
  handleInit(S, L, Init, V->getType(), V->getName().str());
}

void FunctionAnalysis::handleReturn(State &S, const ReturnStmt *RS) {
  CurrentReturn = RS;
  const Expr *RV = RS->getRetValue();
  if (!RV)
    return;
  TargetSet V = valueOf(S, RV);
  if (Reporting && FD->getReturnType()->isPointerType()) {
    RetSeen = true;
    if (V.empty())
      Summary.RetOther = true;
    for (unsigned T : V) {
      if (T == NullTarget) {
        Summary.RetNull = true;
        continue;
      }
      if (!isObj(T)) {
        Summary.RetOther = true;
        continue;
      }
      const ObjInfo &I = Objs[T];
      auto It = S.Objs.find(T);
      uint8_t Bits =
          It == S.Objs.end() ? uint8_t(BNull) : It->second.Bits;
      // Fresh only if no path kept a reference elsewhere or released it.
      bool Kept = Bits & (BEscaped | BReleased | BCond);
      if (I.Kind == ObjKind::Alloc && (Bits & BOwned) && !Kept) {
        Summary.RetFresh = true;
        RetDeallocs.insert(I.Dealloc);
        if (Bits & BNull)
          Summary.RetNull = true;
      } else if (I.Kind == ObjKind::CondFresh && (Bits & BOwned) && !Kept) {
        Summary.RetDeps.insert(I.FreshUsrs.begin(), I.FreshUsrs.end());
      } else {
        Summary.RetOther = true;
      }
    }
  }
  escapeAll(S, V);
  if (RV->getType()->isRecordType()) {
    const Expr *E = RV->IgnoreImplicit();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1)
      E = CE->getArg(0)->IgnoreImplicit();
    LValue LV = lvalueOf(S, E);
    if (!LV.Untracked) {
      TargetSet In;
      for (unsigned L : LV.Locs)
        locContents(S, L, In);
      escapeAll(S, In);
    }
  }
}

void FunctionAnalysis::checkRealloc(State &S, const BinaryOperator *BO) {
  const auto *CE = dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenCasts());
  if (!CE || CE->getNumArgs() < 1)
    return;
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || !A.modelFor(Callee, CE).Realloc)
    return;
  const Expr *Old = CE->getArg(0)->IgnoreParenImpCasts();
  const Expr *LHS = BO->getLHS()->IgnoreParenImpCasts();
  if (!sameLValue(LHS, Old))
    return;
  // A local that is not the only reference to a block this function owns
  // (a parameter, an alias of one): on failure the caller still has it.
  LValue LV = lvalueOf(S, LHS);
  if (!LV.Untracked && !llvm::any_of(LV.Locs, [&](unsigned L) {
        return callerMemory(L);
      })) {
    if (LV.Locs.size() != 1)
      return;
    bool OnlyOwner = false;
    for (unsigned T : read(S, LV.Locs[0])) {
      if (!isObj(T) || isParamObj(T))
        return;
      unsigned Refs = 0;
      for (const auto &[K, V] : S.Pts)
        Refs += llvm::is_contained(V, T);
      OnlyOwner = Refs == 1;
    }
    if (!OnlyOwner)
      return;
  }
  // `p = realloc(p, n); if (!p) abort();`: the process ends; nothing leaks.
  if (!PM)
    PM = std::make_unique<ParentMap>(FD->getBody());
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(PM->getParent(BO))) {
    const Stmt *Next = nullptr;
    for (auto It = CS->body_begin(); It != CS->body_end(); ++It)
      if (*It == BO && std::next(It) != CS->body_end())
        Next = *std::next(It);
    if (const auto *If = dyn_cast_or_null<IfStmt>(Next)) {
      bool NullWhenTrue = false;
      const Expr *Checked = nullChecked(If->getCond(), NullWhenTrue);
      const Stmt *Then = If->getThen();
      if (const auto *Body = dyn_cast<CompoundStmt>(Then);
          Body && !Body->body_empty())
        Then = Body->body_back();
      const auto *Call = dyn_cast<CallExpr>(Then);
      if (Checked && NullWhenTrue &&
          sameLValue(Checked, LHS) &&
          Call && Call->getDirectCallee() &&
          Call->getDirectCallee()->isNoReturn())
        return;
    }
  }
  std::string Name = textOf(LHS, Ctx);
  std::string Fn = baseName(Callee->getName()).str();
  if (Name.empty())
    return;
  LeakReport R;
  R.Where = BO->getBeginLoc();
  R.Message = "memory pointed to by '" + Name + "' is leaked if '" + Fn +
              "' fails: '" + Name + "' is overwritten with null";
  R.Notes.push_back(
      {CE->getBeginLoc(), "assign the result of '" + Fn +
                              "' to a temporary pointer and keep '" + Name +
                              "' until the call succeeds"});
  A.addReport(std::move(R));
}

void FunctionAnalysis::handleConstruct(State &S, const CXXConstructExpr *CE) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor || CE->getNumArgs() == 0)
    return;
  if (Ctor->isCopyOrMoveConstructor() && Ctor->isTrivial())
    return;
  CallModel M = A.modelFor(Ctor, nullptr);
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const Expr *Arg = CE->getArg(I);
    ArgEffect E = I < M.Params.size() ? M.Params[I] : M.Rest;
    TargetSet V;
    if (I < Ctor->getNumParams() &&
        Ctor->getParamDecl(I)->getType()->isReferenceType()) {
      LValue LV = lvalueOf(S, Arg);
      if (!LV.Untracked)
        for (unsigned L : LV.Locs)
          addTarget(V, AddrBit | L);
      if (LV.Untracked && E.Deep.Kind != PartKind::Borrow)
        V = valueOf(S, Arg);
    } else {
      V = valueOf(S, Arg);
    }
    applyArg(S, V, E, "");
  }
}

void FunctionAnalysis::handleCall(State &S, const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  const Expr *ThisArg = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    ThisArg = MC->getImplicitObjectArgument();
    Args.append(CE->arg_begin(), CE->arg_end());
  } else if (isa<CXXOperatorCallExpr>(CE) && MD && CE->getNumArgs() > 0) {
    ThisArg = CE->getArg(0);
    Args.append(CE->arg_begin() + 1, CE->arg_end());
  } else {
    Args.append(CE->arg_begin(), CE->arg_end());
  }
  // A virtual call may reach an override we cannot see.
  if (MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !(MD->getParent() && MD->getParent()->hasAttr<FinalAttr>())) {
    const auto *ME = dyn_cast<MemberExpr>(CE->getCallee()->IgnoreParens());
    if (!ME || !ME->hasQualifier())
      Callee = nullptr;
  }

  // std::unique_ptr<T>::release(): the caller owns the pointer again.
  if (MD && MD->getName() == "release" && MD->getParent() &&
      MD->getParent()->isInStdNamespace() &&
      MD->getParent()->getName() == "unique_ptr") {
    CallModel M;
    M.Ret = CallModel::RetFresh;
    M.MaybeNull = true;
    M.AllocName = "release";
    M.Dealloc = "delete";
    S.Vals[CE] = {allocate(S, CE, M)};
    return;
  }

  auto ArgValue = [&](const Expr *Arg, bool ByRef) {
    TargetSet V;
    if (ByRef) {
      LValue LV = lvalueOf(S, Arg);
      if (!LV.Untracked) {
        for (unsigned L : LV.Locs)
          addTarget(V, AddrBit | L);
        return V;
      }
    }
    V = valueOf(S, Arg);
    if (V.empty() && Arg->getType()->isRecordType()) {
      // A struct passed by value: the callee gets copies of its pointers.
      LValue LV = lvalueOf(S, Arg->IgnoreImplicit());
      if (!LV.Untracked)
        for (unsigned L : LV.Locs)
          addTarget(V, AddrBit | L);
    }
    return V;
  };
  // A callee modelled by its summary: when no argument carries anything
  // tracked, its effects on the arguments change nothing here, and its
  // result matters only if it can be fresh memory. Skipping the model then
  // spares computing the summaries of whole call trees (a logging call in
  // an allocator), with the same outcome.
  if (const FunctionDecl *Def = Callee ? A.summarisedDefinition(Callee)
                                       : nullptr;
      Def && !A.hasModel(Callee)) {
    auto Carries = [&](const TargetSet &V) {
      return llvm::any_of(V, [](unsigned T) { return T != NullTarget; });
    };
    bool AnyTracked = ThisArg && Carries(ArgValue(
                                     ThisArg,
                                     !ThisArg->getType()->isPointerType()));
    for (unsigned I = 0; I < Args.size() && !AnyTracked; ++I)
      AnyTracked = Carries(ArgValue(
          Args[I], I < Callee->getNumParams() &&
                       Callee->getParamDecl(I)->getType()->isReferenceType()));
    if (!AnyTracked && (!CE->getType()->isPointerType() ||
                        (!Callee->hasAttr<RestrictAttr>() &&
                         !A.mayAllocate(Def))))
      return;
  }
  CallModel M = A.modelFor(Callee, CE);
  if (!Callee)
    A.modelForPointerVar(CE, M);
  std::string Why;
  if (M.Realloc && !Args.empty()) {
    TargetSet Old = valueOf(S, Args[0]);
    unsigned New = allocate(S, CE, M);
    // The contents move to the new block.
    for (unsigned T : Old)
      if (isObj(T) && T != New) {
        std::vector<std::pair<unsigned, TargetSet>> Moved;
        for (const auto &[K, V] : S.Pts)
          if (Locs[K].RootObj == T && Locs[Locs[K].Parent].Obj == T)
            Moved.push_back({child(objRoot(New), Locs[K].Field), V});
        eraseHeapLocs(S, T);
        for (auto &[L, V] : Moved)
          unionInto(S.Pts[L], V);
        PartEffect Rel;
        Rel.Kind = PartKind::Release;
        setFate(S, T, Rel, "");
      }
    S.Vals[CE] = {New};
    return;
  }
  for (unsigned I = 0; I < Args.size(); ++I) {
    const ArgEffect &E = I < M.Params.size() ? M.Params[I] : M.Rest;
    bool ByRef = Callee && I < Callee->getNumParams() &&
                 Callee->getParamDecl(I)->getType()->isReferenceType();
    if (E.Self.Kind == PartKind::Release)
      Why = textOf(Args[I], Ctx);
    applyArg(S, ArgValue(Args[I], ByRef), E, Why);
  }
  if (ThisArg) {
    bool Pointer = ThisArg->getType()->isPointerType();
    applyArg(S, ArgValue(ThisArg, !Pointer), M.This, "");
  }
  if (M.Ret != CallModel::RetNone && CE->getType()->isPointerType())
    S.Vals[CE] = {allocate(S, CE, M)};
}

void FunctionAnalysis::transferStmt(State &S, const Stmt *St) {
  if (const auto *CE = dyn_cast<CallExpr>(St)) {
    handleCall(S, CE);
  } else if (const auto *CC = dyn_cast<CXXConstructExpr>(St)) {
    handleConstruct(S, CC);
  } else if (const auto *NE = dyn_cast<CXXNewExpr>(St)) {
    const FunctionDecl *OpNew = NE->getOperatorNew();
    bool Replaceable =
        !OpNew || OpNew->isReplaceableGlobalAllocationFunction();
    if (Replaceable) {
      CallModel M;
      M.Ret = CallModel::RetFresh;
      M.MaybeNull = NE->shouldNullCheckAllocation();
      M.AllocName = NE->isArray() ? "new[]" : "new";
      M.Dealloc = NE->isArray() ? "delete[]" : "delete";
      S.Vals[NE] = {allocate(S, NE, M)};
    } else {
      for (const Expr *P : NE->placement_arguments())
        escapeAll(S, valueOf(S, P));
    }
  } else if (const auto *DE = dyn_cast<CXXDeleteExpr>(St)) {
    PartEffect Rel;
    Rel.Kind = PartKind::Release;
    TargetSet V = valueOf(S, DE->getArgument());
    std::string Why = textOf(DE->getArgument(), Ctx);
    for (unsigned T : V)
      if (isObj(T))
        setFate(S, T, Rel, Why);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
    handleAssign(S, BO);
  } else if (const auto *U = dyn_cast<UnaryOperator>(St)) {
    if (U->isIncrementDecrementOp())
      killFact(S, U->getSubExpr());
  } else if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        handleDecl(S, V);
  } else if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
    handleReturn(S, RS);
  } else if (const auto *C = dyn_cast<CastExpr>(St)) {
    if (C->getCastKind() == CK_PointerToIntegral)
      escapeAll(S, valueOf(S, C->getSubExpr()));
  } else if (const auto *L = dyn_cast<LambdaExpr>(St)) {
    for (const LambdaCapture &Cap : L->captures())
      if (Cap.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(Cap.getCapturedVar())) {
          TargetSet In;
          locContents(S, varLoc(V), In);
          escapeAll(S, In);
        }
  } else if (const auto *T = dyn_cast<CXXThrowExpr>(St)) {
    if (T->getSubExpr())
      escapeAll(S, valueOf(S, T->getSubExpr()));
  } else if (const auto *AS = dyn_cast<AsmStmt>(St)) {
    for (const Expr *E : AS->inputs())
      escapeAll(S, valueOf(S, E));
  }
  if (isFull(St)) {
    Event Ev;
    Ev.Loc = St->getBeginLoc();
    collect(S, Ev);
  }
}

void FunctionAnalysis::collect(State &S, const Event &Ev, bool AllLocalsDead) {
  bool Any = false;
  for (const auto &[O, St] : S.Objs)
    if (Objs[O].Kind == ObjKind::Alloc || Objs[O].Kind == ObjKind::CondFresh)
      Any = true;
  if (Any) {
    S.Vals.clear();
    llvm::DenseSet<unsigned> Live;
    llvm::SmallVector<unsigned, 8> Work;
    auto Mark = [&](unsigned T) {
      if (isObj(T) && Live.insert(T).second)
        Work.push_back(T);
    };
    for (const auto &[K, V] : S.Pts)
      if (Locs[K].RootVar && !AllLocalsDead)
        for (unsigned T : V)
          Mark(T);
    for (const auto &[E, V] : S.Vals)
      for (unsigned T : V)
        Mark(T);
    while (!Work.empty()) {
      unsigned O = Work.pop_back_val();
      for (const auto &[K, V] : S.Pts)
        if (Locs[K].RootObj == O)
          for (unsigned T : V)
            Mark(T);
    }
    std::vector<unsigned> Dead;
    for (const auto &[O, St] : S.Objs)
      if ((Objs[O].Kind == ObjKind::Alloc ||
           Objs[O].Kind == ObjKind::CondFresh) &&
          !Live.count(O))
        Dead.push_back(O);
    for (unsigned O : Dead)
      report(S, O, Ev);
    for (unsigned O : Dead) {
      S.Objs.erase(O);
      eraseHeapLocs(S, O);
    }
    for (auto &[K, V] : S.Pts)
      V.erase(std::remove_if(V.begin(), V.end(),
                             [&](unsigned T) {
                               return isObj(T) && !S.Objs.count(T) &&
                                      Objs[T].Kind != ObjKind::Param &&
                                      Objs[T].Kind != ObjKind::Deep;
                             }),
              V.end());
  } else {
    S.Vals.clear();
  }
  Overwritten.clear();
  FreedContainer.clear();
  Dropped.clear();
}

void FunctionAnalysis::report(const State &S, unsigned O, const Event &Ev) {
  if (!Reporting || NoReturnBlock)
    return;
  const ObjInfo &I = Objs[O];
  auto It = S.Objs.find(O);
  if (It == S.Objs.end())
    return;
  const ObjState &St = It->second;
  bool Definite = St.Bits & BOwned;
  bool Cond = !Definite && (St.Bits & BCond);
  if (!Definite && !Cond)
    return;
  // Smashed array elements released on some path: which elements a loop
  // freed is beyond this analysis; stay silent rather than guess.
  if (I.InWeak && (St.Bits & (BReleased | BEscaped)))
    return;
  FoundLeak L;
  L.Obj = O;
  L.Block = Current->getBlockID();
  L.Elem = CurrentElem;
  L.Where = Ev.Loc;
  L.Conditional = Cond || I.Kind == ObjKind::CondFresh;
  L.FreshDeps = I.FreshUsrs;
  if (Cond)
    for (unsigned D : St.Deps)
      L.UnlessDeps.push_back(A.DepNames[D]);
  // Name the memory after the location that last held it on this path.
  std::string Name;
  if (auto D = Dropped.find(O); D != Dropped.end())
    Name = D->second;
  for (const auto &[K, V] : S.Pts)
    if (Name.empty() && Locs[K].RootVar && llvm::is_contained(V, O))
      Name = locName(K);
  if (Name.empty())
    Name = I.LastName;
  std::string Suffix =
      I.Dealloc.empty() ? "" : "; release it with '" + I.Dealloc + "' first";
  if (auto W = Overwritten.find(O); W != Overwritten.end() && !W->second.empty())
    L.Message = "memory pointed to by '" + W->second +
                "' is leaked when '" + W->second + "' is overwritten" + Suffix;
  else if (Name.empty())
    L.Message = "memory allocated by '" + I.AllocName +
                "' is leaked: the result is never stored or released";
  else if (auto F = FreedContainer.find(O);
           F != FreedContainer.end() && !F->second.empty())
    L.Message = "memory pointed to by '" + Name + "' is leaked when '" +
                F->second + "' is released" + Suffix;
  else if (Ev.Kind == EventKind::Return)
    L.Message = "memory pointed to by '" + Name +
                "' is leaked when the function returns" + Suffix;
  else if (Ev.Kind == EventKind::Scope)
    L.Message = "memory pointed to by '" + Name + "' is leaked when '" +
                Ev.Var + "' goes out of scope" + Suffix;
  else
    L.Message =
        "memory pointed to by '" + Name + "' is leaked: its last reference "
                                          "is lost here" + Suffix;
  const Stmt *Site = I.Site;
  std::vector<FoundLeak> &Others = OtherLosses[Site];
  if (Others.size() < MaxLossPoints &&
      llvm::none_of(Others, [&](const FoundLeak &O) {
        return O.Block == L.Block && O.Elem == L.Elem;
      }))
    Others.push_back(L);
  auto [F, New] = Found.try_emplace(Site, L);
  if (New)
    return;
  FoundLeak &Old = F->second;
  bool Better = false;
  if (Old.Conditional != L.Conditional)
    Better = !L.Conditional;
  else if (L.Where != Old.Where)
    Better = SM.isBeforeInTranslationUnit(L.Where, Old.Where);
  if (Better)
    Old = L;
}

const Expr *FunctionAnalysis::nullChecked(const Expr *C,
                                          bool &NullWhenTrue) const {
  C = C->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C);
      U && U->getOpcode() == UO_LNot) {
    const Expr *E = nullChecked(U->getSubExpr(), NullWhenTrue);
    NullWhenTrue = !NullWhenTrue;
    return E;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(C);
      BO && BO->isEqualityOp()) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    auto IsNull = [&](const Expr *E) {
      return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
    };
    const Expr *P = IsNull(R) ? L : IsNull(L) ? R : nullptr;
    if (!P || !P->IgnoreParenImpCasts()->getType()->isPointerType())
      return nullptr;
    NullWhenTrue = BO->getOpcode() == BO_EQ;
    return P;
  }
  if (C->getType()->isPointerType()) {
    NullWhenTrue = false;
    return C;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(C);
      BO && BO->isAssignmentOp() && BO->getType()->isPointerType()) {
    NullWhenTrue = false;
    return C;
  }
  return nullptr;
}

bool FunctionAnalysis::applyNull(State &S, const Expr *E, bool IsNull) {
  E = E->IgnoreParenImpCasts();
  TargetSet V = E->isGLValue() ? readLValue(S, E) : valueOf(S, E);
  LValue LV = lvalueOf(S, E);
  std::optional<unsigned> Single;
  if (!LV.Untracked && LV.Locs.size() == 1 && !weak(LV.Locs[0]))
    Single = LV.Locs[0];
  TargetSet Real;
  bool HasNull = false, HasAddr = false;
  for (unsigned T : V) {
    if (T == NullTarget)
      HasNull = true;
    else if (isAddr(T))
      HasAddr = true;
    else
      Real.push_back(T);
  }
  if (V.empty())
    return true;
  auto RefCount = [&](unsigned O) {
    unsigned N = 0;
    for (const auto &[K, TS] : S.Pts)
      N += llvm::is_contained(TS, O);
    return N;
  };
  if (IsNull) {
    bool Feasible = HasNull;
    for (unsigned O : Real) {
      auto It = S.Objs.find(O);
      if (It == S.Objs.end() || (It->second.Bits & BNull))
        Feasible = true;
    }
    if (!Feasible)
      return false;
    for (unsigned O : Real) {
      auto It = S.Objs.find(O);
      if (It == S.Objs.end())
        continue;
      if (Real.size() == 1 || RefCount(O) <= 1) {
        if (Objs[O].Kind == ObjKind::Alloc ||
            Objs[O].Kind == ObjKind::CondFresh) {
          // On this path the block does not exist, nor what it holds.
          TargetSet In;
          contents(S, O, In);
          S.Objs.erase(It);
          eraseHeapLocs(S, O);
          for (unsigned C : In)
            if (C != O && (Objs[C].Kind == ObjKind::Alloc ||
                           Objs[C].Kind == ObjKind::CondFresh)) {
              S.Objs.erase(C);
              eraseHeapLocs(S, C);
            }
        } else if (Real.size() == 1) {
          // The caller's memory: null here only if it is all the pointer
          // may hold. (A list walk's cursor holds the parameter and what
          // it links to; its end says nothing of the parameter's fate.)
          It->second.Bits = BNull;
          It->second.Deps.clear();
        }
      }
    }
    if (Single)
      S.Pts[*Single] = {NullTarget};
    return true;
  }
  if (Real.empty() && !HasAddr)
    return false;
  if (Real.size() == 1 && !HasAddr) {
    auto It = S.Objs.find(Real[0]);
    if (It != S.Objs.end() && (It->second.Bits & ~BNull))
      It->second.Bits &= ~BNull;
  }
  if (Single && HasNull) {
    TargetSet &P = S.Pts[*Single];
    P.erase(std::remove(P.begin(), P.end(), NullTarget), P.end());
  }
  return true;
}

bool FunctionAnalysis::refine(State &S, const Expr *C, bool Truth) {
  C = C->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C);
      U && U->getOpcode() == UO_LNot)
    return refine(S, U->getSubExpr(), !Truth);
  bool NullWhenTrue = false;
  const VarDecl *V = nullptr;
  IntFact New{false, 0};
  bool Known = false;
  if (const Expr *P = nullChecked(C, NullWhenTrue)) {
    bool IsNull = NullWhenTrue == Truth;
    if (!applyNull(S, P, IsNull))
      return false;
    // A pointer tested twice (`if (!ins) e = &slot; else e = malloc(n);
    // ... if (ins) ins->next = e;`): remember which way it went.
    V = factVar(P, Scan, /*AllowPointers=*/true);
    if (!V || !V->getType()->isPointerType())
      return true;
    New = {IsNull, 0};
    Known = true;
  } else if (const auto *BO = dyn_cast<BinaryOperator>(C);
             BO && BO->isEqualityOp()) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    std::optional<int64_t> K;
    if ((V = factVar(L, Scan)))
      K = intConstant(R, Ctx);
    else if ((V = factVar(R, Scan)))
      K = intConstant(L, Ctx);
    if (!V || !K)
      return true;
    bool Eq = (BO->getOpcode() == BO_EQ) == Truth;
    New = {Eq, *K};
    Known = true;
  } else if ((V = factVar(C, Scan))) {
    New = {!Truth, 0};
    Known = true;
  }
  if (!Known)
    return true;
  auto It = S.Facts.find(V);
  if (It != S.Facts.end()) {
    const IntFact &Old = It->second;
    if (Old.Eq && New.Eq)
      return Old.Value == New.Value;
    if (Old.Eq && !New.Eq)
      return Old.Value != New.Value; // Keep the stronger fact.
    if (!Old.Eq && New.Eq && Old.Value == New.Value)
      return false;
  }
  if (It == S.Facts.end() || New.Eq)
    S.Facts[V] = New;
  return true;
}

const Expr *FunctionAnalysis::branchCondition(const CFGBlock *B) const {
  const Stmt *T = B->getTerminatorStmt();
  if (!T || isa<SwitchStmt>(T))
    return nullptr;
  const Expr *C =
      dyn_cast_or_null<Expr>(B->getTerminatorCondition(/*StripParens=*/true));
  while (C) {
    const auto *BO = dyn_cast<BinaryOperator>(C->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    C = BO->getRHS()->IgnoreParens();
  }
  return C;
}

bool FunctionAnalysis::joinState(State &Into, const State &From) {
  auto Union = [](TargetSet &A, const TargetSet &B) { return unionInto(A, B); };
  auto Keep = [](TargetSet &) { return false; };
  auto Copy = [](const TargetSet &B) { return B; };
  bool Changed = Into.Pts.mergeFrom(From.Pts, Union, Keep, Copy);
  // An object absent on one side does not exist on those paths: null.
  Changed |= Into.Objs.mergeFrom(
      From.Objs,
      [](ObjState &A, const ObjState &B) {
        bool C = (A.Bits | B.Bits) != A.Bits;
        A.Bits |= B.Bits;
        return unionInto(A.Deps, B.Deps) || C;
      },
      [](ObjState &A) {
        if (A.Bits & BNull)
          return false;
        A.Bits |= BNull;
        return true;
      },
      [](const ObjState &B) {
        ObjState N = B;
        N.Bits |= BNull;
        return N;
      });
  Changed |= Into.Vals.mergeFrom(From.Vals, Union, Keep, Copy);
  return Changed;
}

void FunctionAnalysis::widen(State &S) {
  for (auto &[O, St] : S.Objs)
    if ((Objs[O].Kind == ObjKind::Alloc ||
         Objs[O].Kind == ObjKind::CondFresh) &&
        (St.Bits & (BOwned | BCond))) {
      St.Bits = (St.Bits & ~(BOwned | BCond)) | BEscaped;
      St.Deps.clear();
    }
}

bool FunctionAnalysis::joinInto(unsigned BlockId, State S) {
  std::vector<State> &Vec = In[BlockId];
  if (Collapsed[BlockId])
    S.Facts.clear();
  for (State &D : Vec)
    if (D.Facts == S.Facts)
      return joinState(D, S);
  Vec.push_back(std::move(S));
  if (Vec.size() > MaxDisjuncts) {
    State M = Vec[0];
    M.Facts.clear();
    for (size_t I = 1; I < Vec.size(); ++I)
      joinState(M, Vec[I]);
    Vec.clear();
    Vec.push_back(std::move(M));
    Collapsed[BlockId] = true;
  }
  return true;
}

void FunctionAnalysis::transferBlock(const CFGBlock *B, State &S) {
  Current = B;
  CurrentReturn = nullptr;
  NoReturnBlock = B->hasNoReturnElement();
  CurrentElem = 0;
  for (const CFGElement &E : *B) {
    ++Steps;
    ++CurrentElem;
    if (auto CS = E.getAs<CFGStmt>()) {
      transferStmt(S, CS->getStmt());
    } else if (auto LE = E.getAs<CFGLifetimeEnds>()) {
      const VarDecl *V = LE->getVarDecl();
      unsigned L = varLoc(V);
      if (V->hasAttr<CleanupAttr>()) {
        TargetSet In;
        locContents(S, L, In);
        PartEffect Rel;
        Rel.Kind = PartKind::Release;
        for (unsigned O : In)
          setFate(S, O, Rel, "");
      }
      for (auto It = S.Pts.begin(); It != S.Pts.end();)
        if (Locs[It->first].RootVar == V) {
          for (unsigned T : It->second)
            if (isObj(T))
              Dropped.try_emplace(T, locName(It->first));
          It = S.Pts.erase(It);
        } else {
          ++It;
        }
      S.Facts.erase(V);
      Event Ev;
      if (CurrentReturn) {
        Ev.Kind = EventKind::Return;
        Ev.Loc = CurrentReturn->getBeginLoc();
      } else {
        Ev.Kind = EventKind::Scope;
        Ev.Var = V->getName().str();
        const Stmt *Trigger = LE->getTriggerStmt();
        if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Trigger))
          Ev.Loc = CS->getRBracLoc();
        else if (Trigger)
          Ev.Loc = Trigger->getBeginLoc();
        else
          Ev.Loc = V->getLocation();
      }
      collect(S, Ev);
    } else if (auto CF = E.getAs<CFGCleanupFunction>()) {
      TargetSet In;
      locContents(S, varLoc(CF->getVarDecl()), In);
      PartEffect Rel;
      Rel.Kind = PartKind::Release;
      for (unsigned O : In)
        setFate(S, O, Rel, "");
    }
  }
  bool ToExit = false;
  for (const CFGBlock::AdjacentBlock &Succ : B->succs())
    if (Succ.getReachableBlock() == &Cfg->getExit())
      ToExit = true;
  if (ToExit && B != &Cfg->getEntry()) {
    Event Ev;
    Ev.Kind = EventKind::Return;
    if (CurrentReturn)
      Ev.Loc = CurrentReturn->getBeginLoc();
    else if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody()))
      Ev.Loc = Body->getRBracLoc();
    else
      Ev.Loc = FD->getBody()->getEndLoc();
    collect(S, Ev, /*AllLocalsDead=*/true);
  }
}

bool FunctionAnalysis::ownedOnEdge(const CFGBlock *B, unsigned K,
                                   unsigned Obj) {
  const ObjInfo &I = Objs[Obj];
  unsigned G0 = siteObj(I.Site, 0), G1 = siteObj(I.Site, 1);
  auto &Outs = OutCache[B->getBlockID()];
  if (!OutCached[B->getBlockID()]) {
    OutCached[B->getBlockID()] = true;
    for (State S : In[B->getBlockID()]) {
      transferBlock(B, S);
      Outs.push_back(std::move(S));
    }
  }
  const Expr *C = B->succ_size() == 2 ? branchCondition(B) : nullptr;
  for (const State &Out : Outs) {
    State S = Out;
    if (C && !refine(S, C, K == 0))
      continue;
    for (unsigned O : {G0, G1})
      if (auto It = S.Objs.find(O);
          It != S.Objs.end() && (It->second.Bits & (BOwned | BCond)))
        return true;
  }
  return false;
}

std::optional<std::vector<std::pair<SourceLocation, std::string>>>
FunctionAnalysis::pathNotes(const FoundLeak &L) {
  std::vector<std::pair<SourceLocation, std::string>> Notes;
  const ObjInfo &I = Objs[L.Obj];
  Notes.push_back({I.Site->getBeginLoc(),
                   "memory allocated here by '" + I.AllocName + "'"});
  if (StmtBlock.empty()) // Only reports need it.
    for (const CFGBlock *B : *Cfg)
      for (const CFGElement &E : *B)
        if (auto CS = E.getAs<CFGStmt>())
          StmtBlock.try_emplace(CS->getStmt(), B->getBlockID());
  auto SiteIt = StmtBlock.find(I.Site);
  if (SiteIt == StmtBlock.end())
    return Notes;
  unsigned From = SiteIt->second, To = L.Block;
  auto Holds = [&](const CFGBlock *B, unsigned K) {
    return ownedOnEdge(B, K, L.Obj);
  };
  // A witness the program can take (Feasibility.h); none: no report.
  if (!Witness)
    Witness = std::make_unique<WitnessSearch>(Ctx, FD, *Cfg);
  WitnessQuery WQ;
  WQ.Site = I.Site;
  WQ.LossBlock = To;
  WQ.LossElement = L.Elem;
  WQ.Owned = Holds;
  auto IsAllocation = [&](const Expr *E) {
    return SiteObjs.count({E, 0u}) != 0;
  };
  WQ.IsAllocation = IsAllocation;
  WitnessResult WR = Witness->find(WQ);
  if (WR.Verdict == WitnessResult::Unchecked && !A.SolverNoted) {
    A.SolverNoted = true;
    A.addLimit(FD, "had its leak paths reported unchecked: this LLVM was "
                   "built without the Z3 solver, so no path is refuted");
  }
  if (WR.Verdict == WitnessResult::Infeasible)
    return std::nullopt;
  std::vector<const CFGBlock *> ById(Cfg->getNumBlockIDs(), nullptr);
  for (const CFGBlock *Blk : *Cfg)
    ById[Blk->getBlockID()] = Blk;
  std::vector<unsigned> Path;
  if (WR.Verdict == WitnessResult::Feasible) {
    Path = WR.Path;
  } else {
    // Breadth-first from the allocation to the leak, through blocks where the
    // memory is still owned: the shortest such path.
    std::vector<int> Prev(Cfg->getNumBlockIDs(), -1);
    std::vector<bool> Seen(Cfg->getNumBlockIDs(), false);
    std::vector<unsigned> Queue{From};
    Seen[From] = true;
    bool Reached = From == To;
    for (size_t Q = 0; Q < Queue.size() && !Reached; ++Q) {
      const CFGBlock *Blk = ById[Queue[Q]];
      if (!Blk)
        continue;
      unsigned K = 0;
      for (const CFGBlock::AdjacentBlock &Succ : Blk->succs()) {
        const CFGBlock *N = Succ.getReachableBlock();
        unsigned Edge = K++;
        if (!N || Seen[N->getBlockID()])
          continue;
        if (!Holds(Blk, Edge))
          continue;
        Seen[N->getBlockID()] = true;
        Prev[N->getBlockID()] = Queue[Q];
        if (N->getBlockID() == To) {
          Reached = true;
          break;
        }
        Queue.push_back(N->getBlockID());
      }
    }
    if (!Reached || From == To)
      return Notes;
    for (int B = To; B != -1; B = Prev[B])
      Path.push_back(B);
    std::reverse(Path.begin(), Path.end());
  }
  std::vector<std::pair<SourceLocation, std::string>> Branches;
  for (size_t K = 0; K + 1 < Path.size(); ++K) {
    const CFGBlock *X = ById[Path[K]];
    if (!X || X->succ_size() != 2)
      continue;
    const CFGBlock *T = X->succ_begin()->getReachableBlock();
    const CFGBlock *F = (X->succ_begin() + 1)->getReachableBlock();
    if (!T || !F || T == F)
      continue;
    const Expr *C = branchCondition(X);
    if (!C)
      continue;
    bool Truth = T->getBlockID() == Path[K + 1];
    bool NullWhenTrue = false;
    std::string Msg;
    if (const Expr *P = nullChecked(C, NullWhenTrue);
        P && !textOf(P, Ctx).empty())
      Msg = "assuming '" + textOf(P, Ctx) + "' is " +
            (NullWhenTrue == Truth ? "null" : "not null");
    else
      Msg = std::string("assuming the condition is ") +
            (Truth ? "true" : "false");
    Branches.push_back({C->getBeginLoc(), Msg});
  }
  if (Branches.size() > MaxNotes)
    Branches.erase(Branches.begin(), Branches.end() - MaxNotes);
  Notes.insert(Notes.end(), Branches.begin(), Branches.end());
  return Notes;
}

void FunctionAnalysis::emitReports() {
  OutCache.assign(Cfg->getNumBlockIDs(), {});
  OutCached.assign(Cfg->getNumBlockIDs(), false);
  std::vector<FoundLeak> All;
  for (auto &[Site, L] : Found)
    All.push_back(L);
  std::sort(All.begin(), All.end(), [&](const FoundLeak &X, const FoundLeak &Y) {
    if (X.Where != Y.Where)
      return SM.isBeforeInTranslationUnit(X.Where, Y.Where);
    return X.Message < Y.Message;
  });
  for (const FoundLeak &Best : All) {
    // The best loss point first; if no path the program can take reaches
    // it, the site's other loss points in the same order.
    const FoundLeak *L = &Best;
    auto Notes = pathNotes(Best);
    if (!Notes) {
      const Stmt *Site = Objs[Best.Obj].Site;
      std::vector<FoundLeak> &Others = OtherLosses[Site];
      std::stable_sort(Others.begin(), Others.end(),
                       [&](const FoundLeak &X, const FoundLeak &Y) {
                         if (X.Conditional != Y.Conditional)
                           return !X.Conditional;
                         return X.Where != Y.Where &&
                                SM.isBeforeInTranslationUnit(X.Where, Y.Where);
                       });
      for (const FoundLeak &O : Others) {
        if (O.Block == Best.Block && O.Elem == Best.Elem)
          continue;
        if ((Notes = pathNotes(O))) {
          L = &O;
          break;
        }
      }
    }
    if (!Notes) {
      A.addLimit(FD, "had a leak candidate dropped (memory allocated at line " +
                         std::to_string(SM.getPresumedLineNumber(
                             Objs[Best.Obj].Site->getBeginLoc())) +
                         "): every path to its loss was proved infeasible");
      continue;
    }
    LeakReport R;
    R.Where = L->Where;
    R.Message = L->Message;
    R.Notes = std::move(*Notes);
    R.Conditional = L->Conditional;
    R.FreshDeps = L->FreshDeps;
    R.UnlessDeps = L->UnlessDeps;
    std::sort(R.UnlessDeps.begin(), R.UnlessDeps.end());
    A.addReport(std::move(R));
  }
}

bool FunctionAnalysis::run() {
  CFG::BuildOptions BO;
  BO.AddLifetime = true;
  BO.AddInitializers = false;
  BO.AddImplicitDtors = false;
  BO.setAllAlwaysAdd();
  Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, BO);
  if (!Cfg) {
    A.addLimit(FD, "was given up: no control-flow graph could be built");
    return false;
  }
  unsigned NumElements = 0;
  for (const CFGBlock *B : *Cfg)
    NumElements += B->size();
  if (NumElements > MaxElements) {
    A.addLimit(FD, "was given up: its control-flow graph has " +
                       std::to_string(NumElements) + " elements (limit " +
                       std::to_string(MaxElements) +
                       "); no leak is reported in it");
    return false;
  }
  collectFullExprs(FD->getBody(), FullExprs);
  bool ReturnsPointer = FD->getReturnType()->isPointerType();
  llvm::DenseSet<unsigned> ReturnBlocks;
  for (const CFGBlock *B : *Cfg)
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>(); CS && isa<ReturnStmt>(CS->getStmt()))
        ReturnBlocks.insert(B->getBlockID());

  // The entry state: each pointer parameter points to its param object.
  State Entry;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  unsigned NP = FD->getNumParams() + (MD && MD->isInstance() ? 1 : 0);
  for (unsigned I = 0; I < NP; ++I) {
    ObjInfo P;
    P.Kind = ObjKind::Param;
    P.Param = I;
    ParamObjs.push_back(newObjInfo(P));
    ObjInfo D;
    D.Kind = ObjKind::Deep;
    D.Param = I;
    DeepObjs.push_back(newObjInfo(D));
    Entry.Objs[ParamObjs.back()].Bits = BBorrowed | BNull;
    Entry.Objs[DeepObjs.back()].Bits = BBorrowed | BNull;
    if (I < FD->getNumParams()) {
      const ParmVarDecl *PV = FD->getParamDecl(I);
      if (PV->getType()->isPointerType())
        Entry.Pts[varLoc(PV)] = {ParamObjs.back()};
    } else {
      ThisObj = ParamObjs.back();
    }
  }

  // Reverse post-order.
  std::vector<const CFGBlock *> Order;
  {
    std::vector<bool> Seen(Cfg->getNumBlockIDs(), false);
    std::vector<std::pair<const CFGBlock *, unsigned>> Stack;
    Stack.push_back({&Cfg->getEntry(), 0});
    Seen[Cfg->getEntry().getBlockID()] = true;
    while (!Stack.empty()) {
      auto &[B, I] = Stack.back();
      if (I < B->succ_size()) {
        const CFGBlock *N = (B->succ_begin() + I)->getReachableBlock();
        ++I;
        if (N && !Seen[N->getBlockID()]) {
          Seen[N->getBlockID()] = true;
          Stack.push_back({N, 0});
        }
        continue;
      }
      Order.push_back(B);
      Stack.pop_back();
    }
    std::reverse(Order.begin(), Order.end());
  }
  std::vector<unsigned> Rank(Cfg->getNumBlockIDs(), ~0u);
  for (unsigned I = 0; I < Order.size(); ++I)
    Rank[Order[I]->getBlockID()] = I;

  In.assign(Cfg->getNumBlockIDs(), {});
  Collapsed.assign(Cfg->getNumBlockIDs(), false);
  std::vector<unsigned> Visits(Cfg->getNumBlockIDs(), 0);
  In[Cfg->getEntry().getBlockID()].push_back(Entry);

  // Hands the state out of \p B to its successors; the last one that
  // takes it gets \p Out itself, the others a copy.
  auto Propagate = [&](const CFGBlock *B, State &Out,
                       std::set<unsigned> &Work) {
    const Expr *C = B->succ_size() == 2 ? branchCondition(B) : nullptr;
    llvm::SmallVector<std::pair<unsigned, unsigned>, 2> Targets; // Id, edge.
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *N = Succ.getReachableBlock();
      unsigned K = Index++;
      if (N && Rank[N->getBlockID()] != ~0u)
        Targets.push_back({N->getBlockID(), K});
    }
    for (size_t T = 0; T < Targets.size(); ++T) {
      auto [Id, K] = Targets[T];
      State S2 = T + 1 == Targets.size() ? std::move(Out) : State(Out);
      if (C && !refine(S2, C, K == 0))
        continue;
      if (Visits[Id] >= MaxVisits) {
        if (!Widened) {
          Widened = true;
          A.addLimit(FD, "was widened: a loop did not settle in " +
                             std::to_string(MaxVisits) +
                             " passes; memory still owned there is taken "
                             "as kept, not leaked");
        }
        widen(S2);
      }
      if (joinInto(Id, std::move(S2))) {
        if (Visits[Id] >= MaxVisits)
          for (State &D : In[Id])
            widen(D);
        Work.insert(Rank[Id]);
      }
    }
  };

  std::set<unsigned> Work{Rank[Cfg->getEntry().getBlockID()]};
  while (!Work.empty()) {
    unsigned R = *Work.begin();
    Work.erase(Work.begin());
    const CFGBlock *B = Order[R];
    ++Visits[B->getBlockID()];
    // A snapshot: propagating may join into this very block (a loop).
    std::vector<State> Ins = In[B->getBlockID()];
    for (State &S : Ins) {
      transferBlock(B, S);
      Propagate(B, S, Work);
    }
    if (Steps > MaxSteps) {
      A.addLimit(FD, "was given up: its fixpoint took more than " +
                         std::to_string(MaxSteps) +
                         " steps; no leak is reported in it");
      return false;
    }
  }

  // The reporting pass over the fixpoint. Each block starts from its own
  // fixpoint state, so blocks can be skipped independently: without any
  // allocation there is nothing to report, and only the blocks that return
  // a pointer add to the summary.
  bool AnyAllocation = !SiteObjs.empty();
  Reporting = true;
  for (const CFGBlock *B : Order) {
    if (!AnyAllocation &&
        !(ReturnsPointer && ReturnBlocks.contains(B->getBlockID())))
      continue;
    for (State S : In[B->getBlockID()])
      transferBlock(B, S);
  }
  Reporting = false;

  // The summary.
  Summary.Name = FD->getQualifiedNameAsString();
  State ExitState;
  for (const State &S : In[Cfg->getExit().getBlockID()])
    joinState(ExitState, S);
  for (unsigned I = 0; I < NP; ++I) {
    ParamEffect PE;
    auto Fill = [&](unsigned O, EffectDeps &E) {
      auto It = ExitState.Objs.find(O);
      if (It == ExitState.Objs.end())
        return;
      if (It->second.Bits & (BReleased | BEscaped))
        E.Takes = true;
      else if (It->second.Bits & BCond)
        for (unsigned D : It->second.Deps)
          E.Deps.insert(A.DepNames[D]);
    };
    Fill(ParamObjs[I], PE.Self);
    Fill(DeepObjs[I], PE.Deep);
    if (I < FD->getNumParams()) {
      QualType T = FD->getParamDecl(I)->getType();
      if (T->isReferenceType() || T->isRecordType()) {
        PE.Deep.Takes = true; // Not modelled: assume it may be kept.
        PE.Deep.Deps.clear();
      }
    }
    Summary.Params.push_back(PE);
  }
  if (RetDeallocs.size() == 1)
    Summary.Dealloc = *RetDeallocs.begin();
  if (!RetSeen && FD->getReturnType()->isPointerType())
    Summary.RetOther = true;
  emitReports();
  return true;
}

} // namespace

//===----------------------------------------------------------------------===//

const OwnershipSummary *
OwnershipAnalysis::Impl::summaryFor(const FunctionDecl *Def) {
  Def = Def->getCanonicalDecl();
  if (auto It = Summaries.find(Def); It != Summaries.end())
    return &It->second;
  if (Visiting.count(Def))
    return nullptr;
  analyse(Def, /*OnDemand=*/true);
  auto It = Summaries.find(Def);
  return It == Summaries.end() ? nullptr : &It->second;
}

static OwnershipSummary conservativeSummary(const FunctionDecl *FD) {
  OwnershipSummary S;
  S.Name = FD->getQualifiedNameAsString();
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  unsigned NP = FD->getNumParams() + (MD && MD->isInstance() ? 1 : 0);
  for (unsigned I = 0; I < NP; ++I) {
    ParamEffect P;
    P.Self.Takes = P.Deep.Takes = true;
    S.Params.push_back(P);
  }
  S.RetOther = FD->getReturnType()->isPointerType();
  return S;
}

OwnershipAnalysis::Impl::CallAlloc
OwnershipAnalysis::Impl::classifyCall(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee) {
    CallModel M;
    modelForPointerVar(CE, M);
    return M.Ret != CallModel::RetNone ? CallAlloc::Yes : CallAlloc::No;
  }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && MD->getName() == "release" && MD->getParent() &&
      MD->getParent()->isInStdNamespace())
    return CallAlloc::Yes;
  if (!CE->getType()->isPointerType()) {
    std::string Qual = Callee->getQualifiedNameAsString();
    return Allocators.contains(Qual) || Allocators.contains(baseName(Qual))
               ? CallAlloc::Yes
               : CallAlloc::No;
  }
  if (summarisedDefinition(Callee) && !hasModel(Callee))
    return Callee->hasAttr<RestrictAttr>() ? CallAlloc::Yes
                                           : CallAlloc::IfCalleeAllocates;
  CallModel M = modelFor(Callee, nullptr);
  return M.Ret != CallModel::RetNone || M.Realloc ? CallAlloc::Yes
                                                  : CallAlloc::No;
}

bool OwnershipAnalysis::Impl::allocates(const FunctionDecl *Def) {
  // A copy: asking for summaries analyses callees, which adds nodes.
  AllocNode N = allocNode(Def);
  if (N.Direct || N.Deletes)
    return true;
  for (const FunctionDecl *Callee : N.Callees)
    if (mayAllocate(summarisedDefinition(Callee))) {
      CallModel M = modelFor(Callee, nullptr);
      if (M.Ret != CallModel::RetNone || M.Realloc)
        return true;
    }
  return false;
}

const OwnershipAnalysis::Impl::AllocNode &
OwnershipAnalysis::Impl::allocNode(const FunctionDecl *Def) {
  if (auto It = AllocGraph.find(Def); It != AllocGraph.end())
    return It->second;
  AllocNode N;
  llvm::SmallVector<const Stmt *, 64> Work{Def->getBody()};
  while (!Work.empty() && !N.Direct) {
    const Stmt *St = Work.pop_back_val();
    if (!St)
      continue;
    if (isa<CXXNewExpr>(St)) {
      N.Direct = true;
    } else if (isa<CXXDeleteExpr>(St)) {
      N.Deletes = true;
    } else if (const auto *CE = dyn_cast<CallExpr>(St)) {
      switch (classifyCall(CE)) {
      case CallAlloc::No:
        break;
      case CallAlloc::Yes:
        N.Direct = true;
        break;
      case CallAlloc::IfCalleeAllocates:
        N.Callees.push_back(CE->getDirectCallee());
        break;
      }
    }
    for (const Stmt *C : St->children())
      Work.push_back(C);
  }
  // Inserted only now: classifying calls may have added nodes.
  return AllocGraph[Def] = std::move(N);
}

bool OwnershipAnalysis::Impl::mayAllocate(const FunctionDecl *Def) {
  if (auto It = MayAlloc.find(Def); It != MayAlloc.end())
    return It->second;
  // Whether an allocation site is reachable through calls of summarised
  // functions. Without one, no function visited can allocate either.
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen{Def};
  llvm::SmallVector<const FunctionDecl *, 16> Work{Def};
  bool Found = false;
  while (!Work.empty() && !Found) {
    const FunctionDecl *F = Work.pop_back_val();
    if (auto It = MayAlloc.find(F); It != MayAlloc.end()) {
      Found = It->second;
      continue;
    }
    const AllocNode &N = allocNode(F);
    if (N.Direct) {
      Found = true;
      break;
    }
    for (const FunctionDecl *C : N.Callees)
      if (const FunctionDecl *D = summarisedDefinition(C);
          Seen.insert(D).second)
        Work.push_back(D);
  }
  if (Found)
    MayAlloc[Def] = true;
  else
    for (const FunctionDecl *F : Seen)
      MayAlloc[F] = false;
  return Found;
}

void OwnershipAnalysis::Impl::analyse(const FunctionDecl *FD, bool OnDemand) {
  const FunctionDecl *Def = analysableDefinition(FD);
  if (!Def)
    return;
  const FunctionDecl *Key = Def->getCanonicalDecl();
  if (Summaries.count(Key) || Visiting.count(Key))
    return;
  if (!Opts.DebugCrashOn.empty() && Def->getName() == Opts.DebugCrashOn)
    __builtin_trap();
  if (!Opts.DebugHangOn.empty() && Def->getName() == Opts.DebugHangOn)
    while (true)
      std::this_thread::sleep_for(std::chrono::seconds(1));
  Visiting.insert(Key);

  // Without an allocation site a function reports nothing: it is analysed
  // only when its summary is wanted, by a caller here (on demand) or by
  // other TUs (exported).
  bool Allocates = allocates(Def);
  if (!OnDemand && !Allocates &&
      !(Opts.RecordConditions && Def->isExternallyVisible())) {
    Visiting.erase(Key);
    return;
  }
  // Without an allocation site the dataflow only follows what the function
  // does with its parameters, a union over all paths: telling paths apart
  // by integer facts would rarely change it and would cost up to
  // MaxDisjuncts times the work (a third of all analysis time on sqlite3.c).
  BodyScan Scan(/*CountConditions=*/Allocates);
  Scan.TraverseStmt(Def->getBody());
  // Only functions that can matter get a CFG: those that allocate, take or
  // return pointers, or hand `this` around.
  bool Relevant = Allocates || Def->getReturnType()->isPointerType();
  const auto *MD = dyn_cast<CXXMethodDecl>(Def);
  for (const ParmVarDecl *P : Def->parameters())
    if (isPointerLike(P->getType()) || P->getType()->isRecordType())
      Relevant = true;
  if (MD && MD->isInstance())
    Relevant = true;

  OwnershipSummary S;
  if (!Relevant) {
    S.Name = Def->getQualifiedNameAsString();
    S.Params.resize(Def->getNumParams());
  } else {
    FunctionAnalysis FA(*this, Def, Scan);
    if (FA.run())
      S = std::move(FA.Summary);
    else
      S = conservativeSummary(Def);
  }
  Visiting.erase(Key);
  Summaries[Key] = std::move(S);
  Analysed.push_back(Key);
}

OwnershipAnalysis::OwnershipAnalysis(ASTContext &Ctx,
                                     const OwnershipOptions &Opts)
    : P(std::make_unique<Impl>(Ctx, Opts)) {}
OwnershipAnalysis::~OwnershipAnalysis() = default;

void OwnershipAnalysis::analyse(const FunctionDecl *FD) {
  P->analyse(FD, /*OnDemand=*/false);
}

std::vector<LeakReport> OwnershipAnalysis::takeReports() {
  std::vector<LeakReport> R = std::move(P->Reports);
  P->Reports.clear();
  return R;
}

std::vector<AnalysisLimit> OwnershipAnalysis::takeLimits() {
  std::vector<AnalysisLimit> L = std::move(P->Limits);
  P->Limits.clear();
  return L;
}

Json OwnershipAnalysis::exportSummaries() const {
  Json Out = Json::object();
  for (const FunctionDecl *FD : P->Analysed) {
    if (!FD->isExternallyVisible())
      continue;
    std::string Usr = P->usrOf(FD);
    if (Usr.empty())
      continue;
    auto It = P->Summaries.find(FD);
    if (It == P->Summaries.end())
      continue;
    Out[Usr] = It->second.toJson();
  }
  return Out;
}

} // namespace leakhound
