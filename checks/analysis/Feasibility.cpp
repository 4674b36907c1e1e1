//===--- Feasibility.cpp - is a leak's witness path one the program can take ===//
//
// A leak finding is a claim about one execution: the memory is allocated,
// the program follows some path, and at the loss point the memory is still
// owned and no longer reachable. The dataflow (Ownership) joins paths, so it
// may claim a leak whose every path is impossible (`if (c) p = malloc(n);
// ... if (c) free(p);` with 500 statements in between, `if (buf != stackbuf)
// free(buf)`, `rc = p ? OK : ERR; if (rc != OK) return`). This file searches
// the CFG for a *witness*: a path on which the claim holds and which the
// program can take, decided by an SMT solver (Z3 through llvm/Support/SMTAPI).
//
// Terms.
//  * A *witness* is a block sequence from the CFG's entry, through the
//    allocation site (the first time the path executes it: that execution
//    creates the *tracked block*), to the loss point (a block and an element
//    index in it). After the allocation a witness follows only edges along
//    which the dataflow says the memory may still be owned (the reporter's
//    Owned predicate), so ownership itself is the dataflow's judgement; this
//    file adds what the dataflow cannot: which branches can be taken together.
//  * The *symbolic store* maps an lvalue *key* (a variable, then fields and
//    dereferences: `s->f` is [s, *, f], `*out` is [out, *]) to a solver term:
//    a bit-vector as wide as the C type (booleans from comparisons are the
//    solver's booleans until stored). Reading a key not in the store makes a
//    fresh symbol and remembers it, so two tests of one unchanged variable
//    see the same symbol however far apart they are. Statements on the path
//    update the store: declarations, assignments, compound assignments,
//    increments.
//  * Soundness of the store. A variable is *escaped* if the function uses it
//    other than by reading it, assigning it, incrementing it, taking a field
//    of it or its size (its address is taken, it is bound to a reference,
//    captured by reference, used as a C++ object); a key is *memory* if it
//    goes through a dereference, its root is global or static, or its root
//    is escaped and the path has already run the statement that escapes it
//    (a reference, a by-reference capture or `__block`: from the start).
//    A call (except a short list of C library functions that write no
//    program memory), an asm statement, a constructor or a store through a
//    pointer or array element forgets every memory key; a store to a field
//    `x->f` forgets the memory keys that contain `f` (another field cannot
//    alias it; unions are never keys); assigning a variable forgets the keys
//    under it. A `const` (not `mutable`) field is never forgotten by a call
//    or an unknown store: its object cannot change it after construction. Forgetting makes the next read a fresh symbol: the solver then
//    knows nothing of it, which can only keep a path feasible.
//  * *Constraints* on a path: the branch conditions taken (if/loop
//    conditions, `&&`, `||`, `?:` arms, switch cases incl. default as "none
//    of the cases"), each evaluated from the store; the tracked block is
//    non-null; every heap block allocated after it (the reporter's
//    IsAllocation) is null or distinct from it; the address of a variable
//    (`&x`, an array decaying) is non-null and distinct from every other
//    variable's address and every such heap block; a pointer dereferenced
//    on the path (`*p`, `p->f`, `p[i]`, not under `&`) is non-null from then
//    on, and so is any copy of it. `__builtin_expect` (so `likely()`,
//    `unlikely()`) is its first argument. Floating-point values, records and
//    anything unknown are fresh symbols that no comparison constrains.
//
// The search is a depth-first walk from the entry, towards the allocation
// and then towards the loss point (successors ordered by distance), keeping
// the store per path and the constraints in the solver's scopes (push/pop).
// A branch whose condition shares a symbol with an earlier constraint (or
// is constant) is checked at once, so an impossible prefix is abandoned with
// everything below it; every complete path is checked as a whole.
//
// Correlations across large functions. An edge after the allocation that
// the solver refutes from facts true on every path through the allocation
// (retried with only those facts when the path's own ones were in the
// slice) is removed for every path if its condition has one value on every
// such path: constants, addresses, unassigned parameters, a variable that
// holds the tracked block (assigned from it, written nowhere between), or a
// variable holding one constant on every path through the allocation. When
// no edge from the allocation to the loss point is left, the query stops:
// Infeasible. A prefix that reaches the allocation in a state the rest of
// the search cannot tell from one already refuted (signature()) is refuted
// at once. The functions of a TU share one solver (WitnessSolver).
//
// Branches that do not matter. Code after the allocation that tests and
// logs (`if (setsockopt(...) != 0) perror(...)`, ten times over) multiplies
// the paths to the loss without changing what the rest of a path can do.
// A symbol is named by the place that makes it (a block's element or edge
// on the path's n-th visit of the block), so such paths ask the solver the
// same questions word for word, and each answer (the slices checked and the
// refutations from facts true on every path) is asked once per query.
//
// A prefix with many paths. The search enumerates the paths to the
// allocation one by one, and code before it that cannot matter (a hash
// computed over a key with a loop and a switch, a bucket chain walked)
// multiplies the paths after it. So when a block before the allocation
// branches, a *relaxed search from the allocation* runs first (at most
// MaxSiteChecks solver calls): it starts at the allocation in a state that
// knows nothing of the prefix (every key a fresh symbol, no earlier block
// live, every variable whose address the function takes already memory).
// Its constraints are a subset of those of any full path through the same
// suffix, so when it refutes every path (finishing within its budget), the
// candidate is Infeasible; otherwise the search from the entry runs as
// before.
//
// Loops over a given count (LoopExit.h, opaqueCountBound): after the
// allocation, the exit of such a loop on its first test (the path came from
// outside the loop, which the condition does not dominate) is refuted on
// this path when the dataflow says the loop body may release or hand off
// the tracked resource (the query's EndsIn): the code relies on the loop
// running at least once. An overwrite loss at the very assignment that
// stores the allocation (`if ((fd = open(...)) < 0)` in a loop) is not
// taken on the pass that allocates: it loses an earlier turn's block.
//
// A complete path is a witness only if the dataflow's transfer, replayed
// along that path alone from the allocation's block (the query's
// OwnedAlong), still owns the resource entering the loss block: the per-edge
// Owned predicate joins the states of different paths (a hand-off on one
// arm of a branch, kept on the other). A path follows the resource of the
// first execution of the allocation; when the allocation lies in a loop and
// such rejections left every path refuted, the search runs once more
// following the second execution's (one more visit per block allowed), so
// `for (...) { fd = open(...); if (i == 0) keep(fd); }` still leaks the
// second turn's descriptor. (The relaxed search from the allocation needs
// no second pass: its state knows nothing of the prefix, so its first
// execution stands for any turn.)
//
// Bounds (per candidate): each block at most MaxBlockVisits times on one
// path, MaxChecks solver calls, MaxSteps elements executed, SolverTimeoutMs
// per call, MaxUnknowns calls that time out; and the caller's budget of
// solver calls for the whole translation unit. Each check is a solver scope
// holding only the *slice* of the path's constraints that shares
// symbols (transitively) with the constraint being checked. Verdict: Feasible when a complete path is proved satisfiable;
// Infeasible when every path tried was refuted by the solver (an impossible
// prefix refutes all its extensions) and the solver never gave up, even if a
// bound stopped the search; otherwise Unknown, and the reporter reports as
// it would without this file. Infeasible after an exhausted budget is a
// deliberate choice for fewer false positives: every path we saw was
// impossible, the unseen ones are longer variants through loops or
// branches past the budget.
//
// Without Z3 (LLVM built without LLVM_WITH_Z3) every query is Unchecked.
//
//===----------------------------------------------------------------------===//

#include "Feasibility.h"
#include "Constants.h"
#include "PerContext.h"
#include "LoopExit.h"
#include "OutValues.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/SMTAPI.h"
#include <algorithm>
#include <deque>
#include <map>
#include <set>

using namespace clang;

namespace leakhound {

#if LLVM_WITH_Z3

namespace {

constexpr unsigned MaxBlockVisits = 2;
constexpr unsigned MaxChecks = 120;
constexpr unsigned MaxSiteChecks = 24;
constexpr unsigned MaxSteps = 60000;
constexpr unsigned SolverTimeoutMs = 100;
constexpr unsigned MaxUnknowns = 3;
constexpr unsigned MaxSupport = 12;

/// A solver term with what the C side knows of it.
struct Val {
  llvm::SMTExprRef E = nullptr;
  unsigned W = 0;      ///< Bit-vector width; 0 for a solver boolean.
  bool Signed = false;
  bool Opaque = false; ///< Not an integer or pointer: never constrained.
  /// The symbols it depends on (sorted); Many when too many to list.
  llvm::SmallVector<unsigned, 4> Support;
  bool Many = false;
  bool Sym = false; ///< Exactly one symbol, as made.
  /// Its value, when it is a constant (width 1 for a boolean): constants
  /// are folded here, so the solver sees only what depends on unknowns.
  std::optional<llvm::APInt> K;
  bool isBool() const { return W == 0; }
};

void joinSupport(Val &Into, const Val &From) {
  if (From.Many || Into.Many) {
    Into.Many = true;
    Into.Support.clear();
    return;
  }
  for (unsigned S : From.Support) {
    auto It = std::lower_bound(Into.Support.begin(), Into.Support.end(), S);
    if (It == Into.Support.end() || *It != S)
      Into.Support.insert(It, S);
  }
  if (Into.Support.size() > MaxSupport) {
    Into.Many = true;
    Into.Support.clear();
  }
}

char DerefTag, ThisTag;
using Key = std::vector<const void *>;

/// An integer a call's argument points to, as the callee's summary
/// describes it (OutValues.h): its key, its value before the call.
struct OutUpdate {
  Key K;
  Val Old;
  QualType T;
  const OutFlag *F = nullptr;
};

/// One path's knowledge: the store, the values of the expressions with side
/// effects (calls, assignments) and which way `&&`, `||`, `?:` went.
struct PathState {
  std::map<Key, Val> Store;
  llvm::DenseMap<const Stmt *, Val> Cache;
  llvm::DenseMap<const Stmt *, unsigned> Outcome;
  llvm::DenseMap<const ValueDecl *, Val> Addrs;
  std::vector<Val> Heap; ///< The tracked block, then later allocations.
  /// Blocks allocated before the tracked one and not released since (no
  /// call that may release has run): live when it is allocated.
  std::vector<Val> Earlier;
  llvm::BitVector Constrained; ///< Symbols some constraint mentions.
  bool AnyMany = false;        ///< A constraint had unlisted symbols.
  std::vector<Val> Cons;       ///< The path's constraints ...
  std::vector<bool> Verified;  ///< ... and which a satisfiable check held.
  /// ... and which hold on every path through the allocation: conditions
  /// of unassigned parameters on edges every such path takes, and facts
  /// about the allocated block and variables' addresses.
  std::vector<bool> Stable;
  bool Tracking = false;       ///< Past the allocation.
  /// Variables whose address (or a reference to them) this path has taken:
  /// from then on their keys are memory.
  llvm::SmallVector<const VarDecl *, 4> Exposed;
  std::vector<unsigned> Visits;
  std::vector<unsigned> Trace; ///< Every block of the path so far.
  /// The allocation's own out-parameter values, applied once its result
  /// is the tracked block (see call()).
  std::vector<OutUpdate> PendingOuts;
  /// Executions of the allocation to pass by before tracking one (the
  /// second search of a site in a loop, see find()), and the extra visits
  /// each block is allowed for them.
  unsigned SkipSites = 0, ExtraVisits = 0;
};

bool isPureLibraryCall(StringRef N) {
  static const llvm::StringSet<> Names = {
      "free", "malloc", "calloc", "realloc", "reallocarray", "aligned_alloc",
      "strdup", "strndup", "strlen", "strnlen", "strcmp", "strncmp",
      "strcasecmp", "strncasecmp", "memcmp", "strchr", "strrchr", "strstr",
      "memchr", "strspn", "strcspn", "strpbrk", "abs", "labs", "llabs",
      "isalpha", "isdigit", "isalnum", "isspace", "isupper", "islower",
      "isxdigit", "isprint", "ispunct", "iscntrl", "toupper", "tolower",
      "printf", "fprintf", "vprintf", "vfprintf", "puts", "fputs", "fputc",
      "putc", "putchar", "perror", "fflush", "atoi", "atol", "atoll",
      "__builtin_expect", "__builtin_expect_with_probability",
      "__builtin_unreachable", "__builtin_trap", "abort", "exit", "_exit",
      "__assert_fail", "__assert_rtn", "__builtin_object_size",
      "__builtin_constant_p"};
  return Names.contains(N);
}

/// The variables the function uses other than by value (see the design
/// comment): their keys are memory.
class EscapeScan : public RecursiveASTVisitor<EscapeScan> {
public:
  EscapeScan(ParentMap &PM, llvm::DenseSet<const VarDecl *> &Out,
             llvm::DenseSet<const VarDecl *> &Assigned,
             llvm::DenseSet<const VarDecl *> &Always,
             llvm::DenseMap<const Stmt *, const VarDecl *> &At)
      : PM(PM), Out(Out), Assigned(Assigned), Always(Always), At(At) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      noteWrite(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp())
      noteWrite(UO->getSubExpr());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !V->hasLocalStorage())
      return true;
    if (V->getType()->isReferenceType() ||
        DRE->refersToEnclosingVariableOrCapture() || V->hasAttr<BlocksAttr>()) {
      Out.insert(V);
      Always.insert(V);
    } else if (!usedByValue(DRE)) {
      Out.insert(V);
      At[DRE] = V;
    }
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar())) {
          Out.insert(V);
          Always.insert(V);
        }
    return true;
  }

