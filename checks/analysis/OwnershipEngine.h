//===--- OwnershipEngine.h - the ownership engine's classes -----*- C++ -*-===//
//
// The two classes of the ownership engine, private to its files:
//  * OwnershipAnalysis::Impl, the per-TU analysis: the options, the models
//    of calls (OwnershipCalls.cpp), the summaries and which functions get
//    one (OwnershipSummaries.cpp), and the reports and limits collected.
//  * FunctionAnalysis, the dataflow of one function over the memory model
//    of OwnershipModel.h. Its member functions live by responsibility:
//      OwnershipValues.cpp     expressions: which locations an lvalue names,
//                              which targets a value has; effects on
//                              objects (release, escape, store, allocate)
//      OwnershipTransfer.cpp   statements: calls, constructions, `new`,
//                              `delete`, assignments, declarations, returns
//      OwnershipBranches.cpp   branch conditions: null refinement and the
//                              integer facts that tell paths apart
//      OwnershipDataflow.cpp   the worklist, disjuncts, joins, widening, the
//                              bounds, and the block transfer (scope ends)
//      OwnershipReports.cpp    leak detection at a program point, the
//                              messages, and the witness path's notes
//      OwnershipSummaries.cpp  the summary of the function, from its exit
//      OwnershipNoReturn.cpp   calls that end the process and returns
//                              that end a failed test: dead paths, and
//                              realloc failure paths that end there
//      OwnershipElementLoops.cpp  loops that release an array's elements
//                              release them all, also on the exit edge
//      OwnershipKinds.cpp      resource kinds other than memory (their
//                              models, messages and none values) and the
//                              lending rule (SystemCalls.h)
//      OwnershipOutParams.cpp  out-parameters: fresh memory stored through
//                              a pointer parameter, in the summary and at
//                              the caller (with the return values it is
//                              fresh on)
//      OwnershipExceptions.cpp calls that may throw lose what only locals
//                              hold
//      OwnershipIndirect.cpp   calls through function pointers and virtual
//                              calls: the join of their targets' models
//                              (CallTargets.h), slot and override facts
//      OwnershipFields.cpp     owners that outlive a function: fields and
//                              globals given a fresh resource that nothing
//                              gives back, once per TU
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPENGINE_H
#define LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPENGINE_H

#include "AllocationHooks.h"
#include "CallTargets.h"
#include "ExprUtils.h"
#include "Feasibility.h"
#include "Ownership.h"
#include "OwnershipFacts.h"
#include "OwnershipModel.h"
#include "SystemHeaders.h"
#include "VisibleThrows.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace leakhound {
namespace ownership {

struct Verdict;

/// \p N without a leading `::` and without the `__builtin_` prefix (and the
/// `_chk` suffix of fortified builtins): `__builtin___memcpy_chk` is memcpy.
llvm::StringRef baseName(llvm::StringRef N);

/// The source text of \p E, or empty when it is long, spans lines or comes
/// from a macro that cannot be mapped back to the file.
std::string textOf(const clang::Expr *E, const clang::ASTContext &Ctx);

/// Facts the prescan of an analysed body finds.
struct BodyScan : clang::RecursiveASTVisitor<BodyScan> {
  /// Whether to count conditions (for path facts, which only functions
  /// with an allocation site keep).
  explicit BodyScan(bool CountConditions) : CountConditions(CountConditions) {}
  bool CountConditions;
  llvm::DenseSet<const clang::VarDecl *> AddressTaken;
  /// How often each variable appears in a condition.
  llvm::DenseMap<const clang::VarDecl *, unsigned> InConditions;