private:
  void noteWrite(const Expr *E) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Assigned.insert(V);
  }
  bool usedByValue(const Expr *E) {
    const Stmt *P = PM.getParentIgnoreParens(E);
    if (!P)
      return false;
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(P))
      return IC->getCastKind() == CK_LValueToRValue ||
             IC->getCastKind() == CK_ArrayToPointerDecay;
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      return BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == E;
    if (const auto *UO = dyn_cast<UnaryOperator>(P))
      return UO->isIncrementDecrementOp();
    if (const auto *ME = dyn_cast<MemberExpr>(P))
      return !ME->isArrow() && ME->getBase()->IgnoreParens() == E &&
             usedByValue(ME);
    return isa<UnaryExprOrTypeTraitExpr>(P);
  }
  ParentMap &PM;
  llvm::DenseSet<const VarDecl *> &Out, &Assigned, &Always;
  llvm::DenseMap<const Stmt *, const VarDecl *> &At;
};

} // namespace

static const Expr *edgeCondition(const CFGBlock *B);

/// Adds every declaration \p S names to \p Out.
static void collectNames(const Stmt *S, llvm::DenseSet<const Decl *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    Out.insert(DRE->getDecl());
  else if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      Out.insert(D);
  for (const Stmt *C : S->children())
    collectNames(C, Out);
}

class WitnessSolver::Impl {
public:
  std::shared_ptr<TUConstants> Consts;
  TUConstants &consts(ASTContext &Ctx) {
    if (!Consts)
      Consts = perContext<TUConstants>(Ctx);
    return *Consts;
  }
  llvm::SMTSolverRef Solver;
  llvm::SMTSolverRef get() {
    if (!Solver) {
      Solver = llvm::CreateZ3Solver();
      Solver->setUnsignedParam("timeout", SolverTimeoutMs);
    }
    return Solver;
  }
};

class WitnessSearch::Impl {
public:
  Impl(ASTContext &Ctx, const FunctionDecl *FD, const CFG &Cfg,
       WitnessSolver *Shared)
      : Ctx(Ctx), FD(FD), Cfg(Cfg), Shared(Shared) {}

  WitnessResult find(const WitnessQuery &Q);

private:
  // Terms.
  Val fresh(unsigned W, bool Signed = false);
  Val freshFor(QualType T);
  Val freshBool();
  Val constant(const llvm::APSInt &V, unsigned W);
  Val constant(uint64_t V, unsigned W) {
    return constant(llvm::APSInt(llvm::APInt(W, V), true), W);
  }
  Val boolean(bool B);
  Val arith(BinaryOperatorKind Op, const Val &L, const Val &R, unsigned W,
            bool Signed);
  Val compare(BinaryOperatorKind Op, const Val &L, const Val &R, bool Signed);
  Val toBool(const Val &V);
  Val toBV(const Val &V, unsigned W, bool Signed);
  Val convert(const Val &V, QualType T);
  Val unary(const Val &A, llvm::SMTExprRef E, unsigned W, bool Signed);
  Val binary(const Val &A, const Val &B, llvm::SMTExprRef E, unsigned W,
             bool Signed);
  bool scalar(QualType T) const;
  unsigned widthOf(QualType T) const;

  // Evaluation.
  Val eval(PathState &S, const Expr *E);
  Val evalBinary(PathState &S, const BinaryOperator *BO);
  Val load(PathState &S, const Expr *LV);
  Val loadKey(PathState &S, const Key &K, QualType T);
  /// A call's result: a constant or an unknown.
  Val callResult(const CallExpr *CE);
  void outUpdates(PathState &S, const CallExpr *CE,
                  std::vector<OutUpdate> &Out);
  void applyOuts(PathState &S, const std::vector<OutUpdate> &Ups,
                 const Val &Result);
  Val addrOf(PathState &S, const ValueDecl *D);
  std::optional<Val> addressOf(PathState &S, const Expr *LV);
  std::optional<Key> keyOf(const Expr *LV);
  bool isMemory(const PathState &S, const Key &K) const;
  void storeTo(PathState &S, const Expr *LV, const Val &V);
  void forgetMemory(PathState &S);
  void step(PathState &S, const Stmt *St);
  void initFields(PathState &S, const Key &K, const Expr *Init);
  void call(PathState &S, const Expr *CE);
  void nonNull(PathState &S, const Expr *Base, const Stmt *User);
  bool edgeConstraint(PathState &S, const CFGBlock *B, unsigned K, Val &C);
  /// On the exit edge of a counting loop (LoopExit.h): counter == bound.
  std::optional<Val> loopExitFact(PathState &S, const Stmt *Loop);
  llvm::DenseMap<const Stmt *, const BinaryOperator *> LoopBounds;
  /// Whether edge \p K out of \p B leaves a loop over a given count on its
  /// first test while its body ends the tracked ownership (LoopExit.h).
  bool skipsGivenCount(const PathState &S, const CFGBlock *B, unsigned K);
  /// Per query: the answer of skipsGivenCount's loop test, per loop.
  llvm::DenseMap<const Stmt *, bool> GivenCountLoops;

  // Solver.
  void assume(PathState &S, const Val &C, bool Stable = false);
  bool related(const PathState &S, const Val &C) const;
  std::optional<bool> checkSlice(PathState &S, size_t Seed,
                                 bool *AllStable = nullptr);
  std::optional<bool> checkLast(PathState &S, bool *AllStable = nullptr);
  std::optional<bool> checkAll(PathState &S);

  // Search.
  bool explore(PathState S, const CFGBlock *B, unsigned From,
               std::vector<unsigned> &Path);
  /// Assumes the condition of edge \p Edge out of \p B on \p S and asks the
  /// solver when it bears on the path: Refuted (recorded for every path the
  /// refutation covers), Exhausted (no solver calls left), or Open.
  enum class EdgeStep { Open, Refuted, Exhausted };
  EdgeStep takeEdge(PathState &S, const CFGBlock *B, unsigned Edge);
  void havocWrites(PathState &S, const CFGBlock *B);
  bool stableEdge(const PathState &S, const CFGBlock *B, unsigned K) const;
  void refuteEverywhere(PathState &S, const CFGBlock *B, unsigned K,
                        bool SliceStable);
  /// Forgets edge \p K out of \p B for every path of this query, and
  /// recomputes the distances to the loss without it.
  void forgetEdge(const CFGBlock *B, unsigned K);
  void startTracking(PathState &S, const Expr *Site);
  /// Whether the search just run refuted every path (see find()).
  bool allRefuted() const;
  /// Clears the counters and the found path before a search of at most
  /// \p Cap solver calls.
  void resetSearch(unsigned Cap) {
    Steps = Checks = Tried = Cut = Complete = Unknowns = OwnerRejects = 0;
    Site = {}; // Outside any place until the search enters a block.
    SolverGaveUp = Exhausted = false;
    CheckCap = Cap;
    Found.clear();
  }
  /// The relaxed search from the allocation (see the design comment):
  /// true when it refutes every path from the element \p SiteElem on.
  bool refuteFromSite(unsigned SiteElem, unsigned &Tries, unsigned &Calls);
  bool signature(const PathState &S, std::vector<uintptr_t> &Sig);
  /// Per query: the blocks reachable from the allocation's block, the
  /// variables their statements name, and the states at the allocation
  /// from which the rest of the search was refuted (see signature()).
  std::vector<bool> AfterSite;
  /// Per query: whether the allocation's block lies on a cycle.
  bool SiteInLoop = false;
  /// Complete paths the query's OwnedAlong rejected (this search).
  unsigned OwnerRejects = 0;
  llvm::DenseSet<const Decl *> NamedAfter;
  std::set<std::vector<uintptr_t>> FailedAt;
  /// The solver's answer for each set of constraints already asked, by
  /// their (hash-consed) expressions: paths that differ only in branches
  /// independent of a slice ask the same question again, and the answer is
  /// the same. A repeat costs no solver call and no budget.
  std::map<std::vector<uintptr_t>, std::optional<bool>> Answers;
  /// The answer for the constraints \p Key (made canonical: sorted, no
  /// repeats), if asked before.
  const std::optional<bool> *answered(std::vector<uintptr_t> &Key) const;
  /// Asks the solver whether the constraints \p Key (canonical) hold
  /// together: one call and one unit of the TU's budget; the answer is
  /// kept in Answers.
  std::optional<bool> solve(std::vector<uintptr_t> Key);

  ASTContext &Ctx;
  const FunctionDecl *FD;
  const CFG &Cfg;
  WitnessSolver *Shared;
  WitnessSolver Own;
  TUConstants &consts() { return (Shared ? Shared : &Own)->P->consts(Ctx); }
  std::unique_ptr<ParentMap> PM;
  llvm::DenseSet<const VarDecl *> Escaped, Assigned;
  /// Escaped variables that are memory from the start (references, by-
  /// reference captures, __block), and for every CFG element the escaped
  /// variables whose address it takes.
  llvm::DenseSet<const VarDecl *> AlwaysEscaped;
  llvm::DenseMap<const Stmt *, const VarDecl *> EscapeAt;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const VarDecl *, 1>> Exposes;
  CFGDomTree Dom;
  /// Edges after the allocation refuted on every path (see stable()).
  std::set<std::pair<unsigned, unsigned>> Refuted;
  unsigned SiteBlock = 0;
  /// \p At: the block whose terminator tests \p E after the allocation;
  /// then a variable holding the tracked block is stable too.
  bool stable(const Expr *E, const CFGBlock *At = nullptr) const;
  bool holdsSite(const VarDecl *V, const CFGBlock *At) const;
  bool holdsConstant(const VarDecl *V, const CFGBlock *At) const;
  /// Blocks from which At is reachable.
  std::vector<bool> reaching(const CFGBlock *At) const;
  /// Per query: the blocks from which the allocation is reachable.
  std::vector<bool> BeforeSite;
  /// Where each local variable is written: (block, element) pairs.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<std::pair<unsigned, unsigned>, 2>>
      Writes;
  /// The write of the allocation's result into a variable, if any.
  const VarDecl *SiteVar = nullptr;
  unsigned SiteWriteElem = 0;
  /// The loss is the overwrite by that very write (`fd = open(...)` in a
  /// loop): it loses a block of an earlier turn, never the one just made.
  bool HolderIsLoss = false;
  bool owned(const CFGBlock *B, unsigned K) const {
    return !Refuted.count({B->getBlockID(), K}) && Q->Owned(B, K);
  }
  std::vector<unsigned> distances(unsigned Goal, bool OwnedOnly) const;
  llvm::DenseMap<const Stmt *, std::pair<unsigned, unsigned>> Where;
  std::vector<const CFGBlock *> ById;

  // Per query.
  const WitnessQuery *Q = nullptr;
  llvm::SMTSolverRef Solver;
  /// Symbols are numbered per function, by the place that makes them
  /// (symbolId): a check holds only one path's constraints, so equal names
  /// on two paths, or in two functions, never meet.
  unsigned NextSym = 0, Steps = 0, Checks = 0, Tried = 0, Cut = 0;
  /// Where the path is when a symbol is made (see symbolId): a block's
  /// element or edge, or its re-entry, on the path's n-th visit of it.
  struct SymSite {
    unsigned Block = ~0u, What = 0, Visit = 0, Made = 0;
  } Site;
  std::map<std::tuple<unsigned, unsigned, unsigned, unsigned>, unsigned>
      SiteSyms;
  void atSite(unsigned Block, unsigned What, unsigned Visit) {
    Site = {Block, What, Visit, 0};
  }
  unsigned symbolId();
  unsigned Complete = 0; ///< Paths checked whole at the loss point.
  unsigned CheckCap = MaxChecks; ///< Solver calls this search may make.
  unsigned Unknowns = 0; ///< Solver calls that gave no answer.
  bool SolverGaveUp = false, Exhausted = false, AllRefuted = false;
  std::vector<unsigned> DistSite, DistLoss;
  std::vector<unsigned> Found;
};

bool WitnessSearch::Impl::scalar(QualType T) const {
  T = T.getCanonicalType();
  return T->isIntegralOrEnumerationType() || T->isAnyPointerType() ||
         T->isBlockPointerType() || T->isNullPtrType() ||
         T->isMemberPointerType();
}

unsigned WitnessSearch::Impl::widthOf(QualType T) const {
  if (!scalar(T) || T->isDependentType())
    return 64;
  unsigned W = Ctx.getTypeSize(T);
  return W ? W : 64;
}

/// A value the path makes at one place of one visit of a block is the same
/// symbol on every path that gets there: two such values never meet on one
/// path (a path executes each place once per visit), and paths that differ
/// only in branches the rest does not depend on (an error check that only
/// logs) then ask the solver word for word the same questions, answered
/// from Answers. Outside any place (Site.Block unset) a symbol is new.
unsigned WitnessSearch::Impl::symbolId() {
  if (Site.Block == ~0u)
    return NextSym++;
  auto [It, New] = SiteSyms.try_emplace(
      std::make_tuple(Site.Block, Site.What, Site.Visit, Site.Made++), NextSym);
  if (New)
    ++NextSym;
  return It->second;
}

Val WitnessSearch::Impl::fresh(unsigned W, bool Signed) {
  Val V;
  unsigned Id = symbolId();
  std::string Name = "s" + std::to_string(Id);
  V.E = Solver->mkSymbol(Name.c_str(), Solver->getBitvectorSort(W));
  V.W = W;
  V.Signed = Signed;
  V.Support.push_back(Id);
  V.Sym = true;
  return V;
}

Val WitnessSearch::Impl::freshFor(QualType T) {
  Val V = fresh(widthOf(T), T->isSignedIntegerOrEnumerationType());
  V.Opaque = !scalar(T);
  return V;
}

Val WitnessSearch::Impl::freshBool() {
  Val V;
  unsigned Id = symbolId();
  std::string Name = "b" + std::to_string(Id);
  V.E = Solver->mkSymbol(Name.c_str(), Solver->getBoolSort());
  V.W = 0;
  V.Support.push_back(Id);
  V.Sym = true;
  return V;
}

Val WitnessSearch::Impl::constant(const llvm::APSInt &I, unsigned W) {
  Val V;
  llvm::APSInt C = I.extOrTrunc(W);
  V.E = Solver->mkBitvector(C, W);
  V.W = W;
  V.Signed = I.isSigned();
  V.K = C;
  return V;
}

Val WitnessSearch::Impl::boolean(bool B) {
  Val V;
  V.E = Solver->mkBoolean(B);
  V.W = 0;
  V.K = llvm::APInt(1, B);
  return V;
}

Val WitnessSearch::Impl::arith(BinaryOperatorKind Op, const Val &L,
                               const Val &R, unsigned W, bool Signed) {
  Val A = toBV(L, W, L.Signed), B = toBV(R, W, R.Signed);
  if (A.K && B.K) {
    const llvm::APInt &X = *A.K, &Y = *B.K;
    std::optional<llvm::APInt> Z;
    switch (Op) {
    case BO_Add: Z = X + Y; break;
    case BO_Sub: Z = X - Y; break;
    case BO_Mul: Z = X * Y; break;
    case BO_Div: if (!Y.isZero()) Z = Signed ? X.sdiv(Y) : X.udiv(Y); break;
    case BO_Rem: if (!Y.isZero()) Z = Signed ? X.srem(Y) : X.urem(Y); break;
    case BO_Shl: if (Y.ult(W)) Z = X.shl(Y); break;
    case BO_Shr: if (Y.ult(W)) Z = Signed ? X.ashr(Y) : X.lshr(Y); break;
    case BO_And: Z = X & Y; break;
    case BO_Or: Z = X | Y; break;
    case BO_Xor: Z = X ^ Y; break;
    default: break;
    }
    if (Z) {
      Val V = constant(llvm::APSInt(*Z, !Signed), W);
      V.Signed = Signed;
      return V;
    }
    return fresh(W, Signed);
  }
  // Products, quotients, remainders and shifts by an unknown amount are
  // unknowns: bit-blasted they cost the solver far more than they decide.
  bool Nonlinear = Op == BO_Mul || Op == BO_Div || Op == BO_Rem ||
                   ((Op == BO_Shl || Op == BO_Shr) && !B.K);
  if (Nonlinear)
    return fresh(W, Signed);
  llvm::SMTExprRef X;
  switch (Op) {
  case BO_Add: X = Solver->mkBVAdd(A.E, B.E); break;
  case BO_Sub: X = Solver->mkBVSub(A.E, B.E); break;
  case BO_Mul: X = Solver->mkBVMul(A.E, B.E); break;
  case BO_Shl: X = Solver->mkBVShl(A.E, B.E); break;
  case BO_Shr: X = Signed ? Solver->mkBVAshr(A.E, B.E) : Solver->mkBVLshr(A.E, B.E); break;
  case BO_And: X = Solver->mkBVAnd(A.E, B.E); break;
  case BO_Or: X = Solver->mkBVOr(A.E, B.E); break;
  case BO_Xor: X = Solver->mkBVXor(A.E, B.E); break;
  default: return fresh(W, Signed);
  }
  return binary(A, B, X, W, Signed);
}

Val WitnessSearch::Impl::compare(BinaryOperatorKind Op, const Val &L,
                                 const Val &R, bool Signed) {
  unsigned W = std::max(L.isBool() ? 1u : L.W, R.isBool() ? 1u : R.W);
  Val A = toBV(L, W, L.Signed), B = toBV(R, W, R.Signed);
  if (A.K && B.K) {
    const llvm::APInt &X = *A.K, &Y = *B.K;
    switch (Op) {
    case BO_EQ: return boolean(X == Y);
    case BO_NE: return boolean(X != Y);
    case BO_LT: return boolean(Signed ? X.slt(Y) : X.ult(Y));
    case BO_GT: return boolean(Signed ? X.sgt(Y) : X.ugt(Y));
    case BO_LE: return boolean(Signed ? X.sle(Y) : X.ule(Y));
    case BO_GE: return boolean(Signed ? X.sge(Y) : X.uge(Y));
    default: return freshBool();
    }
  }
  llvm::SMTExprRef C;
  switch (Op) {
  case BO_EQ: C = Solver->mkEqual(A.E, B.E); break;
  case BO_NE: C = Solver->mkNot(Solver->mkEqual(A.E, B.E)); break;
  case BO_LT: C = Signed ? Solver->mkBVSlt(A.E, B.E) : Solver->mkBVUlt(A.E, B.E); break;
  case BO_GT: C = Signed ? Solver->mkBVSgt(A.E, B.E) : Solver->mkBVUgt(A.E, B.E); break;
  case BO_LE: C = Signed ? Solver->mkBVSle(A.E, B.E) : Solver->mkBVUle(A.E, B.E); break;
  case BO_GE: C = Signed ? Solver->mkBVSge(A.E, B.E) : Solver->mkBVUge(A.E, B.E); break;
  default: return freshBool();
  }
  return binary(A, B, C, 0, false);
}

Val WitnessSearch::Impl::unary(const Val &A, llvm::SMTExprRef E, unsigned W,
                               bool Signed) {
  Val V;
  V.E = E;
  V.W = W;
  V.Signed = Signed;
  V.Support = A.Support;
  V.Many = A.Many;
  V.Sym = A.Sym && E == A.E;
  return V;
}

Val WitnessSearch::Impl::binary(const Val &A, const Val &B, llvm::SMTExprRef E,
                                unsigned W, bool Signed) {
  Val V = unary(A, E, W, Signed);
  joinSupport(V, B);
  return V;
}

Val WitnessSearch::Impl::toBool(const Val &V) {
  if (V.Opaque)
    return freshBool();
  if (V.isBool())
    return V;
  if (V.K)
    return boolean(!V.K->isZero());
  Val Zero = constant(0, V.W);
  return unary(V, Solver->mkNot(Solver->mkEqual(V.E, Zero.E)), 0, false);
}

Val WitnessSearch::Impl::toBV(const Val &V, unsigned W, bool Signed) {
  if (V.Opaque)
    return fresh(W, Signed);
  if (V.K) {
    llvm::APInt X = V.isBool() || !V.Signed ? V.K->zextOrTrunc(W)
                                             : V.K->sextOrTrunc(W);
    Val C = constant(llvm::APSInt(X, !Signed), W);
    C.Signed = Signed;
    return C;
  }
  if (V.isBool()) {
    Val One = constant(1, W), Zero = constant(0, W);
    return unary(V, Solver->mkIte(V.E, One.E, Zero.E), W, Signed);
  }
  if (V.W == W)
    return unary(V, V.E, W, Signed);
  if (V.W < W)
    return unary(V,
                 V.Signed ? Solver->mkBVSignExt(W - V.W, V.E)
                          : Solver->mkBVZeroExt(W - V.W, V.E),
                 W, Signed);
  return unary(V, Solver->mkBVExtract(W - 1, 0, V.E), W, Signed);
}

Val WitnessSearch::Impl::convert(const Val &V, QualType T) {
  if (!scalar(T))
    return freshFor(T);
  if (T->isBooleanType())
    return toBV(toBool(V), widthOf(T), false);
  return toBV(V, widthOf(T), T->isSignedIntegerOrEnumerationType());
}

//===--- Keys and the store ----------------------------------------------===//

std::optional<Key> WitnessSearch::Impl::keyOf(const Expr *LV) {
  LV = LV->IgnoreParens();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LV)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || V->getType()->isReferenceType())
      return std::nullopt;
    return Key{V};
  }
  if (const auto *ME = dyn_cast<MemberExpr>(LV)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || F->getParent()->isUnion() || F->isBitField())
      return std::nullopt;
    std::optional<Key> K;
    if (ME->isArrow()) {
      const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
      if (isa<CXXThisExpr>(Base))
        K = Key{&ThisTag};
      else if (Base->isGLValue())
        K = keyOf(Base);
      if (!K)
        return std::nullopt;
      K->push_back(&DerefTag);
    } else {
      K = keyOf(ME->getBase());
      if (!K)
        return std::nullopt;
    }
    K->push_back(F);
    return K;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(LV);
      UO && UO->getOpcode() == UO_Deref) {
    const Expr *Sub = UO->getSubExpr()->IgnoreParenImpCasts();
    if (!Sub->isGLValue() || !Sub->getType()->isPointerType())
      return std::nullopt;
    std::optional<Key> K = keyOf(Sub);
    if (K)
      K->push_back(&DerefTag);
    return K;
  }
  return std::nullopt;
}

bool WitnessSearch::Impl::isMemory(const PathState &S, const Key &K) const {
  if (K[0] == &ThisTag)
    return true;
  const auto *V = static_cast<const VarDecl *>(K[0]);
  if (!V->hasLocalStorage() || AlwaysEscaped.contains(V) ||
      (Escaped.contains(V) && llvm::is_contained(S.Exposed, V)))
    return true;
  return llvm::is_contained(K, &DerefTag);
}

/// A `const` field (not `mutable`) keeps its value for the life of its
/// object: no call or store through another pointer can change it (doing so
/// is undefined behaviour), so forgetting memory keeps it. Elements of a key
/// after its root are field declarations or the dereference tag.
static bool isConstField(const Key &K, const void *DerefTag) {
  if (K.size() < 2 || K.back() == DerefTag)
    return false;
  const auto *F = static_cast<const FieldDecl *>(K.back());
  return F->getType().isConstQualified() && !F->isMutable();
}

void WitnessSearch::Impl::forgetMemory(PathState &S) {
  for (auto It = S.Store.begin(); It != S.Store.end();)
    It = isMemory(S, It->first) && !isConstField(It->first, &DerefTag)
             ? S.Store.erase(It)
             : std::next(It);
}

void WitnessSearch::Impl::storeTo(PathState &S, const Expr *LV,
                                  const Val &V) {
  std::optional<Key> K = keyOf(LV);
  if (!K) {
    // An array element, a union member, a reference: anything in memory
    // may have changed.
    forgetMemory(S);
    return;
  }
  // What was reached through the old value is gone.
  for (auto It = S.Store.begin(); It != S.Store.end();) {
    const Key &O = It->first;
    bool Under = O.size() > K->size() && std::equal(K->begin(), K->end(),
                                                    O.begin());
    It = Under ? S.Store.erase(It) : std::next(It);
  }
  if (isMemory(S, *K)) {
    const void *Last = K->back();
    bool ByField = Last != &DerefTag && K->size() > 1;
    for (auto It = S.Store.begin(); It != S.Store.end();) {
      const Key &O = It->first;
      bool Drop = O != *K && isMemory(S, O) &&
                  (!ByField || llvm::is_contained(O, Last));
      It = Drop ? S.Store.erase(It) : std::next(It);
    }
  }
  S.Store[*K] = V;
}

Val WitnessSearch::Impl::load(PathState &S, const Expr *LV) {
  QualType T = LV->getType();
  std::optional<Key> K = scalar(T) ? keyOf(LV) : std::nullopt;
  if (!K)
    return freshFor(T);
  // A global or static the program never changes has one value wherever
  // it is read (Constants.h).
  if (K->size() == 1 && K->front() != &ThisTag) {
    const auto *V = static_cast<const VarDecl *>(K->front());
    if (!V->hasLocalStorage() && T->isIntegralOrEnumerationType())
      if (std::optional<llvm::APSInt> C = consts().valueOf(V))
        return constant(*C, widthOf(T));
      else if (V->isExternallyVisible() && Q->ProgramConstant)
        if (std::optional<llvm::APSInt> P = Q->ProgramConstant(V))
          return constant(*P, widthOf(T));
  }
  return loadKey(S, *K, T);
}

Val WitnessSearch::Impl::loadKey(PathState &S, const Key &K, QualType T) {
  auto It = S.Store.find(K);
  if (It != S.Store.end())
    return It->second;
  Val V = freshFor(T);
  S.Store[K] = V;
  return V;
}

Val WitnessSearch::Impl::addrOf(PathState &S, const ValueDecl *D) {
  if (auto It = S.Addrs.find(D); It != S.Addrs.end())
    return It->second;
  unsigned W = Ctx.getTypeSize(Ctx.VoidPtrTy);
  Val A = fresh(W);
  Val Zero = constant(0, W);
  Val C = unary(A, Solver->mkNot(Solver->mkEqual(A.E, Zero.E)), 0, false);
  assume(S, C, /*Stable=*/true);
  auto Distinct = [&](const Val &O) {
    if (O.W != W)
      return;
    assume(S,
           binary(A, O, Solver->mkNot(Solver->mkEqual(A.E, O.E)), 0, false),
           /*Stable=*/true);
  };
  for (const auto &[Other, OV] : S.Addrs)
    Distinct(OV);
  for (const Val &H : S.Heap)
    Distinct(H);
  S.Addrs[D] = A;
  return A;
}