  bool VisitCXXThisExpr(clang::CXXThisExpr *) { return true; }
  bool VisitUnaryOperator(clang::UnaryOperator *U) {
    if (U->getOpcode() == clang::UO_AddrOf)
      if (auto *DR = llvm::dyn_cast<clang::DeclRefExpr>(
              U->getSubExpr()->IgnoreParens()))
        if (auto *V = llvm::dyn_cast<clang::VarDecl>(DR->getDecl()))
          AddressTaken.insert(V);
    return true;
  }
  void countCondition(const clang::Expr *C) {
    if (!C || !CountConditions)
      return;
    struct Counter : clang::RecursiveASTVisitor<Counter> {
      BodyScan &S;
      explicit Counter(BodyScan &S) : S(S) {}
      bool VisitDeclRefExpr(clang::DeclRefExpr *DR) {
        if (auto *V = llvm::dyn_cast<clang::VarDecl>(DR->getDecl()))
          ++S.InConditions[V];
        return true;
      }
    } Cn(*this);
    Cn.TraverseStmt(const_cast<clang::Expr *>(C));
  }
  bool VisitIfStmt(clang::IfStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitWhileStmt(clang::WhileStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitForStmt(clang::ForStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitDoStmt(clang::DoStmt *S) {
    countCondition(S->getCond());
    return true;
  }
  bool VisitConditionalOperator(clang::ConditionalOperator *C) {
    countCondition(C->getCond());
    return true;
  }
};

/// Whether \p X and \p Y name the same object (`p`, `s->buf`, `a[i]`).
bool sameLValue(const clang::Expr *X, const clang::Expr *Y);
/// Whether \p E is a pointer constant with all bits set (`MAP_FAILED`,
/// `(void *)-1`), the none value of mappings.
bool isAllOnesPointer(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The local variable \p E names if path facts are kept about it: an integer
/// (or, with \p AllowPointers, a pointer) whose address is not taken and
/// that appears in at least two conditions.
const clang::VarDecl *factVar(const clang::Expr *E, const BodyScan &Scan,
                              bool AllowPointers = false);

} // namespace ownership

//===----------------------------------------------------------------------===//
// The per-TU analysis: options, callee models, summaries, reports.
//===----------------------------------------------------------------------===//

class OwnershipAnalysis::Impl {
public:
  using CallModel = ownership::CallModel;
  using PartEffect = ownership::PartEffect;

  Impl(clang::ASTContext &Ctx, const OwnershipOptions &Opts);

  // Summaries (OwnershipSummaries.cpp).

  /// Computes \p FD's summary and reports its leaks. At the top level
  /// (!OnDemand) a function that cannot report and whose summary is not
  /// exported is left for a caller to ask about.
  void analyse(const clang::FunctionDecl *FD, bool OnDemand);
  const OwnershipSummary *summaryFor(const clang::FunctionDecl *Def);
  /// Whether \p Def has an allocation site of its own (`new`, `delete`, a
  /// call that allocates), so that it may report. A summarised callee is
  /// asked for its summary only if it may allocate at all (mayAllocate),
  /// since computing summaries is what costs.
  bool allocates(const clang::FunctionDecl *Def);
  enum class CallAlloc { No, Yes, IfCalleeAllocates };
  /// Whether a call is an allocation site as far as is known without
  /// computing summaries (IfCalleeAllocates: the callee's summary decides).
  CallAlloc classifyCall(const clang::CallExpr *CE);
  /// Whether \p Def can create memory this analysis tracks: an allocation
  /// site (`new`, a call that allocates) in its body or in that of a
  /// summarised function it calls for a pointer, transitively. A function
  /// that cannot does not return fresh memory, whatever its dataflow would
  /// find, so its summary need not be computed to know that. A walk of the
  /// bodies, not a dataflow; memoized.
  bool mayAllocate(const clang::FunctionDecl *Def);
  struct AllocNode {
    /// A `new`, or a call known to allocate without computing a summary.
    bool Direct = false;
    bool Deletes = false; ///< A `delete` (the function may report).
    /// Callees (as called) whose summary would decide; not yet summarised.
    llvm::SmallVector<const clang::FunctionDecl *, 4> Callees;
  };
  const AllocNode &allocNode(const clang::FunctionDecl *Def);
  /// The definition of \p FD this TU can analyse, or null (no body, a
  /// system header, a template, a body with error-recovery nodes).
  const clang::FunctionDecl *
  analysableDefinition(const clang::FunctionDecl *FD);

  // Call models (OwnershipCalls.cpp).

  CallModel modelFor(const clang::FunctionDecl *FD, const clang::CallExpr *CE);
  void keepParamsStoredByInitializers(const clang::FunctionDecl *FD,
                                      CallModel &M);
  /// The same for the summary of the constructor \p Def (what other files
  /// read): a pointer parameter a member initializer stores is taken.
  void summariseInitializers(const clang::FunctionDecl *Def,
                             OwnershipSummary &S);
  CallModel computeModel(const clang::FunctionDecl *FD,
                         const clang::CallExpr *CE, bool *Cacheable = nullptr);
  /// Fills \p M for a function known by its name (the C library, the
  /// configured allocators and deallocators, global new/delete).
  bool namedModel(const clang::FunctionDecl *FD, CallModel &M);
  // Resource kinds and lending (OwnershipKinds.cpp).

  /// Fills \p M for a library function of the kind table (ResourceKinds.h):
  /// an acquirer or releaser of the family followed, or one of another
  /// family's, which only lends its arguments here.
  bool kindModel(const clang::FunctionDecl *FD, llvm::StringRef Name,
                 CallModel &M);
  /// Refines the keep-everything model \p M of a library function by the
  /// lending rule (SystemCalls.h); false if the rule does not apply.
  bool lendingModel(const clang::FunctionDecl *FD, CallModel &M);
  /// Parameters of a function with no body and no summary that are
  /// pointers or references to const lend (SystemCalls.h).
  void lendConstParams(const clang::FunctionDecl *FD, CallModel &M);
  /// Whether \p Def's summary can matter to another TU for the family
  /// followed (memory: always; handles: a parameter or result that can
  /// hold one).
  bool summaryMatters(const clang::FunctionDecl *Def);
  /// Whether a result of type \p T may be a fresh resource of the family
  /// (memory: any pointer; handles: one that can hold a handle).
  bool resultMayHold(clang::QualType T);
  bool tracksMemory() const {
    return Opts.Family == ResourceFamily::Memory;
  }
  /// Whether a value of type \p T may be a tracked resource: a pointer,
  /// or, for the handle family, a descriptor (an `int`, ResourceKinds.h).
  bool mayCarry(clang::QualType T) const {
    return T->isPointerType() || (!tracksMemory() && isDescriptorType(T));
  }
  /// Whether the function \p Def, called with a descriptor or returning
  /// one, can matter to the handle family: its body (or that of a function
  /// of this TU it calls, transitively) calls a descriptor acquirer,
  /// releaser or user, or a function with no body here. Memoized.
  bool touchesDescriptors(const clang::FunctionDecl *Def);
  /// Whether the `int` result of the call \p CE in \p Fn, of a function
  /// of another file, may be a descriptor (Fn uses it as one, or keeps it
  /// in a local it never reads): the merge then decides whether it is
  /// fresh. Handles only, when recording conditions.
  bool possibleDescriptorResult(const clang::FunctionDecl *Fn,
                                const clang::CallExpr *CE);
  /// A function body's parents and the references to each variable: what
  /// possibleDescriptorResult and inertParams read, made once per function.
  struct BodyRefs {
    explicit BodyRefs(clang::Stmt *Body) : PM(Body) {}
    clang::ParentMap PM;
    llvm::DenseMap<const clang::VarDecl *,
                   llvm::SmallVector<const clang::DeclRefExpr *, 4>>
        Refs;
  };
  BodyRefs &bodyRefs(const clang::FunctionDecl *Fn);
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<BodyRefs>>
      BodyRefsOf;
  /// Whether \p E is an argument of a platform function that uses a
  /// descriptor or a handle (`close`, `read`, `fstat`...).
  bool passedToDescriptorUser(const clang::Expr *E, clang::ParentMap &PM);
  /// For a function of this TU that does not touch descriptors or handles:
  /// which of its `int` and pointer parameters it only reads (never stores,
  /// returns, computes with or hands on, itself or what it points to). None
  /// for other functions, or the memory family (OwnershipKinds.cpp).
  std::optional<std::vector<bool>>
  inertParams(const clang::FunctionDecl *Def, unsigned Depth = 0);
  struct InertScan {
    BodyRefs &Body;
    /// The variables whose uses are being followed.
    llvm::SmallPtrSet<const clang::VarDecl *, 8> Following;
  };
  bool onlyRead(const clang::Expr *U, InertScan &Scan, unsigned Depth);
  bool localCopyOnlyRead(const clang::VarDecl *V, InertScan &Scan,
                         unsigned Depth);
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::optional<std::vector<bool>>>
      InertParams;
  llvm::DenseMap<const clang::FunctionDecl *, bool> TouchesFds;

  /// The definition whose summary models calls to \p FD, or null.
  const clang::FunctionDecl *
  summarisedDefinition(const clang::FunctionDecl *FD);
  /// What a call leaves in its callee's integer out-parameters (the
  /// callee's summary here, or in the facts of other TUs); null if nothing
  /// is known.
  const std::vector<OutFlag> *outValuesOf(const clang::CallExpr *CE);
  /// Whether a call of \p FD may return a fresh resource: false only when
  /// that is clear without computing a summary (a definition here from
  /// which no allocation site is reachable, mayAllocate).
  bool mayReturnFresh(const clang::FunctionDecl *FD);
  /// Whether calls to \p FD are modelled already (no summary to compute).
  bool hasModel(const clang::FunctionDecl *FD) const {
    if (Models.count(FD))
      return true;
    const clang::FunctionDecl *Def = nullptr;
    return FD->hasBody(Def) && Def && Summaries.count(Def->getCanonicalDecl());
  }
  /// A call through a function-pointer variable the options name
  /// (`xmlMalloc`, `g_free` hooks): the variable's name decides. False if
  /// the options name no such variable.
  bool modelForPointerVar(const clang::CallExpr *CE, CallModel &M);
  /// Fills \p M for a call through a function-pointer variable the options
  /// name or an allocation hook (AllocationHooks.h); false if neither.
  bool indirectModel(const clang::CallExpr *CE, CallModel &M) {
    return modelForPointerVar(CE, M) || (tracksMemory() && hookModel(CE, M));
  }

  // Indirect and virtual calls (OwnershipIndirect.cpp).

  /// The TU's call-target resolver, created on first use.
  CallTargets &callTargets();
  /// Fills \p M for a call through a function pointer or a virtual call
  /// from its targets; false when they are unknown (the unknown-call rule).
  bool targetsModel(const clang::CallExpr *CE, CallModel &M);
  /// A call to something another TU describes under \p Usr: resolved by
  /// the merged facts, else deps decided at the merge (RecordConditions).
  CallModel depsModel(llvm::StringRef Usr, unsigned NParams, bool IsMethod,
                      bool ReturnsPointer, llvm::StringRef Name);
  /// \p F's calls as a summary another TU can read (null: unknown).
  std::optional<OwnershipSummary> targetSummary(const clang::FunctionDecl *F,
                                                unsigned NParams, bool HasThis,
                                                bool ReturnsPointer);
  /// The summaries of the slots other TUs may call through, and of the
  /// overriders of each virtual method ("virt:<usr>"), into \p Out.
  void slotSummaries(Json &Out);
  void virtualSummaries(Json &Out);
  std::shared_ptr<CallTargets> Targets; ///< Shared by the families.

  /// Fills \p M.Outs from the out slots of \p S, a summary of \p FD
  /// (OwnershipOutParams.cpp).
  void outModels(const clang::FunctionDecl *FD, const OwnershipSummary &S,
                 CallModel &M);
  /// Whether a call passes a pointer to a pointer or to a struct, through
  /// which its callee may hand out memory.
  bool mayHandOut(const clang::CallExpr *CE);
  /// With RecordConditions, for a function defined in another TU: each
  /// `T **` parameter (and pointer field of a struct parameter) may
  /// receive fresh memory; the merge decides.
  void condOutModels(const clang::FunctionDecl *FD, llvm::StringRef Usr,
                     CallModel &M);

  // Allocation hooks, interior-pointer deallocators, constructors that hand
  // out `this` (OwnershipHooks.cpp).
  /// An allocation hook's kind, decided from the models of the functions
  /// the TU stores into it.
  struct Hook {
    enum Kind { None, Alloc, Realloc, Release } K = None;
    bool HasTargets = false; ///< Some function of this TU is stored in it.
    std::string LibDealloc;  ///< Alloc/Realloc: the targets' deallocator.
    llvm::SmallVector<std::string, 2> TargetNames;
  };
  const Hook &hookFor(const clang::VarDecl *V);
  /// Fills HookStores from the call-target resolver.
  void ensureHookStores();
  bool hookModel(const clang::CallExpr *CE, CallModel &M);
  /// The name of the one release hook the TU stores \p LibDealloc into.
  std::string hookDealloc(llvm::StringRef LibDealloc);
  /// The function of the TU that releases its parameter after stepping back
  /// \p Bytes (see PointerOffset.h), or empty when none or several do.
  std::string stepBackDeallocator(int64_t Bytes, clang::QualType RetType);
  /// Whether \p Ctor stores or passes `this` itself (not a member of it).
  bool ctorHandsOutThis(const clang::CXXConstructorDecl *Ctor);
  /// The summaries of the hooks this TU stores into, by variable USR.
  Json hookSummaries();
  /// A summary's fate for a parameter part, as an effect here: deps the
  /// merged facts decide are resolved, the others kept (RecordConditions)
  /// or decided by the unknown-call rule.
  PartEffect resolve(const EffectDeps &E);
  /// Applies a summary's RetUnless to the fresh result of \p M.
  void retUnless(const OwnershipSummary &S, ownership::CallModel &M);
  unsigned depId(llvm::StringRef Name) {
    auto [It, New] = DepIds.try_emplace(Name, DepNames.size());
    if (New)
      DepNames.push_back(Name.str());
    return It->second;
  }
  std::string usrOf(const clang::Decl *D) {
    llvm::SmallString<128> Buf;
    if (clang::index::generateUSRForDecl(D, Buf))
      return {};
    return std::string(Buf);
  }
  bool inSystemHeader(const clang::Decl *D) {
    return leakhound::inSystemHeader(SM, D);
  }

  // Exceptions (OwnershipExceptions.cpp).
  /// Whether a call to \p F may visibly throw.
  bool mayThrow(const clang::FunctionDecl *F);
  std::optional<VisibleThrows> Throws; ///< Made on first use.

  // Paths that end the process (OwnershipNoReturn.cpp).
  /// Whether a call to \p FD never returns: declared so (`noreturn`,
  /// `analyzer_noreturn`), or every path of its definition here ends in
  /// such a call.
  bool neverReturns(const clang::FunctionDecl *FD);
  llvm::DenseMap<const clang::FunctionDecl *, bool> NeverReturns;

  // Owners that outlive a function (OwnershipFields.cpp).
  /// Checks, once the TU's functions are analysed, that the fields and
  /// globals given a fresh resource are given it back.
  void checkOwners();
  /// The owners other TUs may name, for the facts: whether this TU stores
  /// a fresh resource into each, and whether it loses one.
  struct OwnerFacts {
    bool Fresh = false, Lost = false;
  };
  std::map<std::string, OwnerFacts> ProgramOwners;
  Json ownerFacts() const;
  bool programDeps(const clang::ValueDecl *O, ownership::Verdict &V);

  // Results.

  void addReport(LeakReport R) { Reports.push_back(std::move(R)); }
  bool SolverNoted = false; ///< Said once that paths go unchecked.
  /// Solver calls left for witness paths in this TU (Feasibility.h).
  unsigned WitnessBudget = 150;
  /// The solver every function's witness search shares.
  WitnessSolver Solver;
  void addLimit(const clang::FunctionDecl *FD, std::string What) {
    Limits.push_back({FD, std::move(What)});
  }

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  const OwnershipOptions &Opts;
  llvm::StringSet<> Allocators, Deallocators, ReallocFunctions;
  std::optional<MergedOwnership> Merged;
  std::map<const clang::FunctionDecl *, OwnershipSummary> Summaries;
  llvm::DenseMap<const clang::FunctionDecl *, bool> BodyErrors;
  llvm::DenseMap<const clang::FunctionDecl *, CallModel> Models;
  llvm::DenseMap<const clang::FunctionDecl *, const clang::FunctionDecl *>
      SummarisedDefs;
  llvm::DenseMap<const clang::FunctionDecl *, AllocNode> AllocGraph;
  llvm::DenseMap<const clang::FunctionDecl *, bool> MayAlloc;
  llvm::DenseSet<const clang::FunctionDecl *> Visiting;
  std::vector<const clang::FunctionDecl *> Analysed;
  std::vector<LeakReport> Reports;
  std::vector<AnalysisLimit> Limits;
  std::vector<std::string> DepNames;
  llvm::StringMap<unsigned> DepIds;
  std::vector<const clang::FunctionDecl *> TUFunctions;
  std::optional<llvm::MapVector<const clang::VarDecl *, HookTargets>>
      HookStores;
  llvm::DenseMap<const clang::VarDecl *, Hook> Hooks;
  std::map<std::pair<int64_t, std::string>, std::string> StepBack;
  llvm::DenseMap<const clang::CXXConstructorDecl *, bool> CtorThis;
  /// The byte offset of the result of each interior-pointer allocator.
  llvm::DenseMap<const clang::FunctionDecl *, int64_t> InteriorOffsets;
  bool SawAllocation = false;
};

namespace ownership {

//===----------------------------------------------------------------------===//
// The dataflow of one function.
//===----------------------------------------------------------------------===//

/// The definition of a plain struct passed by value (not a union, not a
/// class that owns through its copy or destructor), or null: the callee's
/// copy holds the caller's pointers, as a pointer's pointee does.
const clang::RecordDecl *byValueRecord(clang::QualType T);

/// A program point where memory may lose its last reference: after a full
/// statement, at a variable's scope end, or at a return.
enum class EventKind { Statement, Scope, Return };
struct Event {
  EventKind Kind = EventKind::Statement;
  clang::SourceLocation Loc;
  std::string Var;
};

/// A leak found in the reporting pass, before its notes are computed: the
/// leaked object, the block and point where it was lost, and the message.
struct FoundLeak {
  unsigned Obj = 0;
  unsigned Block = 0;
  unsigned Elem = 0; ///< Elements of Block run when the memory is lost.
  clang::SourceLocation Where;
  std::string Message;
  bool Conditional = false;
  std::vector<std::string> FreshDeps, UnlessDeps;
  clang::SourceLocation FixLoc; ///< See LeakReport.
  std::string FixText;
};

class FunctionAnalysis {
public:
  FunctionAnalysis(OwnershipAnalysis::Impl &A, const clang::FunctionDecl *FD,
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
  unsigned siteObj(const clang::Stmt *Site, unsigned Gen) {
    auto [It, New] = SiteObjs.try_emplace({Site, Gen}, 0);
    if (New) {
      ObjInfo I;
      I.Site = Site;
      It->second = newObjInfo(I);
    }
    return It->second;
  }
  unsigned intern(const clang::VarDecl *V, unsigned Obj, unsigned Parent,
                  const clang::FieldDecl *F, int Index = -1) {
    auto Key = std::make_tuple(static_cast<const void *>(V), Obj, Parent,
                               static_cast<const void *>(F), Index);
    auto [It, New] = LocIndex.try_emplace(Key, Locs.size());
    if (New) {
      LocInfo L;
      L.Var = V;
      L.Obj = Obj;
      L.Parent = Parent;
      L.Field = F;
      L.Index = Index;
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
  unsigned varLoc(const clang::VarDecl *V) {
    return intern(V, 0, ~0u, nullptr);
  }
  unsigned objRoot(unsigned O) { return intern(nullptr, O, ~0u, nullptr); }
  unsigned child(unsigned L, const clang::FieldDecl *F) {
    // Elements of elements are the same smashed location.
    if (!F && smashed(L))
      return L;
    return intern(nullptr, 0, L, F);
  }
  /// The smashed elements of an array location (child(L, nullptr)).
  bool smashed(unsigned L) const {
    return Locs[L].Parent != ~0u && !Locs[L].Field && Locs[L].Index < 0;
  }
  /// Element \p Index of the array whose smashed elements are \p Elems:
  /// a location of its own, under the smashed one, updated strongly. Only
  /// arrays of descriptors have them (`int fds[2]` filled by `pipe`).
  unsigned element(unsigned Elems, int Index) {
    unsigned L = intern(nullptr, 0, Elems, nullptr, Index);
    auto &Known = Elements[Elems];
    if (!llvm::is_contained(Known, L))
      Known.push_back(L);
    return L;
  }
  /// \p L and, if it is smashed elements, every element location of the
  /// same array: what a read or write at an unknown index may touch.
  void addElementLocs(unsigned L, LValue &LV) {
    LV.Locs.push_back(L);
    if (auto It = Elements.find(L); It != Elements.end())
      LV.Locs.append(It->second.begin(), It->second.end());
  }
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> Elements;
  bool isUnder(unsigned L, unsigned Ancestor) const {
    for (unsigned C = L; C != ~0u; C = Locs[C].Parent)
      if (C == Ancestor)
        return true;
    return false;
  }
  /// A location at or under a union member (OwnershipValues.cpp, lvalueOf).
  bool inUnion(unsigned L) const {
    for (unsigned C = L; C != ~0u; C = Locs[C].Parent)
      if (Locs[C].Field && Locs[C].Field->getParent()->isUnion())
        return true;
    return false;
  }
  bool weak(unsigned L) const {
    // Smashed elements are weak, except through one element of their own.
    bool ViaElement = false;
    for (unsigned C = L; C != ~0u; C = Locs[C].Parent) {
      if (smashed(C) && !ViaElement)
        return true;
      ViaElement = Locs[C].Index >= 0;
    }
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
  /// What a location of the caller's memory holds unless the state says
  /// otherwise: the parameter's deep object.
  unsigned callerContents(unsigned L) const {
    return DeepObjs[Objs[Locs[L].RootObj].Param];
  }

  // Expressions (OwnershipValues.cpp).
  LValue lvalueOf(State &S, const clang::Expr *E);
  TargetSet valueOf(State &S, const clang::Expr *E);
  TargetSet read(State &S, unsigned L);
  /// What `ptr - offsetof(T, f)` points to, for \p V the targets of ptr.
  TargetSet enclosing(const TargetSet &V, const clang::OffsetOfExpr *OE);
  TargetSet readLValue(State &S, const clang::Expr *E) {
    LValue LV = lvalueOf(S, E);
    TargetSet Out;
    if (!LV.Untracked)
      for (unsigned L : LV.Locs)
        unionInto(Out, read(S, L));
    return Out;
  }

  // Effects (OwnershipValues.cpp).
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
  unsigned allocate(State &S, const clang::Stmt *Site, const CallModel &M,
                    unsigned GenBase = 0);

  // Transfer (OwnershipTransfer.cpp).
  void transferStmt(State &S, const clang::Stmt *St);
  void handleCall(State &S, const clang::CallExpr *CE);
  void handleConstruct(State &S, const clang::CXXConstructExpr *CE);
  void handleAssign(State &S, const clang::BinaryOperator *BO);
  void handleDecl(State &S, const clang::VarDecl *V);
  void handleInit(State &S, unsigned L, const clang::Expr *Init,
                  clang::QualType T, const std::string &Name);
  /// The pointers a struct or array value \p E carries (an initializer
  /// list, a compound literal, a copy of a location); with \p FromCaller,
  /// the contents of caller memory it is read from too.
  void recordContents(State &S, const clang::Expr *E, bool FromCaller,
                      TargetSet &Out);
  void handleReturn(State &S, const clang::ReturnStmt *RS);
  void checkRealloc(State &S, const clang::BinaryOperator *BO);

  // Paths that end the process (OwnershipNoReturn.cpp).
  /// Fills EndingElem: per block, the index of its first call that never
  /// returns, or ~0u.
  void findEndingBlocks();
  /// Whether every path on which \p LHS, just assigned in the current
  /// block, is null ends the process before it returns or reassigns it.
  bool failurePathEnds(const clang::Expr *LHS);
  std::vector<unsigned> EndingElem;

  // Exceptions (OwnershipExceptions.cpp).
  /// At a call that may throw (reporting pass): reports the blocks only
  /// local variables hold, which the exception would lose.
  void checkThrowingCall(State &S, const clang::CallExpr *CE);
  /// The calls inside `try` blocks of the function (built on first use).
  std::optional<llvm::DenseSet<const clang::Stmt *>> InTry;
  llvm::DenseSet<const clang::Stmt *> ThrowReported;

  // Loops over arrays of owned pointers (OwnershipElementLoops.cpp).
  using ElementEffects =
      llvm::SmallVector<std::pair<const clang::ArraySubscriptExpr *, PartKind>,
                        2>;
  /// The elements `X[i]` a call (or `delete`) in \p Body releases or keeps.
  const ElementEffects &loopElementEffects(const clang::Stmt *Loop,
                                           const clang::Stmt *Body);
  /// On the exit edge of a loop's condition, hands off every element the
  /// loop's body hands off one by one.
  void releaseLoopElements(const clang::CFGBlock *B, unsigned Edge, State &S);
  llvm::DenseMap<const clang::Stmt *, ElementEffects> LoopElements;
  bool isFull(const clang::Stmt *St) const;

  // Branches (OwnershipBranches.cpp).
  const clang::Expr *branchCondition(const clang::CFGBlock *B) const;
  bool refine(State &S, const clang::Expr *C, bool Truth);
  bool applyNull(State &S, const clang::Expr *E, bool IsNull);
  const clang::Expr *nullChecked(const clang::Expr *C,
                                 bool &NullWhenTrue) const;
  /// For descriptors: the value \p C tests for "no descriptor" (`fd < 0`,
  /// `fd == -1`, `fd >= 0`...), or null.
  /// \p Bound receives the largest value of the "none" side: -1, or up to
  /// 2 when the test also sets the standard descriptors apart (`fd > 2`).
  const clang::Expr *noneDescriptor(const clang::Expr *C, bool &NoneWhenTrue,
                                    int64_t *Bound = nullptr) const;
  void killFact(State &S, const clang::Expr *E);

  // Fixpoint (OwnershipDataflow.cpp).
  void transferBlock(const clang::CFGBlock *B, State &S);
  bool joinInto(unsigned BlockId, State S);
  bool joinState(State &Into, const State &From);
  void widen(State &S);

  // Reports (OwnershipReports.cpp).
  void collect(State &S, const Event &Ev, bool AllLocalsDead = false);
  void report(const State &S, unsigned O, const Event &Ev);
  void inheritConditions(const State &S, llvm::ArrayRef<unsigned> Dead);
  void emitReports();
  /// The notes of a witness path; none when no path the program can take
  /// reaches the loss (Feasibility.h).
  std::optional<std::vector<std::pair<clang::SourceLocation, std::string>>>
  pathNotes(const FoundLeak &L);
  /// The program integers (Ownership.h, LeakReport::ProgramValues) read
  /// along the last witness pathNotes found; empty without facts to write.
  std::vector<std::string> WitnessReads;
  void collectProgramValues(llvm::ArrayRef<unsigned> Path);
  bool ownedOnEdge(const clang::CFGBlock *B, unsigned K, unsigned Obj);
  /// Whether a state that owns \p Obj entering \p B releases it or hands
  /// it off in \p B.
  bool endsIn(const clang::CFGBlock *B, unsigned Obj);
  /// Whether \p Obj may still be owned entering the last block of \p Path
  /// (block ids from its allocation's block), the dataflow's transfer
  /// replayed along that path alone.
  bool ownedAlong(llvm::ArrayRef<unsigned> Path, unsigned Obj,
                  bool Conditional);
  std::unique_ptr<WitnessSearch> Witness;

  // Summary (OwnershipSummaries.cpp).
  /// Fills Summary from the fixpoint's exit state.
  void summarise();
  /// Points the fields of the record at \p Loc that may carry a resource
  /// (of nested plain structs too) at the parameter's deep object.
  void seedRecordFields(State &S, unsigned Loc, const clang::RecordDecl *RD,
                        unsigned Deep, unsigned Depth);

  // Resource kinds (OwnershipKinds.cpp).
  /// The kind of object \p I, or null when the family is memory or the
  /// kind cannot be told (a project acquirer of an unknown type).
  const ResourceKind *kindOf(const ObjInfo &I) const;
  /// The message of a leak of a resource other than memory.
  std::string kindMessage(unsigned O, const std::string &Name,
                          const Event &Ev, const std::string &Release);
  /// How a path note names the none value condition \p C tests: "null",
  /// or the text of a non-null none value (`'MAP_FAILED'`).
  std::string noneName(const clang::Expr *C) const;
  /// The note at the acquisition of \p I.
  std::string acquiredNote(const ObjInfo &I) const;
  /// Fills \p L's fix-it when the handle \p O, lost at a return, has one
  /// (see OwnershipKinds.cpp for when).
  void releaseFix(const State &S, unsigned O, const Event &Ev, FoundLeak &L);
  /// A call of a function of another file whose `int` result this function
  /// uses as a descriptor: \p M returns a possibly fresh one (the merge
  /// decides). False, and \p M unchanged, otherwise.
  bool condFreshDescriptor(const clang::CallExpr *CE, CallModel &M);

  // Out-parameters (OwnershipOutParams.cpp).
  /// A store into the caller's memory or somewhere untracked: an escape,
  /// except that an owned block stored into `*param` or `param->field`
  /// becomes the caller's (BOut).
  /// \p Index: the store is into element Index of the array `*param`
  /// points to (an out model with an index applied to a parameter).
  void handOutOrEscape(State &S, const LValue &LV, const TargetSet &V,
                       int Index = -1);
  /// At a return (reporting pass): which out slots hold fresh memory.
  void noteOutReturn(const State &S, const clang::ReturnStmt *RS,
                     const TargetSet &Ret);
  /// Fills Summary.Outs (from summarise).
  void summariseOuts(const State &Exit);
  /// After a call: the fresh memory its out slots receive.
  void applyOuts(State &S, const clang::CallExpr *CE, const CallModel &M,
                 llvm::ArrayRef<const clang::Expr *> Args);
  /// Two conditional losses of one block on branches of a call result
  /// that the merge tells apart (outNotKey): both are kept (true if \p L
  /// was kept aside).
  bool keepOutAlternative(const FoundLeak &Old, const FoundLeak &L);
  void emitOutAlternatives();
  std::map<const clang::Stmt *, std::vector<FoundLeak>> OutAlternatives;
  /// A branch on the result of such a call: drops the memory on the edge
  /// where the callee returns none.
  void refineOuts(State &S, const clang::Expr *C, bool Truth);
  /// The edge from \p B, a `switch` on the result of such a call, to \p To:
  /// drops the memory if no value it is fresh on leads there.
  void refineSwitchOuts(State &S, const clang::CFGBlock *B,
                        const clang::CFGBlock *To);
  /// `V = call(...)`: the variable holds the call's result.
  void noteResultVar(const clang::VarDecl *V, const clang::Expr *Init);
  struct OutGuard {
    unsigned Obj;
    std::vector<int64_t> FreshOn, EmptyOn;
    /// A conditional slot: the callee's USR, the slot (outNotKey).
    std::string CondUsr, Field;
    unsigned Param = 0;
  };
  std::map<const clang::CallExpr *, std::vector<OutGuard>> OutGuards;
  llvm::DenseMap<const clang::VarDecl *, const clang::CallExpr *> ResultVars;
  /// An out slot: the parameter, the field, the element index (or -1).
  using OutKey = std::tuple<unsigned, const clang::FieldDecl *, int>;
  /// Each out-stored block's slot; ~0u param: several.
  std::map<unsigned, OutKey> OutSlotOf;
  struct OutRecord {
    bool Bad = false, FreshNonConst = false, NotFreshNonConst = false;
    bool Forwarded = false; ///< Fresh on the values of a call it returns.
    std::set<int64_t> FreshOn, NotOn;
    std::set<std::string> Deallocs;
  };
  std::map<OutKey, OutRecord> OutRecords;

  OwnershipAnalysis::Impl &A;
  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  const clang::FunctionDecl *FD;
  const BodyScan &Scan;
  std::unique_ptr<clang::CFG> Cfg;
  std::unique_ptr<clang::ParentMap> PM; ///< Built on first use (rare).
  llvm::DenseSet<const clang::Stmt *> FullExprs;

  std::vector<ObjInfo> Objs{ObjInfo()}; // Index 0 is the null target.
  llvm::DenseMap<std::pair<const clang::Stmt *, unsigned>, unsigned> SiteObjs;
  std::vector<LocInfo> Locs;
  llvm::DenseMap<
      std::tuple<const void *, unsigned, unsigned, const void *, int>,
      unsigned>
      LocIndex;
  std::vector<unsigned> ParamObjs, DeepObjs; // Per parameter (`this` last).
  unsigned ThisObj = 0;

  std::vector<std::vector<State>> In;
  std::vector<bool> Collapsed;
  llvm::DenseMap<const clang::Stmt *, unsigned> StmtBlock;
  unsigned Steps = 0;
  bool Reporting = false, NoReturnBlock = false, Widened = false;
  const clang::CFGBlock *Current = nullptr;
  unsigned CurrentElem = 0; ///< Elements of Current run so far.
  const clang::ReturnStmt *CurrentReturn = nullptr;
  std::map<unsigned, std::string> Overwritten, FreedContainer, Dropped;
  std::map<unsigned, std::string> LocNames;
  std::string locName(unsigned L) {
    if (auto It = LocNames.find(L); It != LocNames.end())
      return It->second;
    const LocInfo &I = Locs[L];
    if (I.Var)
      return I.Var->getName().str();
    if (I.Index >= 0 && I.Parent != ~0u) {
      std::string Array = locName(I.Parent);
      if (Array.size() > 2 && llvm::StringRef(Array).ends_with("[]"))
        return Array.substr(0, Array.size() - 2) + "[" +
               std::to_string(I.Index) + "]";
      return {};
    }
    if (I.Parent != ~0u && Locs[I.Parent].Var)
      return locName(I.Parent) +
             (I.Field ? "." + I.Field->getName().str() : std::string("[]"));
    return {};
  }
  /// The site and, for handles, the generation base: the two descriptors
  /// `pipe` fills (one site) leak apart.
  using SiteKey = std::pair<const clang::Stmt *, unsigned>;
  SiteKey siteKey(unsigned O) const {
    return {Objs[O].Site, A.tracksMemory() ? 0u : Objs[O].GenBase};
  }
  std::map<SiteKey, FoundLeak> Found;
  /// Other loss points of each site, for when every path to the best one
  /// is infeasible (at most MaxLossPoints).
  std::map<SiteKey, std::vector<FoundLeak>> OtherLosses;
  std::vector<std::vector<State>> OutCache;
  std::vector<bool> OutCached;
  /// The CFG's blocks by id (built on the first witness path).
  const clang::CFGBlock *blockById(unsigned Id);
  std::vector<const clang::CFGBlock *> BlocksById;
  bool RetSeen = false;
  std::set<std::string> RetDeallocs;
  std::set<int64_t> RetOffsets;
  std::optional<llvm::DenseSet<const clang::VarDecl *>> StoredVars;
  /// Objects whose leak holds only under their dead holders' conditions.
  struct Inherited {
    std::vector<std::string> Fresh, Unless;
  };
  std::map<unsigned, Inherited> InheritedConds;
};

} // namespace ownership
} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIPENGINE_H