/// The address an lvalue designates, as an offset from a pointer the store
/// knows: a variable's address, `&p->f` and `&s.f` (the base plus the
/// field's offset: a union member or a first field is the base itself),
/// `&p[i]` and `&*p`. A copy of such an address is then the same term as
/// the block or the variable it points into, so `q = &blk->first; ... if
/// (q != local_array)` is decided like a test of `blk` itself. Nullopt for
/// anything else (a bit-field, a reference, a call's result).
std::optional<Val> WitnessSearch::Impl::addressOf(PathState &S,
                                                   const Expr *LV) {
  LV = LV->IgnoreParens();
  unsigned W = Ctx.getTypeSize(Ctx.VoidPtrTy);
  auto Plus = [&](const Val &Base, uint64_t Bytes) {
    return Bytes == 0 ? Base
                      : arith(BO_Add, Base, constant(Bytes, W), W, false);
  };
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LV)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || V->getType()->isReferenceType())
      return std::nullopt;
    return addrOf(S, V);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(LV)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || F->isBitField() || F->getParent()->isInvalidDecl() ||
        F->getParent()->isDependentType())
      return std::nullopt;
    std::optional<Val> Base;
    if (ME->isArrow()) {
      const Expr *B = ME->getBase();
      if (!B->getType()->isPointerType())
        return std::nullopt;
      Val P = eval(S, B);
      if (P.Opaque || P.isBool() || P.W != W)
        return std::nullopt;
      Base = P;
    } else {
      Base = addressOf(S, ME->getBase());
    }
    if (!Base)
      return std::nullopt;
    return Plus(*Base, Ctx.getFieldOffset(F) / Ctx.getCharWidth());
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(LV);
      UO && UO->getOpcode() == UO_Deref) {
    const Expr *P = UO->getSubExpr();
    if (!P->getType()->isPointerType())
      return std::nullopt;
    Val V = eval(S, P);
    if (V.Opaque || V.isBool() || V.W != W)
      return std::nullopt;
    return V;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(LV)) {
    const Expr *P = AS->getBase(), *I = AS->getIdx();
    if (!P->getType()->isPointerType() ||
        !I->getType()->isIntegralOrEnumerationType())
      return std::nullopt;
    Val Base = eval(S, P), Idx = eval(S, I);
    if (Base.Opaque || Base.isBool() || Base.W != W || Idx.Opaque)
      return std::nullopt;
    QualType Elem = AS->getType();
    if (Elem->isIncompleteType() || Elem->isDependentType())
      return std::nullopt;
    uint64_t Size = Ctx.getTypeSizeInChars(Elem).getQuantity();
    if (Idx.K && Idx.K->getBitWidth() <= 64) {
      int64_t N = Idx.Signed ? Idx.K->getSExtValue()
                             : static_cast<int64_t>(Idx.K->getZExtValue());
      return Plus(Base, static_cast<uint64_t>(N) * Size);
    }
    Val X = toBV(Idx, W, I->getType()->isSignedIntegerOrEnumerationType());
    Val Scaled =
        binary(X, X, Solver->mkBVMul(X.E, constant(Size, W).E), W, true);
    return binary(Base, Scaled, Solver->mkBVAdd(Base.E, Scaled.E), W, false);
  }
  return std::nullopt;
}

//===--- Evaluation ------------------------------------------------------===//

Val WitnessSearch::Impl::eval(PathState &S, const Expr *E) {
  E = E->IgnoreParens();
  if (auto It = S.Cache.find(E); It != S.Cache.end())
    return It->second;
  QualType T = E->getType();
  if (const auto *FE = dyn_cast<FullExpr>(E))
    return eval(S, FE->getSubExpr());
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return constant(llvm::APSInt(IL->getValue(),
                                 !T->isSignedIntegerOrEnumerationType()),
                    widthOf(T));
  if (const auto *CL = dyn_cast<CharacterLiteral>(E))
    return constant(CL->getValue(), widthOf(T));
  if (const auto *BL = dyn_cast<CXXBoolLiteralExpr>(E))
    return constant(BL->getValue(), widthOf(T));
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return constant(0, widthOf(T));
  if (isa<CXXThisExpr>(E)) {
    Key K{&ThisTag};
    auto It = S.Store.find(K);
    if (It != S.Store.end())
      return It->second;
    Val V = freshFor(T);
    Val Zero = constant(0, V.W);
    assume(S, unary(V, Solver->mkNot(Solver->mkEqual(V.E, Zero.E)), 0, false));
    S.Store[K] = V;
    return V;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return constant(EC->getInitVal(), widthOf(T));
    return freshFor(T);
  }
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    const Expr *Sub = CE->getSubExpr();
    switch (CE->getCastKind()) {
    case CK_LValueToRValue:
      return load(S, Sub);
    case CK_ArrayToPointerDecay: {
      const Expr *Arr = Sub->IgnoreParens();
      if (std::optional<Val> A = addressOf(S, Arr))
        return toBV(*A, widthOf(T), false);
      if (isa<StringLiteral>(Arr) || isa<PredefinedExpr>(Arr)) {
        Val V = freshFor(T);
        Val Zero = constant(0, V.W);
        assume(S,
               unary(V, Solver->mkNot(Solver->mkEqual(V.E, Zero.E)), 0, false));
        return V;
      }
      return freshFor(T);
    }
    case CK_FunctionToPointerDecay:
    case CK_BuiltinFnToFnPtr:
      return freshFor(T);
    case CK_NullToPointer:
    case CK_NullToMemberPointer:
      return constant(0, widthOf(T));
    case CK_IntegralToBoolean:
    case CK_PointerToBoolean:
    case CK_MemberPointerToBoolean: {
      Val B = toBool(eval(S, Sub));
      return T->isBooleanType() && !Ctx.getLangOpts().CPlusPlus
                 ? toBV(B, widthOf(T), false)
                 : B;
    }
    case CK_IntegralCast:
    case CK_IntegralToPointer:
    case CK_PointerToIntegral:
    case CK_BitCast:
    case CK_NoOp:
    case CK_BaseToDerived:
    case CK_DerivedToBase:
    case CK_UncheckedDerivedToBase:
    case CK_AddressSpaceConversion: {
      if (!scalar(T) || !scalar(Sub->getType()))
        return freshFor(T);
      Val V = eval(S, Sub);
      if (CE->getCastKind() == CK_NoOp && !V.isBool() && T->isBooleanType())
        return V;
      return V.isBool() && T->isBooleanType() ? V : convert(V, T);
    }
    default:
      return freshFor(T);
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    const Expr *Sub = UO->getSubExpr();
    switch (UO->getOpcode()) {
    case UO_LNot: {
      Val B = toBool(eval(S, Sub));
      Val N = B.K ? boolean(B.K->isZero()) : unary(B, Solver->mkNot(B.E), 0, false);
      return T->isBooleanType() ? N : toBV(N, widthOf(T), true);
    }
    case UO_Minus:
    case UO_Not: {
      if (!scalar(T))
        return freshFor(T);
      Val A = convert(eval(S, Sub), T);
      if (A.K) {
        llvm::APInt X = UO->getOpcode() == UO_Minus ? -*A.K : ~*A.K;
        Val C = constant(llvm::APSInt(X, !A.Signed), A.W);
        C.Signed = A.Signed;
        return C;
      }
      return unary(A,
                   UO->getOpcode() == UO_Minus ? Solver->mkBVNeg(A.E)
                                               : Solver->mkBVNot(A.E),
                   A.W, A.Signed);
    }
    case UO_Plus:
    case UO_Extension:
      return scalar(T) ? convert(eval(S, Sub), T) : freshFor(T);
    case UO_AddrOf: {
      if (std::optional<Val> A = addressOf(S, Sub))
        return toBV(*A, widthOf(T), false);
      return freshFor(T);
    }
    case UO_Deref:
      return scalar(T) ? load(S, E) : freshFor(T);
    default:
      return freshFor(T);
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return evalBinary(S, BO);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    if (!scalar(T))
      return freshFor(T);
    auto It = S.Outcome.find(CO);
    if (It == S.Outcome.end())
      return freshFor(T);
    return convert(eval(S, It->second == 0 ? CO->getTrueExpr()
                                           : CO->getFalseExpr()),
                   T);
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    unsigned B = CE->getBuiltinCallee();
    if ((B == Builtin::BI__builtin_expect ||
         B == Builtin::BI__builtin_expect_with_probability) &&
        CE->getNumArgs() >= 1)
      return convert(eval(S, CE->getArg(0)), T);
    return callResult(CE);
  }
  if (const auto *CE = dyn_cast<ChooseExpr>(E))
    return eval(S, CE->getChosenSubExpr());
  if (scalar(T) && !E->isValueDependent() && T->isIntegralOrEnumerationType()) {
    Expr::EvalResult R;
    if (E->EvaluateAsInt(R, Ctx, Expr::SE_NoSideEffects))
      return constant(R.Val.getInt(), widthOf(T));
  }
  return freshFor(T);
}

Val WitnessSearch::Impl::evalBinary(PathState &S, const BinaryOperator *BO) {
  QualType T = BO->getType();
  BinaryOperatorKind Op = BO->getOpcode();
  if (Op == BO_Comma)
    return eval(S, BO->getRHS());
  if (BO->isLogicalOp()) {
    auto It = S.Outcome.find(BO);
    Val R;
    if (It == S.Outcome.end()) {
      Val L = toBool(eval(S, BO->getLHS())), Rt = toBool(eval(S, BO->getRHS()));
      if (L.K && Rt.K)
        R = boolean(Op == BO_LAnd ? (!L.K->isZero() && !Rt.K->isZero())
                                  : (!L.K->isZero() || !Rt.K->isZero()));
      else
      R = binary(L, Rt,
                 Op == BO_LAnd ? Solver->mkAnd(L.E, Rt.E)
                               : Solver->mkOr(L.E, Rt.E),
                 0, false);
    } else {
      // Edge 0 is the left side true: `&&` goes on to the right side,
      // `||` is decided.
      bool RightRan = (It->second == 0) == (Op == BO_LAnd);
      if (RightRan)
        R = toBool(eval(S, BO->getRHS()));
      else
        R = boolean(Op == BO_LOr);
    }
    return T->isBooleanType() && Ctx.getLangOpts().CPlusPlus
               ? R
               : toBV(R, widthOf(T), true);
  }
  if (BO->isAssignmentOp())
    return freshFor(T); // Its value is cached when it runs.
  const Expr *LE = BO->getLHS(), *RE = BO->getRHS();
  QualType LT = LE->getType(), RT = RE->getType();
  if (!scalar(LT) || !scalar(RT))
    return BO->isComparisonOp() ? freshBool() : freshFor(T);
  Val L = eval(S, LE), R = eval(S, RE);
  if (L.Opaque || R.Opaque)
    return BO->isComparisonOp() ? freshBool() : freshFor(T);
  if (BO->isComparisonOp() && !BO->isCommaOp()) {
    if (Op == BO_Cmp)
      return freshFor(T);
    bool Signed = LT->isSignedIntegerOrEnumerationType() &&
                  RT->isSignedIntegerOrEnumerationType();
    Val V = compare(Op, L, R, Signed);
    return T->isBooleanType() && Ctx.getLangOpts().CPlusPlus
               ? V
               : toBV(V, widthOf(T), true);
  }
  if (!scalar(T))
    return freshFor(T);
  unsigned W = widthOf(T);
  bool Signed = T->isSignedIntegerOrEnumerationType();
  // Pointer arithmetic: scale the integer by the pointee's size.
  if (T->isPointerType() && (Op == BO_Add || Op == BO_Sub)) {
    bool LPtr = LT->isPointerType();
    const Expr *IntE = LPtr ? RE : LE;
    Val P = toBV(LPtr ? L : R, W, false);
    Val I = toBV(LPtr ? R : L, W, IntE->getType()->isSignedIntegerOrEnumerationType());
    QualType Pointee = T->getPointeeType();
    uint64_t Size = 1;
    if (!Pointee->isVoidType() && !Pointee->isIncompleteType() &&
        !Pointee->isFunctionType() && !Pointee->isDependentType())
      Size = Ctx.getTypeSizeInChars(Pointee).getQuantity();
    if (Size == 0)
      Size = 1;
    Val Scaled = binary(I, I, Solver->mkBVMul(I.E, constant(Size, W).E), W, true);
    return binary(P, Scaled,
                  Op == BO_Add ? Solver->mkBVAdd(P.E, Scaled.E)
                               : Solver->mkBVSub(P.E, Scaled.E),
                  W, false);
  }
  if (LT->isPointerType() || RT->isPointerType())
    return freshFor(T); // Pointer difference and the like.
  return arith(Op, L, R, W, Signed);
}

void WitnessSearch::Impl::nonNull(PathState &S, const Expr *Base,
                                  const Stmt *User) {
  if (!Base->getType()->isPointerType())
    return;
  // `&p->f` computes an address without reading (offsetof's idiom uses a
  // null base); only a read or a write through the pointer proves it.
  const Stmt *P = PM->getParentIgnoreParens(User);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P);
      UO && UO->getOpcode() == UO_AddrOf)
    return;
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(P); ME && !ME->isArrow()) {
    const Stmt *PP = PM->getParentIgnoreParens(ME);
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(PP);
        UO && UO->getOpcode() == UO_AddrOf)
      return;
  }
  Expr::EvalResult R;
  if (Base->EvaluateAsRValue(R, Ctx))
    return;
  Val V = eval(S, Base);
  if (V.Opaque || V.isBool())
    return;
  Val Zero = constant(0, V.W);
  assume(S, unary(V, Solver->mkNot(Solver->mkEqual(V.E, Zero.E)), 0, false));
}

/// The integers \p CE's arguments point to that the callee's summary says
/// something of (`&flag`, `&s->flag`, a pointer variable `pf`), with
/// their values before the call.
void WitnessSearch::Impl::outUpdates(PathState &S, const CallExpr *CE,
                                     std::vector<OutUpdate> &Out) {
  if (!Q->OutValues || isa<CXXOperatorCallExpr>(CE))
    return;
  const std::vector<OutFlag> *Flags = Q->OutValues(CE);
  if (!Flags)
    return;
  for (const OutFlag &F : *Flags) {
    if (F.Param >= CE->getNumArgs())
      continue;
    const Expr *Arg = CE->getArg(F.Param)->IgnoreParenImpCasts();
    if (!Arg->getType()->isPointerType())
      continue;
    QualType T = Arg->getType()->getPointeeType();
    if (!scalar(T) || !T->isIntegralOrEnumerationType())
      continue;
    std::optional<Key> K;
    if (const auto *UO = dyn_cast<UnaryOperator>(Arg);
        UO && UO->getOpcode() == UO_AddrOf) {
      K = keyOf(UO->getSubExpr());
    } else if (Arg->isGLValue()) {
      K = keyOf(Arg);
      if (K)
        K->push_back(&DerefTag);
    }
    if (!K)
      continue;
    Out.push_back({*K, loadKey(S, *K, T), T, &F});
  }
}

/// Stores what the callee left in each integer of \p Ups: a term that
/// depends on the call's \p Result (OutFlag: the value for each constant
/// result, else the default). "Kept" is the value before the call only for
/// a local variable: anything else the callee may reach another way.
void WitnessSearch::Impl::applyOuts(PathState &S,
                                    const std::vector<OutUpdate> &Ups,
                                    const Val &Result) {
  for (const OutUpdate &U : Ups) {
    unsigned W = widthOf(U.T);
    bool Sg = U.T->isSignedIntegerOrEnumerationType();
    bool Local = U.K[0] != &ThisTag &&
                 static_cast<const VarDecl *>(U.K[0])->hasLocalStorage() &&
                 !llvm::is_contained(U.K, &DerefTag);
    auto ValueOf = [&](const OutValue &OV) {
      switch (OV.K) {
      case OutValue::Kept:
        if (Local && !U.Old.Opaque)
          return toBV(U.Old, W, Sg);
        break;
      case OutValue::Const: {
        Val C = constant(
            llvm::APSInt(llvm::APInt(W, static_cast<uint64_t>(OV.V), true), !Sg),
            W);
        C.Signed = Sg;
        return C;
      }
      case OutValue::Any:
        break;
      }
      return freshFor(U.T);
    };
    const OutFlag &F = *U.F;
    Val V = ValueOf(F.Otherwise);
    if (!F.On.empty() && (Result.Opaque || Result.isBool())) {
      V = freshFor(U.T);
    } else {
      for (auto It = F.On.rbegin(); It != F.On.rend(); ++It) {
        Val K = constant(llvm::APSInt(llvm::APInt(Result.W,
                                                  static_cast<uint64_t>(It->first),
                                                  true),
                                      true),
                         Result.W);
        Val Eq = compare(BO_EQ, Result, K, false);
        Val On = ValueOf(It->second);
        if (Eq.K) {
          if (!Eq.K->isZero())
            V = On;
          continue;
        }
        Val X = binary(Eq, On, Solver->mkIte(Eq.E, On.E, V.E), W, Sg);
        joinSupport(X, V);
        V = X;
      }
    }
    S.Store[U.K] = V;
  }
}

Val WitnessSearch::Impl::callResult(const CallExpr *CE) {
  // A function of this TU that returns one constant (Constants.h).
  QualType T = CE->getType();
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (scalar(T) && T->isIntegralOrEnumerationType() && Callee) {
    if (std::optional<llvm::APSInt> C = consts().returnedBy(Callee))
      return constant(*C, widthOf(T));
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (Callee->isExternallyVisible() && !(MD && MD->isVirtual()) &&
        !Callee->hasBody() && Q->ProgramConstant)
      if (std::optional<llvm::APSInt> P = Q->ProgramConstant(Callee))
        return constant(*P, widthOf(T));
  }
  return freshFor(T);
}

void WitnessSearch::Impl::call(PathState &S, const Expr *E) {
  QualType T = E->getType();
  std::string Name;
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    unsigned B = CE->getBuiltinCallee();
    if ((B == Builtin::BI__builtin_expect ||
         B == Builtin::BI__builtin_expect_with_probability) &&
        CE->getNumArgs() >= 1) {
      S.Cache[E] = convert(eval(S, CE->getArg(0)), T);
      return;
    }
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (const IdentifierInfo *II = Callee->getIdentifier())
        Name = II->getName().str();
  }
  StringRef N = Name;
  N.consume_front("__builtin_");
  std::vector<OutUpdate> Ups;
  if (const auto *CE = dyn_cast<CallExpr>(E))
    outUpdates(S, CE, Ups);
  if (!isa<CallExpr>(E) || !isPureLibraryCall(N))
    forgetMemory(S);
  if (!isa<CallExpr>(E) || !isPureLibraryCall(N) || N == "free" ||
      N.starts_with("realloc"))
    S.Earlier.clear(); // It may release them.
  unsigned W = widthOf(T);
  if (S.Tracking && Q->IsAllocation && Q->IsAllocation(E) &&
      T->isPointerType()) {
    // Another fresh block: null, or distinct from every live block and
    // every variable.
    Val V = fresh(W);
    Val Zero = constant(0, W);
    for (const Val &H : S.Heap)
      if (H.W == W)
        assume(S, binary(V, H,
                         Solver->mkOr(Solver->mkEqual(V.E, Zero.E),
                                      Solver->mkNot(Solver->mkEqual(V.E, H.E))),
                         0, false));
    for (const auto &[D, A] : S.Addrs)
      if (A.W == W)
        assume(S, binary(V, A,
                         Solver->mkOr(Solver->mkEqual(V.E, Zero.E),
                                      Solver->mkNot(Solver->mkEqual(V.E, A.E))),
                         0, false));
    S.Cache[E] = V;
    applyOuts(S, Ups, V);
    return;
  }
  Val V = isa<CallExpr>(E) ? callResult(cast<CallExpr>(E)) : freshFor(T);
  if (!S.Tracking && E != Q->Site && Q->IsAllocation &&
      Q->IsAllocation(E) && T->isPointerType())
    S.Earlier.push_back(V);
  S.Cache[E] = V;
  if (!S.Tracking && E == Q->Site)
    S.PendingOuts = std::move(Ups); // Its result is the tracked block.
  else
    applyOuts(S, Ups, V);
}

/// A local struct's scalar fields from its initializer list (`struct st s
/// = {0}`: the fields not named are zero), one level deep.
void WitnessSearch::Impl::initFields(PathState &S, const Key &K,
                                     const Expr *Init) {
  const auto *IL = dyn_cast_or_null<InitListExpr>(
      Init ? Init->IgnoreParenImpCasts() : nullptr);
  const RecordDecl *RD = IL ? IL->getType()->getAsRecordDecl() : nullptr;
  if (!RD || RD->isUnion() || !IL->isSemanticForm())
    return;
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (I >= IL->getNumInits())
      break;
    const Expr *E = IL->getInit(I++);
    if (F->isBitField() || !scalar(F->getType()))
      continue;
    Key FK = K;
    FK.push_back(F);
    S.Store[FK] = isa<ImplicitValueInitExpr>(E)
                      ? constant(0, widthOf(F->getType()))
                      : convert(eval(S, E), F->getType());
  }
}

void WitnessSearch::Impl::step(PathState &S, const Stmt *St) {
  if (auto It = Exposes.find(St); It != Exposes.end())
    for (const VarDecl *V : It->second)
      if (!llvm::is_contained(S.Exposed, V))
        S.Exposed.push_back(V);
  const auto *E = dyn_cast<Expr>(St);
  if (!E) {
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls()) {
        const auto *V = dyn_cast<VarDecl>(D);
        if (!V)
          continue;
        Key K{V};
        for (auto It = S.Store.begin(); It != S.Store.end();)
          It = It->first[0] == V ? S.Store.erase(It) : std::next(It);
        if (!V->hasLocalStorage() || V->getType()->isReferenceType())
          continue;
        if (!scalar(V->getType())) {
          initFields(S, K, V->getInit());
          continue;
        }
        if (const Expr *Init = V->getInit())
          S.Store[K] = convert(eval(S, Init), V->getType());
      }
    } else if (isa<AsmStmt>(St)) {
      forgetMemory(S);
    }
    return;
  }
  if (isa<CallExpr>(E) || isa<CXXConstructExpr>(E) || isa<CXXNewExpr>(E) ||
      isa<CXXDeleteExpr>(E)) {
    if (isa<CXXDeleteExpr>(E) || isa<CXXConstructExpr>(E)) {
      forgetMemory(S);
      S.Earlier.clear();
      return;
    }
    call(S, E); // A new-expression runs a constructor: like a call.
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (!BO->isAssignmentOp())
      return;
    const Expr *L = BO->getLHS();
    QualType LT = L->getType();
    Val V;
    if (!scalar(LT)) {
      V = freshFor(LT);
    } else if (BO->getOpcode() == BO_Assign) {
      V = convert(eval(S, BO->getRHS()), LT);
    } else {
      // `x op= y`: the computation type, then back to x's type.
      const auto *CAO = cast<CompoundAssignOperator>(BO);
      QualType CT = CAO->getComputationResultType();
      Val Old = load(S, L), R = eval(S, BO->getRHS());
      if (!scalar(CT) || Old.Opaque || R.Opaque || LT->isPointerType()) {
        V = freshFor(LT);
      } else {
        unsigned W = widthOf(CT);
        bool Sg = CT->isSignedIntegerOrEnumerationType();
        V = convert(arith(BinaryOperator::getOpForCompoundAssignment(
                              BO->getOpcode()),
                          toBV(Old, W, Sg), toBV(R, W, Sg), W, Sg),
                    LT);
      }
    }
    storeTo(S, L, V);
    S.Cache[E] = V;
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->isIncrementDecrementOp()) {
      const Expr *L = UO->getSubExpr();
      QualType LT = L->getType();
      Val Old = load(S, L), New;
      if (!scalar(LT) || Old.Opaque || LT->isPointerType() ||
          LT->isBooleanType()) {
        New = freshFor(LT);
      } else {
        New = arith(UO->isIncrementOp() ? BO_Add : BO_Sub, Old,
                    constant(1, Old.W), Old.W, Old.Signed);
      }
      storeTo(S, L, New);
      S.Cache[E] = UO->isPrefix() ? New : Old;
      return;
    }
    if (UO->getOpcode() == UO_Deref)
      nonNull(S, UO->getSubExpr(), UO);
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow())
      nonNull(S, ME->getBase(), ME);
    return;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    nonNull(S, AS->getBase(), AS);
    return;
  }
}

/// Whether the constraint of edge K out of B holds on every path through
/// the allocation: a stable condition on an edge every path to the
/// allocation takes (its target dominates the allocation and is entered
/// only by it).
bool WitnessSearch::Impl::stableEdge(const PathState &S, const CFGBlock *B,
                                     unsigned K) const {
  if (S.Tracking)
    return false;
  const Expr *C = edgeCondition(B);
  const CFGBlock *T = (B->succ_begin() + K)->getReachableBlock();
  if (!C || !T || !stable(C) || T->pred_size() != 1 || !ById[SiteBlock])
    return false;
  return Dom.dominates(T, ById[SiteBlock]);
}

/// A refutation of edge K out of B after the allocation that used only
/// facts true on every path through the allocation, of a condition with one
/// value on every path: no path can take that edge. The search forgets it
/// and the distances to the loss point are recomputed without it.
void WitnessSearch::Impl::refuteEverywhere(PathState &S,
                                           const CFGBlock *B, unsigned K,
                                           bool SliceStable) {
  if (!S.Tracking)
    return;
  const Expr *C = edgeCondition(B);
  if (!C || !stable(C, B))
    return;
  if (!SliceStable) {
    // The slice held facts of this path only; maybe the facts true on
    // every path refute the edge alone (one more solver call).
    if (S.Cons.empty() || S.AnyMany)
      return;
    // The same question as another path's (see Answers): no solver call.
    std::vector<uintptr_t> Key{reinterpret_cast<uintptr_t>(S.Cons.back().E)};
    for (size_t I = 0; I + 1 < S.Cons.size(); ++I)
      if (S.Stable[I])
        Key.push_back(reinterpret_cast<uintptr_t>(S.Cons[I].E));
    std::optional<bool> R;
    if (const std::optional<bool> *C = answered(Key))
      R = *C;
    else if (Checks >= CheckCap || (Q->Budget && *Q->Budget == 0))
      return;
    else
      R = solve(std::move(Key));
    if (!R || *R)
      return;
  }
  forgetEdge(B, K);
}

void WitnessSearch::Impl::forgetEdge(const CFGBlock *B, unsigned K) {
  Refuted.insert({B->getBlockID(), K});
  DistLoss = distances(Q->LossBlock, true);
  // No edge left from the allocation to the loss: no path at all.
  if (DistLoss[SiteBlock] == ~0u)
    AllRefuted = true;
}

void WitnessSearch::Impl::startTracking(PathState &S, const Expr *Site) {
  // The tracked resource exists: a pointer is non-null; a descriptor (a
  // signed integer) is non-negative.
  bool Descriptor = Site->getType()->isSignedIntegerType();
  Val A = fresh(widthOf(Site->getType()), Descriptor);
  Val Zero = constant(0, A.W);
  assume(S,
         unary(A,
               Descriptor ? Solver->mkBVSge(A.E, Zero.E)
                          : Solver->mkNot(Solver->mkEqual(A.E, Zero.E)),
               0, false),
         /*Stable=*/true);
  for (const auto &[D, Addr] : S.Addrs)
    if (Addr.W == A.W)
      assume(S, binary(A, Addr, Solver->mkNot(Solver->mkEqual(A.E, Addr.E)), 0,
                       false),
             /*Stable=*/true);
  for (const Val &O : S.Earlier)
    if (O.W == A.W)
      assume(S, binary(A, O,
                       Solver->mkOr(Solver->mkEqual(O.E, Zero.E),
                                    Solver->mkNot(Solver->mkEqual(A.E, O.E))),
                       0, false));
  S.Heap.push_back(A);
  S.Cache[Site] = A;
  S.Tracking = true;
}


/// A summary of what the rest of the search can observe of a path's state
/// when it reaches the allocation: the store's keys the statements after it
/// name, with constants as values and unconstrained symbols numbered by
/// first appearance, the addresses, the branch outcomes and the visit
/// counts of the blocks after it. Two prefixes with one signature lead to
/// the same searches after the allocation (up to renaming symbols that no
/// constraint mentions), so a refutation of one refutes the other. False
/// when the state has no such summary (a constrained symbol is visible,
/// earlier heap blocks, a constraint over too many symbols).
bool WitnessSearch::Impl::signature(const PathState &S,
                                    std::vector<uintptr_t> &Sig) {
  if (S.AnyMany)
    return false;
  llvm::DenseMap<unsigned, uintptr_t> Names;
  llvm::DenseSet<unsigned> Hidden; // Earlier blocks: constrained later.
  for (const Val &O : S.Earlier)
    Hidden.insert(O.Support.begin(), O.Support.end());
  for (const auto &[D, A] : S.Addrs)
    for (unsigned Sym : A.Support)
      Names[Sym] = reinterpret_cast<uintptr_t>(D) | 1;
  auto Value = [&](const Val &V) {
    Sig.push_back(V.W);
    if (V.K) {
      Sig.push_back(2);
      Sig.push_back(V.K->getZExtValue());
      return true;
    }
    if (V.Opaque) {
      Sig.push_back(3);
      return true;
    }
    if (V.Many || !V.Sym || V.Support.size() != 1)
      return false;
    unsigned Sym = V.Support[0];
    auto [It, New] = Names.try_emplace(Sym, (Names.size() + 1) << 1);
    if (New && ((Sym < S.Constrained.size() && S.Constrained.test(Sym)) ||
                Hidden.contains(Sym)))
      return false;
    Sig.push_back(4);
    Sig.push_back(It->second);
    return true;
  };
  for (const auto &[K, V] : S.Store) {
    if (K[0] != &ThisTag &&
        !NamedAfter.contains(static_cast<const Decl *>(K[0])))
      continue;
    Sig.insert(Sig.end(), {uintptr_t(0)});
    for (const void *P : K)
      Sig.push_back(reinterpret_cast<uintptr_t>(P));
    if (V.K && V.K->getBitWidth() > 64)
      return false;
    if (!Value(V))
      return false;
  }
  for (const auto &[E, V] : S.Cache) {
    auto It = Where.find(E);
    if (It == Where.end() || !AfterSite[It->second.first])
      continue;
    Sig.push_back(5);
    Sig.push_back(reinterpret_cast<uintptr_t>(E));
    if ((V.K && V.K->getBitWidth() > 64) || !Value(V))
      return false;
  }
  for (const auto &[E, K] : S.Outcome) {
    auto It = Where.find(E);
    if (It == Where.end() || !AfterSite[It->second.first])
      continue;
    Sig.insert(Sig.end(), {uintptr_t(6), reinterpret_cast<uintptr_t>(E), K});
  }
  for (unsigned B = 0; B < AfterSite.size(); ++B)
    if (AfterSite[B] && S.Visits[B])
      Sig.insert(Sig.end(), {uintptr_t(7), B, S.Visits[B]});
  for (const VarDecl *V : S.Exposed)
    Sig.insert(Sig.end(), {uintptr_t(8), reinterpret_cast<uintptr_t>(V)});
  return true;
}

void WitnessSearch::Impl::havocWrites(PathState &S, const CFGBlock *B) {
  if (!B)
    return;
  for (const CFGElement &El : *B) {
    auto CS = El.getAs<CFGStmt>();
    if (!CS)
      continue;
    const Stmt *St = CS->getStmt();
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(St);
        BO && BO->isAssignmentOp())
      Target = BO->getLHS();
    else if (const auto *UO = dyn_cast<UnaryOperator>(St);
             UO && UO->isIncrementDecrementOp())
      Target = UO->getSubExpr();
    else if (isa<CallExpr>(St) || isa<CXXConstructExpr>(St) ||
             isa<CXXNewExpr>(St) || isa<CXXDeleteExpr>(St) || isa<AsmStmt>(St))
      forgetMemory(S);
    else if (const auto *DS = dyn_cast<DeclStmt>(St))
      for (const Decl *D : DS->decls())
        for (auto It = S.Store.begin(); It != S.Store.end();)
          It = It->first[0] == D ? S.Store.erase(It) : std::next(It);
    if (!Target)
      continue;
    std::optional<Key> K = keyOf(Target);
    if (!K) {
      forgetMemory(S);
      continue;
    }
    bool Memory = isMemory(S, *K);
    for (auto It = S.Store.begin(); It != S.Store.end();) {
      const Key &O = It->first;
      bool Drop = (O.size() >= K->size() &&
                   std::equal(K->begin(), K->end(), O.begin())) ||
                  (Memory && isMemory(S, O));
      It = Drop ? S.Store.erase(It) : std::next(It);
    }
  }
}

static const Expr *edgeCondition(const CFGBlock *B) {
  const Stmt *T = B->getTerminatorStmt();
  if (!T || B->succ_size() != 2 || isa<SwitchStmt>(T) ||
      isa<BinaryConditionalOperator>(T))
    return nullptr;
  const auto *Cond =
      dyn_cast_or_null<Expr>(B->getTerminatorCondition(/*StripParens=*/true));
  while (Cond) {
    const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    Cond = BO->getRHS();
  }
  return Cond;
}

/// Whether \p V, read at the end of block \p At, holds the tracked block
/// on every path from the allocation: the allocation's result is assigned
/// to it, and no block on a path from there to At writes it again (nor runs
/// the allocation again).
bool WitnessSearch::Impl::holdsSite(const VarDecl *V, const CFGBlock *At) const {
  if (!V || V != SiteVar || !At)
    return false;
  unsigned N = Cfg.getNumBlockIDs();
  // Blocks after the allocation's block from which At is reachable.
  std::vector<bool> Fwd(N, false), Bwd(N, false);
  std::vector<unsigned> Work;
  for (const CFGBlock::AdjacentBlock &Succ : ById[SiteBlock]->succs())
    if (const CFGBlock *X = Succ.getReachableBlock();
        X && !Fwd[X->getBlockID()]) {
      Fwd[X->getBlockID()] = true;
      Work.push_back(X->getBlockID());
    }
  while (!Work.empty()) {
    const CFGBlock *X = ById[Work.back()];
    Work.pop_back();
    for (const CFGBlock::AdjacentBlock &Succ : X->succs())
      if (const CFGBlock *Y = Succ.getReachableBlock();
          Y && !Fwd[Y->getBlockID()]) {
        Fwd[Y->getBlockID()] = true;
        Work.push_back(Y->getBlockID());
      }
  }
  Bwd = reaching(At);
  if (Fwd[SiteBlock] && Bwd[SiteBlock])
    return false; // The allocation may run again before At.
  auto It = Writes.find(V);
  if (It == Writes.end())
    return false;
  for (auto [Blk, Elem] : It->second) {
    if (Blk == SiteBlock && Elem == SiteWriteElem)
      continue;
    if (Blk == SiteBlock && Elem > SiteWriteElem && Bwd[SiteBlock])
      return false;
    if (Fwd[Blk] && Bwd[Blk])
      return false;
  }
  return true;
}

std::vector<bool> WitnessSearch::Impl::reaching(const CFGBlock *At) const {
  std::vector<bool> Bwd(Cfg.getNumBlockIDs(), false);
  std::vector<unsigned> Work{At->getBlockID()};
  Bwd[At->getBlockID()] = true;
  while (!Work.empty()) {
    const CFGBlock *X = ById[Work.back()];
    Work.pop_back();
    if (!X)
      continue;
    for (const CFGBlock::AdjacentBlock &Pred : X->preds())
      if (const CFGBlock *Y = Pred.getReachableBlock();
          Y && !Bwd[Y->getBlockID()]) {
        Bwd[Y->getBlockID()] = true;
        Work.push_back(Y->getBlockID());
      }
  }
  return Bwd;
}

/// Whether \p V, read at the end of block \p At, holds one constant on
/// every path through the allocation to At: every write of it in a block
/// on such a path stores that constant, one of them dominates At, and no
/// block on such a path takes its address.
bool WitnessSearch::Impl::holdsConstant(const VarDecl *V,
                                        const CFGBlock *At) const {
  if (!At || !V->hasLocalStorage() || AlwaysEscaped.contains(V) ||
      V->getType()->isReferenceType())
    return false;
  auto It = Writes.find(V);
  if (It == Writes.end())
    return false;
  std::vector<bool> ToAt = reaching(At);
  auto OnPath = [&](unsigned B) {
    return BeforeSite[B] || (AfterSite[B] && ToAt[B]);
  };
  std::optional<llvm::APSInt> Value;
  bool Dominates = false;
  for (auto [Blk, Elem] : It->second) {
    if (!OnPath(Blk))
      continue;
    auto CS = (*ById[Blk])[Elem].getAs<CFGStmt>();
    if (!CS)
      return false;
    const Expr *Rhs = nullptr;
    if (isa<DeclStmt>(CS->getStmt()))
      Rhs = V->getInit();
    else if (const auto *BO = dyn_cast<BinaryOperator>(CS->getStmt());
             BO && BO->getOpcode() == BO_Assign)
      Rhs = BO->getRHS();
    Expr::EvalResult R;
    if (!Rhs || Rhs->isValueDependent() ||
        !Rhs->EvaluateAsInt(R, Ctx, Expr::SE_NoSideEffects))
      return false;
    llvm::APSInt X = R.Val.getInt();
    if (Value && (Value->getBitWidth() != X.getBitWidth() || *Value != X))
      return false;
    Value = X;
    if (Dom.dominates(ById[Blk], At))
      Dominates = true;
  }
  if (!Value || !Dominates)
    return false;
  for (const auto &[St, Vars] : Exposes)
    if (llvm::is_contained(Vars, V))
      if (auto W = Where.find(St); W != Where.end() && OnPath(W->second.first))
        return false;
  return true;
}

/// Whether \p E has one value on every path of the function: it reads only
/// constants, variables' addresses and parameters that are never assigned
/// and never escape (after the allocation, at \p At: also a variable that
/// holds the tracked block, see holdsSite()).
bool WitnessSearch::Impl::stable(const Expr *E, const CFGBlock *At) const {
  E = E->IgnoreParens();
  if (isa<IntegerLiteral>(E) || isa<CharacterLiteral>(E) ||
      isa<CXXBoolLiteralExpr>(E) || isa<CXXNullPtrLiteralExpr>(E) ||
      isa<GNUNullExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(DRE->getDecl()))
      return true;
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !scalar(V->getType()))
      return false;
    if (Escaped.contains(V))
      return holdsConstant(V, At);
    if (isa<ParmVarDecl>(V) && !Assigned.contains(V))
      return true;
    return V->hasLocalStorage() && (holdsSite(V, At) || holdsConstant(V, At));
  }
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    if (CE->getCastKind() == CK_ArrayToPointerDecay) {
      // An array variable's address: one value for the whole call.
      const auto *DRE = dyn_cast<DeclRefExpr>(CE->getSubExpr()->IgnoreParens());
      const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return V && !V->getType()->isReferenceType();
    }
    if (CE->getCastKind() == CK_LValueToRValue)
      return stable(CE->getSubExpr(), At);
    return stable(CE->getSubExpr(), At);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf) {
      const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
      const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return V && !V->getType()->isReferenceType();
    }
    return (UO->getOpcode() == UO_LNot || UO->getOpcode() == UO_Minus ||
            UO->getOpcode() == UO_Not || UO->getOpcode() == UO_Plus) &&
           stable(UO->getSubExpr(), At);
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && !BO->isCommaOp() && !BO->isLogicalOp() &&
           stable(BO->getLHS(), At) && stable(BO->getRHS(), At);
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    unsigned B = CE->getBuiltinCallee();
    return (B == Builtin::BI__builtin_expect ||
            B == Builtin::BI__builtin_expect_with_probability) &&
           CE->getNumArgs() >= 1 && stable(CE->getArg(0), At);
  }
  return false;
}

std::vector<unsigned> WitnessSearch::Impl::distances(unsigned Goal,
                                                     bool OwnedOnly) const {
  unsigned N = Cfg.getNumBlockIDs();
  std::vector<unsigned> D(N, ~0u);
  std::deque<unsigned> Work{Goal};
  D[Goal] = 0;
  while (!Work.empty()) {
    unsigned X = Work.front();
    Work.pop_front();
    const CFGBlock *BX = ById[X];
    if (!BX)
      continue;
    for (const CFGBlock::AdjacentBlock &Pred : BX->preds()) {
      const CFGBlock *P = Pred.getReachableBlock();
      if (!P || D[P->getBlockID()] != ~0u)
        continue;
      bool Ok = !OwnedOnly;
      unsigned K = 0;
      for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
        unsigned Edge = K++;
        if (!Ok && Succ.getReachableBlock() == BX && owned(P, Edge))
          Ok = true;
      }
      if (!Ok)
        continue;
      D[P->getBlockID()] = D[X] + 1;
      Work.push_back(P->getBlockID());
    }
  }
  return D;
}

//===--- Branches --------------------------------------------------------===//

bool WitnessSearch::Impl::edgeConstraint(PathState &S, const CFGBlock *B,
                                         unsigned K, Val &C) {
  const Stmt *T = B->getTerminatorStmt();
  if (!T)
    return false;
  if (const auto *SW = dyn_cast<SwitchStmt>(T)) {
    const CFGBlock *N = (B->succ_begin() + K)->getReachableBlock();
    const Expr *Cond = SW->getCond();
    if (!N || !Cond || !scalar(Cond->getType()))
      return false;
    Val X = eval(S, Cond);
    if (X.Opaque || X.isBool())
      return false;
    auto CaseTest = [&](const CaseStmt *CS) -> std::optional<Val> {
      Expr::EvalResult Lo, Hi;
      if (!CS->getLHS()->EvaluateAsInt(Lo, Ctx))
        return std::nullopt;
      Val L = constant(Lo.Val.getInt(), X.W);
      if (!CS->getRHS())
        return compare(BO_EQ, X, L, false);
      if (!CS->getRHS()->EvaluateAsInt(Hi, Ctx))
        return std::nullopt;
      Val H = constant(Hi.Val.getInt(), X.W);
      bool Sg = Cond->getType()->isSignedIntegerOrEnumerationType();
      return binary(
          X, X,
          Solver->mkAnd(Sg ? Solver->mkBVSge(X.E, L.E) : Solver->mkBVUge(X.E, L.E),
                        Sg ? Solver->mkBVSle(X.E, H.E) : Solver->mkBVUle(X.E, H.E)),
          0, false);
    };
    if (const auto *CS = dyn_cast_or_null<CaseStmt>(N->getLabel())) {
      if (auto V = CaseTest(CS)) {
        C = *V;
        return true;
      }
      return false;
    }
    // The default edge (or the edge past the switch): none of the cases.
    if (K + 1 != B->succ_size())
      return false;
    Val All = boolean(true);
    for (const SwitchCase *SC = SW->getSwitchCaseList(); SC;
         SC = SC->getNextSwitchCase()) {
      const auto *CS = dyn_cast<CaseStmt>(SC);
      if (!CS)
        continue;
      std::optional<Val> V = CaseTest(CS);
      if (!V)
        return false;
      if (V->K) {
        if (!V->K->isZero())
          All = boolean(false);
        continue;
      }
      if (All.K && All.K->isZero())
        continue;
      All = binary(All, *V, Solver->mkAnd(All.E, Solver->mkNot(V->E)), 0, false);
    }
    if (!All.K || !All.K->isZero())
      joinSupport(All, X);
    C = All;
    return true;
  }
  if (B->succ_size() != 2)
    return false;
  if (isa<BinaryOperator>(T) || isa<AbstractConditionalOperator>(T))
    S.Outcome[T] = K;
  const auto *Cond =
      dyn_cast_or_null<Expr>(B->getTerminatorCondition(/*StripParens=*/true));
  while (Cond) {
    const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    Cond = BO->getRHS();
  }
  if (!Cond || isa<BinaryConditionalOperator>(T))
    return false;
  Val V = toBool(eval(S, Cond));
  if (V.K)
    C = boolean(V.K->isZero() == (K != 0));
  else
    C = K == 0 ? V : unary(V, Solver->mkNot(V.E), 0, false);
  if (K == 1 && !(C.K && C.K->isZero()))
    if (std::optional<Val> Exit = loopExitFact(S, T)) {
      if (Exit->K)
        C = Exit->K->isZero() ? *Exit : C;
      else if (C.K)
        C = *Exit;
      else {
        Val Both = binary(C, *Exit, Solver->mkAnd(C.E, Exit->E), 0, false);
        C = Both;
      }
    }
  return true;
}

std::optional<Val> WitnessSearch::Impl::loopExitFact(PathState &S,
                                                     const Stmt *Loop) {
  const auto *FS = dyn_cast<ForStmt>(Loop);
  if (!FS)
    return std::nullopt;
  auto [It, New] = LoopBounds.try_emplace(FS, nullptr);
  if (New) {
    const BinaryOperator *Bound = countingLoopBound(FS, Ctx);
    // The counter and a local bound must not be written through an alias.
    auto Escapes = [&](const Expr *E) {
      const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return V && V->hasLocalStorage() &&
             (Escaped.contains(V) || AlwaysEscaped.contains(V));
    };
    if (Bound && !Escapes(Bound->getLHS()) && !Escapes(Bound->getRHS()))
      It->second = Bound;
  }
  const BinaryOperator *Bound = It->second;
  if (!Bound)
    return std::nullopt;
  Val L = eval(S, Bound->getLHS()), R = eval(S, Bound->getRHS());
  if (L.Opaque || R.Opaque)
    return std::nullopt;
  QualType LT = Bound->getLHS()->getType(), RT = Bound->getRHS()->getType();
  bool Signed = LT->isSignedIntegerOrEnumerationType() &&
                RT->isSignedIntegerOrEnumerationType();
  return compare(BO_EQ, L, R, Signed);
}

bool WitnessSearch::Impl::skipsGivenCount(const PathState &S,
                                          const CFGBlock *B, unsigned K) {
  if (!S.Tracking || K != 1 || B->succ_size() != 2 || !Q->EndsIn ||
      S.Trace.size() < 2)
    return false;
  const auto *FS = dyn_cast_or_null<ForStmt>(B->getTerminatorStmt());
  if (!FS)
    return false;
  // The first test comes from the init, outside the loop; every later one
  // from the body or the increment, which the condition dominates.
  const CFGBlock *Pred = ById[S.Trace[S.Trace.size() - 2]];
  if (!Pred || Pred == B || Dom.dominates(B, Pred))
    return false;
  auto [It, New] = GivenCountLoops.try_emplace(FS, false);
  if (!New)
    return It->second;
  if (!opaqueCountBound(FS, Ctx))
    return false;
  // The body: blocks reached from its entry without passing the condition
  // again, inside the loop (dominated by the condition).
  const CFGBlock *Entry = B->succ_begin()->getReachableBlock();
  if (!Entry)
    return false;
  std::vector<bool> Seen(ById.size(), false);
  std::vector<const CFGBlock *> Work{Entry};
  Seen[Entry->getBlockID()] = true;
  while (!Work.empty()) {
    const CFGBlock *X = Work.back();
    Work.pop_back();
    if (Q->EndsIn(X))
      return It->second = true;
    for (const CFGBlock::AdjacentBlock &Succ : X->succs())
      if (const CFGBlock *Y = Succ.getReachableBlock();
          Y && Y != B && !Seen[Y->getBlockID()] && Dom.dominates(B, Y)) {
        Seen[Y->getBlockID()] = true;
        Work.push_back(Y);
      }
  }
  return false;
}

//===--- Solver and search -----------------------------------------------===//

void WitnessSearch::Impl::assume(PathState &S, const Val &C, bool Stable) {
  if (C.K && !C.K->isZero())
    return; // Known true.
  S.Cons.push_back(C);
  S.Verified.push_back(false);
  S.Stable.push_back(Stable);
  if (C.Many)
    S.AnyMany = true;
  for (unsigned Sym : C.Support) {
    if (Sym >= S.Constrained.size())
      S.Constrained.resize(std::max<size_t>(Sym + 1, 2 * S.Constrained.size()));
    S.Constrained.set(Sym);
  }
}

bool WitnessSearch::Impl::related(const PathState &S, const Val &C) const {
  if (C.Many || C.Support.empty())
    return true;
  for (unsigned Sym : C.Support)
    if (Sym < S.Constrained.size() && S.Constrained.test(Sym))
      return true;
  return false;
}

const std::optional<bool> *
WitnessSearch::Impl::answered(std::vector<uintptr_t> &Key) const {
  std::sort(Key.begin(), Key.end());
  Key.erase(std::unique(Key.begin(), Key.end()), Key.end());
  auto It = Answers.find(Key);
  return It == Answers.end() ? nullptr : &It->second;
}

std::optional<bool> WitnessSearch::Impl::solve(std::vector<uintptr_t> Key) {
  if (Q->Budget)
    --*Q->Budget;
  Solver->push();
  for (uintptr_t E : Key)
    Solver->addConstraint(reinterpret_cast<llvm::SMTExprRef>(E));
  ++Checks;
  std::optional<bool> R = Solver->check();
  Solver->pop();
  Answers.emplace(std::move(Key), R);
  return R;
}

std::optional<bool> WitnessSearch::Impl::checkSlice(PathState &S,
                                                    size_t Seed,
                                                    bool *AllStable) {
  // The constraints that share symbols, transitively, with the seed: the
  // others cannot make it unsatisfiable. One scope per check: small
  // independent problems are far cheaper than one deep incremental stack.
  llvm::DenseSet<unsigned> Syms;
  std::vector<bool> In(S.Cons.size(), false);
  In[Seed] = true;
  bool All = S.Cons[Seed].Many;
  Syms.insert(S.Cons[Seed].Support.begin(), S.Cons[Seed].Support.end());
  for (bool Grew = true; Grew && !All;) {
    Grew = false;
    for (size_t I = 0; I < S.Cons.size() && !All; ++I) {
      if (In[I])
        continue;
      const Val &C = S.Cons[I];
      bool Shares = C.Many || llvm::any_of(C.Support, [&](unsigned Sym) {
                      return Syms.contains(Sym);
                    });
      if (!Shares)
        continue;
      In[I] = Grew = true;
      All |= C.Many;
      Syms.insert(C.Support.begin(), C.Support.end());
    }
  }
  if (AllStable) {
    *AllStable = !All;
    for (size_t I = 0; I < S.Cons.size(); ++I)
      if ((In[I] || S.Cons[I].Many) && I != Seed && !S.Stable[I])
        *AllStable = false;
  }
  std::vector<uintptr_t> Key;
  for (size_t I = 0; I < S.Cons.size(); ++I)
    if (All || In[I] || S.Cons[I].Many)
      Key.push_back(reinterpret_cast<uintptr_t>(S.Cons[I].E));
  std::optional<bool> R;
  if (const std::optional<bool> *C = answered(Key)) {
    R = *C;
  } else if (Q->Budget && *Q->Budget == 0) {
    // The translation unit's budget is spent: no verdict.
    SolverGaveUp = Exhausted = true;
    return std::nullopt;
  } else {
    R = solve(std::move(Key));
  }
  if (!R) {
    // Once the solver gives up the verdict cannot be Infeasible; a few
    // more tries may still find a feasible path, then stop paying.
    SolverGaveUp = true;
    if (++Unknowns >= MaxUnknowns)
      Exhausted = true;
  }
  if (R && *R)
    for (size_t I = 0; I < S.Cons.size(); ++I)
      if (All || In[I] || S.Cons[I].Many)
        S.Verified[I] = true;
  return R;
}

std::optional<bool> WitnessSearch::Impl::checkLast(PathState &S,
                                                   bool *AllStable) {
  return checkSlice(S, S.Cons.size() - 1, AllStable);
}

std::optional<bool> WitnessSearch::Impl::checkAll(PathState &S) {
  std::optional<bool> R = true;
  for (size_t I = 0; I < S.Cons.size(); ++I) {
    if (S.Verified[I])
      continue;
    if (S.Cons[I].K) // Known false.
      return false;
    if (Checks >= CheckCap) {
      Exhausted = true;
      return std::nullopt;
    }
    std::optional<bool> One = checkSlice(S, I);
    if (One && !*One)
      return false;
    if (!One)
      R = std::nullopt;
  }
  return R;
}

WitnessSearch::Impl::EdgeStep
WitnessSearch::Impl::takeEdge(PathState &S, const CFGBlock *B, unsigned Edge) {
  atSite(B->getBlockID(), 1 + 2 * Edge, S.Visits[B->getBlockID()]);
  if (skipsGivenCount(S, B, Edge)) {
    ++Tried; // Refuted on this path only: later tests may exit.
    // Unless no later test is on a path to the loss: the body cannot
    // reach it (and the allocation is outside the loop). Then every path
    // that takes this exit takes it on the first test: refuted everywhere,
    // so the prefixes before the loop are not enumerated one by one.
    const CFGBlock *Body = B->succ_begin()->getReachableBlock();
    if (Body && DistLoss[Body->getBlockID()] == ~0u &&
        !Dom.dominates(B, ById[SiteBlock]))
      forgetEdge(B, Edge);
    return EdgeStep::Refuted;
  }
  Val C;
  if (!edgeConstraint(S, B, Edge, C))
    return EdgeStep::Open; // Nothing to assume.
  if (C.K) {
    if (!C.K->isZero())
      return EdgeStep::Open;
    ++Tried; // Decided by the constants alone.
    refuteEverywhere(S, B, Edge, true);
    return EdgeStep::Refuted;
  }
  bool Check = related(S, C);
  assume(S, C, stableEdge(S, B, Edge));
  if (!Check)
    return EdgeStep::Open;
  if (Checks >= CheckCap) {
    Exhausted = true;
    return EdgeStep::Exhausted;
  }
  bool AllStable = false;
  std::optional<bool> R = checkLast(S, &AllStable);
  if (R && !*R) {
    ++Tried;
    refuteEverywhere(S, B, Edge, AllStable);
    return EdgeStep::Refuted;
  }
  return EdgeStep::Open;
}

bool WitnessSearch::Impl::explore(PathState S, const CFGBlock *B,
                                  unsigned From, std::vector<unsigned> &Path) {
  size_t PathSize = Path.size();
  struct Trim {
    std::vector<unsigned> &P;
    size_t N;
    ~Trim() { P.resize(N); }
  } TrimPath{Path, PathSize};
  // When this frame reaches the allocation: the state's signature, recorded
  // as refuted if the search from here finds nothing and never gave up.
  struct Memo {
    Impl &I;
    std::vector<uintptr_t> Sig;
    bool Active = false, WasExhausted = false, WasGaveUp = false;
    unsigned Cuts = 0;
    ~Memo() {
      if (Active && I.Found.empty() && I.Exhausted == WasExhausted &&
          I.SolverGaveUp == WasGaveUp && I.Cut == Cuts)
        I.FailedAt.insert(std::move(Sig));
    }
  } Remember{*this, {}};
  while (true) {
    if (Exhausted || AllRefuted)
      return false;
    unsigned Id = B->getBlockID();
    if (++S.Visits[Id] > MaxBlockVisits + S.ExtraVisits) {
      ++Cut;
      return false;
    }
    if (S.Visits[Id] > 1) {
      // Around a loop again: what one iteration wrote may hold any value
      // after more of them.
      atSite(Id, 0, S.Visits[Id]);
      auto Last = std::find(S.Trace.rbegin(), S.Trace.rend(), Id);
      for (auto It = Last.base() - 1; It != S.Trace.end(); ++It)
        havocWrites(S, ById[*It]);
    }
    S.Trace.push_back(Id);
    if (S.Tracking)
      Path.push_back(Id);
    unsigned Index = 0;
    bool LossHere = false;
    // Whether this visit of the block started tracking: then the statement
    // that stores the allocation's result (`fd = open(...)` in a loop) is
    // not a loss of it, only of a block allocated on an earlier turn.
    bool StartedHere = false;
    for (const CFGElement &El : *B) {
      unsigned I = Index++;
      if (I < From)
        continue;
      if (++Steps > MaxSteps) {
        Exhausted = true;
        return false;
      }
      atSite(Id, 2 + 2 * I, S.Visits[Id]);
      if (auto CS = El.getAs<CFGStmt>()) {
        step(S, CS->getStmt());
        if (!S.Tracking && CS->getStmt() == Q->Site && S.SkipSites > 0) {
          --S.SkipSites; // This turn's resource is not the one followed.
        } else if (!S.Tracking && CS->getStmt() == Q->Site) {
          std::vector<uintptr_t> Sig;
          if (signature(S, Sig)) {
            if (FailedAt.count(Sig)) {
              ++Tried; // Refuted from an equivalent state already.
              return false;
            }
            Remember.Sig = std::move(Sig);
            Remember.Active = true;
            Remember.WasExhausted = Exhausted;
            Remember.WasGaveUp = SolverGaveUp;
            Remember.Cuts = Cut;
          }
          startTracking(S, cast<Expr>(Q->Site)); // Checked in find().
          StartedHere = true;
          if (!S.PendingOuts.empty()) {
            applyOuts(S, S.PendingOuts, S.Cache[Q->Site]);
            S.PendingOuts.clear();
          }
          Path.push_back(Id);
        }
      }
      if (S.Tracking && Id == Q->LossBlock && I + 1 == Q->LossElement &&
          !(StartedHere && HolderIsLoss)) {
        LossHere = true;
        break;
      }
    }
    if (S.Tracking && Id == Q->LossBlock && Q->LossElement == 0)
      LossHere = true;
    if (LossHere) {
      // The loss point: is the whole path possible?
      ++Tried;
      ++Complete;
      // Ownership on this path alone: the per-edge judgement joins paths
      // (a hand-off on one arm of a branch, kept on the other).
      if (Q->OwnedAlong && !Q->OwnedAlong(Path)) {
        ++OwnerRejects;
        return false;
      }
      if (Checks >= CheckCap) {
        Exhausted = true;
        return false;
      }
      std::optional<bool> R = checkAll(S);
      if (R && *R) {
        Found = Path;
        return true;
      }
      // Infeasible or undecided: this path ends here (going on would pass
      // the loss point).
      return false;
    }
    From = 0;
    // The successors this path may take, nearest to the goal first.
    const std::vector<unsigned> &Dist = S.Tracking ? DistLoss : DistSite;
    llvm::SmallVector<std::pair<unsigned, unsigned>, 4> Next; // Dist, edge.
    unsigned K = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned Edge = K++;
      const CFGBlock *N = Succ.getReachableBlock();
      if (!N || Dist[N->getBlockID()] == ~0u)
        continue;
      if (S.Tracking && !owned(B, Edge))
        continue;
      // A block that may hand the resource off or release it: whether
      // this path still owns it is the replay's to say, now rather than at
      // the loss point (the paths after a hand-off are many).
      if (S.Tracking && Q->OwnedAlong && Q->EndsIn && Q->EndsIn(B)) {
        Path.push_back(N->getBlockID());
        bool Still = Q->OwnedAlong(Path);
        Path.pop_back();
        if (!Still) {
          ++Tried;
          ++OwnerRejects;
          continue;
        }
      }
      Next.push_back({Dist[N->getBlockID()], Edge});
    }
    std::stable_sort(Next.begin(), Next.end());
    if (Next.empty())
      return false;
    if (Next.size() == 1) {
      unsigned Edge = Next[0].second;
      if (takeEdge(S, B, Edge) != EdgeStep::Open)
        return false;
      B = (B->succ_begin() + Edge)->getReachableBlock();
      continue;
    }
    for (auto [D, Edge] : Next) {
      PathState S2 = S;
      EdgeStep Step = takeEdge(S2, B, Edge);
      if (Step == EdgeStep::Exhausted)
        return false;
      if (Step == EdgeStep::Refuted)
        continue;
      if (explore(std::move(S2), (B->succ_begin() + Edge)->getReachableBlock(),
                  0, Path))
        return true;
      if (Exhausted)
        return false;
    }
    return false;
  }
}

WitnessResult WitnessSearch::Impl::find(const WitnessQuery &Query) {
  Site = {};
  WitnessResult Res;
  Q = &Query;
  if (!PM) {
    PM = std::make_unique<ParentMap>(const_cast<Stmt *>(FD->getBody()));
    EscapeScan(*PM, Escaped, Assigned, AlwaysEscaped, EscapeAt)
        .TraverseStmt(const_cast<Stmt *>(FD->getBody()));
    Dom.buildDominatorTree(const_cast<CFG *>(&Cfg));
    ById.assign(Cfg.getNumBlockIDs(), nullptr);
    for (const CFGBlock *B : Cfg) {
      ById[B->getBlockID()] = B;
      unsigned I = 0;
      for (const CFGElement &E : *B) {
        if (auto CS = E.getAs<CFGStmt>()) {
          const Stmt *St = CS->getStmt();
          Where.try_emplace(St, B->getBlockID(), I);
          const Expr *Target = nullptr;
          if (const auto *BO = dyn_cast<BinaryOperator>(St);
              BO && BO->isAssignmentOp())
            Target = BO->getLHS()->IgnoreParens();
          else if (const auto *UO = dyn_cast<UnaryOperator>(St);
                   UO && UO->isIncrementDecrementOp())
            Target = UO->getSubExpr()->IgnoreParens();
          if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Target)) {
            if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
              Writes[V].push_back({B->getBlockID(), I});
          } else if (const auto *DS = dyn_cast<DeclStmt>(St)) {
            for (const Decl *D : DS->decls())
              if (const auto *V = dyn_cast<VarDecl>(D))
                Writes[V].push_back({B->getBlockID(), I});
          }
        }
        ++I;
      }
    }
    // Each escape belongs to the innermost CFG element around it: the
    // variable is memory once a path has run that element.
    for (const auto &[DRE, V] : EscapeAt) {
      const Stmt *X = DRE;
      while (X && !Where.count(X))
        X = PM->getParent(X);
      if (X)
        Exposes[X].push_back(V);
      else
        AlwaysEscaped.insert(V); // Not inside any element: be safe.
    }
  }
  auto SiteIt = Where.find(Query.Site);
  if ((Query.Budget && *Query.Budget == 0) ||
      !isa_and_nonnull<Expr>(Query.Site) || SiteIt == Where.end() || Query.LossBlock >= ById.size() ||
      !ById[Query.LossBlock])
    return Res;
  SiteBlock = SiteIt->second.first;
  // The variable the allocation's result is stored in, if the statement
  // around it is `v = site` or `T v = site`, casts included (`p = (char *)
  // malloc(n)`).
  SiteVar = nullptr;
  {
    const Stmt *P = PM->getParentIgnoreParenCasts(const_cast<Stmt *>(Query.Site));
    const Stmt *Holder = nullptr;
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
        BO && BO->getOpcode() == BO_Assign &&
        BO->getRHS()->IgnoreParenCasts() == Query.Site)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens())) {
        SiteVar = dyn_cast<VarDecl>(DRE->getDecl());
        Holder = BO;
      }
    if (!SiteVar)
      for (const auto &[V, Ws] : Writes)
        if (V->getInit() && V->getInit()->IgnoreParenCasts() == Query.Site)
          for (auto [Blk, Elem] : Ws) {
            const CFGElement &E = (*ById[Blk])[Elem];
            if (auto CS = E.getAs<CFGStmt>();
                CS && isa<DeclStmt>(CS->getStmt())) {
              SiteVar = V;
              Holder = CS->getStmt();
            }
          }
    HolderIsLoss = false;
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Holder);
        BO && Query.LossLoc.isValid()) {
      // The loss is reported at the assignment as written, parentheses
      // included: `if ((fd = open(...)) < 0)`.
      const Stmt *Written = BO;
      while (const auto *PE =
                 dyn_cast_or_null<ParenExpr>(PM->getParent(Written)))
        Written = PE;
      HolderIsLoss = Query.LossLoc == BO->getBeginLoc() ||
                     Query.LossLoc == BO->getExprLoc() ||
                     Query.LossLoc == Written->getBeginLoc();
    }
    auto HIt = Holder ? Where.find(Holder) : Where.end();
    if (HIt == Where.end() || HIt->second.first != SiteBlock)
      SiteVar = nullptr;
    else
      SiteWriteElem = HIt->second.second;
  }
  unsigned N = Cfg.getNumBlockIDs();

  // Distances: to the allocation over every edge, to the loss point over
  // the edges along which the memory may still be owned.
  Refuted.clear();
  FailedAt.clear();
  GivenCountLoops.clear();
  AfterSite.assign(N, false);
  NamedAfter.clear();
  SiteInLoop = false;
  {
    std::vector<unsigned> Work{SiteBlock};
    AfterSite[SiteBlock] = true;
    while (!Work.empty()) {
      const CFGBlock *X = ById[Work.back()];
      Work.pop_back();
      if (!X)
        continue;
      for (const CFGElement &E : *X)
        if (auto CS = E.getAs<CFGStmt>())
          collectNames(CS->getStmt(), NamedAfter);
      if (const Stmt *T = X->getTerminatorCondition())
        collectNames(T, NamedAfter);
      for (const CFGBlock::AdjacentBlock &Succ : X->succs()) {
        const CFGBlock *Y = Succ.getReachableBlock();
        if (Y && Y->getBlockID() == SiteBlock)
          SiteInLoop = true;
        if (Y && !AfterSite[Y->getBlockID()]) {
          AfterSite[Y->getBlockID()] = true;
          Work.push_back(Y->getBlockID());
        }
      }
    }
  }
  BeforeSite = reaching(ById[SiteBlock]);
  DistSite = distances(SiteBlock, false);
  DistLoss = distances(Query.LossBlock, true);
  if (DistLoss[SiteBlock] == ~0u && SiteBlock != Query.LossBlock)
    return Res;

  if (!Solver) {
    // One solver per translation unit, each check in its own scope:
    // creating a solver costs more than most checks.
    Solver = (Shared ? Shared : &Own)->P->get();
  }
  AllRefuted = false;
  // A branching prefix: first the relaxed search from the allocation.
  unsigned SiteTried = 0, SiteChecks = 0;
  bool Branchy = false;
  for (unsigned B = 0; B < N && !Branchy; ++B)
    Branchy = B != SiteBlock && BeforeSite[B] && ById[B] &&
              ById[B]->succ_size() > 1;
  if (Branchy && refuteFromSite(SiteIt->second.second, SiteTried, SiteChecks)) {
    Res.Verdict = WitnessResult::Infeasible;
    Res.PathsTried = SiteTried;
    Res.SolverChecks = SiteChecks;
    Q = nullptr;
    return Res;
  }
  resetSearch(MaxChecks);
  PathState S;
  S.Visits.assign(N, 0);
  std::vector<unsigned> Path;
  bool Ok = explore(std::move(S), &Cfg.getEntry(), 0, Path);
  bool Refuted = !Ok && allRefuted();
  if (Refuted && SiteInLoop) {
    // Every path followed the first turn's resource, which may be handed
    // off or released on every path where a later turn's is not
    // (`if (i == 0) keep(fd);` with `fd` reopened every turn). Search once
    // more, following the resource of the second execution of the
    // allocation.
    unsigned FirstTried = Tried, FirstChecks = Checks;
    resetSearch(MaxChecks);
    FailedAt.clear();
    PathState S2;
    S2.Visits.assign(N, 0);
    S2.SkipSites = 1;
    S2.ExtraVisits = 1;
    Path.clear();
    Ok = explore(std::move(S2), &Cfg.getEntry(), 0, Path);
    Refuted = !Ok && allRefuted();
    Tried += FirstTried;
    Checks += FirstChecks;
  }
  Res.BudgetExhausted = Exhausted || Cut > 0;
  if (Ok) {
    Res.Verdict = WitnessResult::Feasible;
    Res.Path = Found;
  } else if (Refuted) {
    // Every path was refuted (an impossible prefix refutes all its
    // extensions); paths cut at a block's third visit are longer variants
    // of refuted ones (the second visit already forgot what the loop
    // writes, so more turns only add constraints). Or a budget stopped the
    // search and every path tried whole was refuted: the unseen ones are
    // longer variants of those.
    Res.Verdict = WitnessResult::Infeasible;
  }
  Res.PathsTried = Tried + SiteTried;
  Res.SolverChecks = Checks + SiteChecks;
  Q = nullptr;
  return Res;
}

bool WitnessSearch::Impl::allRefuted() const {
  return AllRefuted ||
         (!SolverGaveUp && Tried > 0 && (!Exhausted || Complete > 0));
}

bool WitnessSearch::Impl::refuteFromSite(unsigned SiteElem, unsigned &Tries,
                                         unsigned &Calls) {
  if (Q->Budget && *Q->Budget == 0)
    return false;
  // The same search from the allocation, in a state that knows nothing of
  // the prefix: every key reads as a fresh symbol, no earlier block is
  // live, and every variable whose address the function takes is memory
  // (its escape may lie before the allocation).
  resetSearch(MaxSiteChecks);
  PathState S;
  S.Visits.assign(Cfg.getNumBlockIDs(), 0);
  for (const VarDecl *V : Escaped)
    S.Exposed.push_back(V);
  std::vector<unsigned> Path;
  bool Ok = explore(std::move(S), ById[SiteBlock], SiteElem, Path);
  // Only a finished search counts: with its small budget, "every path that
  // reached the loss point was refuted" says little about the others.
  bool Refuted = !Ok && (AllRefuted || (!SolverGaveUp && !Exhausted && Tried > 0));
  Found.clear();
  Tries = Tried;
  Calls = Checks;
  return Refuted;
}

WitnessSolver::WitnessSolver() : P(std::make_unique<Impl>()) {}
WitnessSolver::~WitnessSolver() = default;
WitnessSearch::WitnessSearch(ASTContext &Ctx, const FunctionDecl *FD,
                             const CFG &Cfg, WitnessSolver *Shared)
    : P(std::make_unique<Impl>(Ctx, FD, Cfg, Shared)) {}
WitnessSearch::~WitnessSearch() = default;
WitnessResult WitnessSearch::find(const WitnessQuery &Q) { return P->find(Q); }
bool WitnessSearch::solverAvailable() { return true; }

#else // !LLVM_WITH_Z3

class WitnessSolver::Impl {};
WitnessSolver::WitnessSolver() = default;
WitnessSolver::~WitnessSolver() = default;
class WitnessSearch::Impl {};
WitnessSearch::WitnessSearch(ASTContext &, const FunctionDecl *, const CFG &,
                             WitnessSolver *) {}
WitnessSearch::~WitnessSearch() = default;
WitnessResult WitnessSearch::find(const WitnessQuery &) {
  WitnessResult R;
  R.Verdict = WitnessResult::Unchecked;
  return R;
}
bool WitnessSearch::solverAvailable() { return false; }

#endif // LLVM_WITH_Z3

} // namespace leakhound
