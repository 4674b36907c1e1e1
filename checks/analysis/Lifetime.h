//===--- Lifetime.h - does this storage live for the whole process? -*- C++ -*-===//
//
// One model, shared by leak-unbounded-container, leak-retained-subview and
// leak-blocked-thread, of which objects live as long as the process.
//
// Terms.
//  * *Process-lifetime storage* is
//     - a variable with static storage duration that is not a pointer or a
//       reference: a namespace-scope variable, a static data member, a
//       function-local static (which covers Meyers singletons);
//     - a thread_local variable (it lives as long as its thread; threads
//       that run the program's code are taken to be long-running, the one
//       place this model assumes rather than proves);
//     - the object a *leaked pointer* points to: a pointer or smart pointer
//       with static storage whose every value in the TU is itself
//       process-lifetime (`new T` never deleted, the address of such
//       storage, an accessor's result), e.g. `static T *p = new T`;
//     - an object *owned* by process-lifetime storage: a data member, the
//       pointee of a unique_ptr/shared_ptr member or of a raw pointer member
//       given only fresh allocations (`e->maint = calloc(...)`), an element
//       of a container or a slot of an array held there;
//     - a member of `*this` in a class whose every instance is
//       process-lifetime (a *process-lifetime class*, see Instances);
//     - a local object whose value, address or ownership is stored into
//       process-lifetime storage in the same function, and what a local
//       pointer points to when the function returns it to callers that
//       store the result there.
//    A pointer or reference variable is never the storage it points to: the
//    model follows what it points at (a `static std::vector<int> *p` that
//    points to a function's local vector is not process-lifetime).
//  * *Instances* of a class: each construction of the class is an instance
//    with static storage (the initialiser of a static variable, `new T` in a
//    static initialiser or stored into a leaked pointer) or another one
//    (a local, a temporary, a by-value parameter, `new`/make_unique/
//    make_shared elsewhere). An instance that initialises a data member of
//    class C (a member initialiser, a default member initialiser, an
//    assignment to a member of `*this`) is *owned by* C: it has C's kinds.
//    An instance of a class is an instance of each of its bases. A class is
//    process-lifetime when it has a static instance and no other one.
//  * *Across functions*: an *accessor* returns a reference or pointer to
//    process-lifetime storage; a call's *result is stored* when a caller
//    stores the returned value into process-lifetime storage, or returns it
//    from a function whose result is stored (any depth in the TU); a
//    reference or pointer *parameter is bound* when some caller passes
//    process-lifetime storage to it; a *parameter is stored* when the
//    function stores the value it receives into such storage.
//  * *Runs at most once*: main, a static initialiser, a std::call_once
//    callable, a constructor of a process-lifetime class (once per owner),
//    and a function only this TU can call whose every call sits outside
//    loops in code that runs at most once. A statement runs at most once
//    when its function does, or when a *latch* guards it: an `if` on a flag
//    that its branch (or its condition, `!f.exchange(true)`) sets, or an
//    early `if (flag) return;` followed by setting the flag.
//  * *Decided in the TU*: storage whose every use the TU can see: internal
//    linkage, members and statics of classes defined in the main file, or
//    external linkage with every declaration in the main file (no header
//    the TU includes declares it, so no other TU can name it). The plugin
//    and the driver then agree without facts.
//
// Facts. Every check that uses the model writes its cross-TU part as the
// "lifetime" member of its facts section (see Facts.h):
//   {"classes": {<usr>: {"static_instance": bool, "other_instance": bool,
//                        "owned_by": [<class usr>]}},
//    "accessors": {<function usr>: <desc>},   // returns such storage
//    "stores_result": {<function usr>: <desc>}, // a caller stores its result
//    "forwards_result": {<function usr>: [<function usr>]}, // callers that
//                                       // return its result (any file)
//    "binds_param": {"<function usr>#<index>": <desc>},
//    "stores_param": {"<function usr>#<index>": <desc>}} // keeps the value
// where <desc> names the storage as a message does ("global 'g' by 'f'").
// Members are sets, booleans or strings (the smaller one wins):
// mergeJsonUnion merges them in any order.
// A TU reading merged facts (FactsIn) takes accessors, stored results and
// bound parameters of functions defined elsewhere from them: one merge step,
// except that a result returned on through functions of other files is
// followed to the caller that stores it (mergedCondition).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_LIFETIME_H
#define LEAKHOUND_CHECKS_ANALYSIS_LIFETIME_H

#include "Facts.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class Decl;
class Expr;
class FieldDecl;
class FunctionDecl;
class Stmt;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace leakhound {

/// Why an object lives for the whole process, in words a message can use.
struct ProcessStorage {
  /// "global 'g_index'", "static 'cache'", "member 'items' of 'Registry'".
  std::string Desc;
  /// Where the object gets there when that is not where it is written (the
  /// store of a local, the caller's store of a returned value), or invalid.
  clang::SourceLocation Via;
  /// Designated through `*this` of a process-lifetime class.
  bool ThisBased = false;
};

class Lifetime {
public:
  explicit Lifetime(clang::ASTContext &Ctx);
  ~Lifetime();
  Lifetime(const Lifetime &) = delete;
  Lifetime &operator=(const Lifetime &) = delete;

  /// Merged facts (the "lifetime" member of a check's merged section), for
  /// what functions of other TUs do; null when there are none.
  void useFacts(const Json *LifetimeSection);

  /// The entry point: the process-lifetime storage the object \p E
  /// designates (an lvalue, or the object a pointer/reference value points
  /// to when \p ThroughPointer), evaluated in \p In (null: an initialiser).
  std::optional<ProcessStorage> storageOf(const clang::Expr *E,
                                          const clang::FunctionDecl *In,
                                          bool ThroughPointer = false);
  /// The variable \p VD itself (not what it points to).
  std::optional<ProcessStorage> variable(const clang::VarDecl *VD);
  /// Whether a pointer, reference or smart pointer variable with static
  /// storage points only at process-lifetime storage.
  bool pointsToProcessStorage(const clang::VarDecl *VD);
  /// Whether every instance of \p RD (one exists) is process-lifetime.
  bool isProcessLifetimeClass(const clang::CXXRecordDecl *RD);
  /// A member or variable declaration that owns an object: a variable (as
  /// variable()) or a field of a process-lifetime class.
  bool ownerLivesForProcess(const clang::ValueDecl *D);
  /// Some caller stores the result of \p F into process-lifetime storage.
  std::optional<ProcessStorage> resultStored(const clang::FunctionDecl *F);
  /// Some caller binds parameter \p Index of \p F to such storage.
  std::optional<ProcessStorage> paramBound(const clang::FunctionDecl *F,
                                           unsigned Index);
  /// \p F stores the value of its parameter \p Index into such storage.
  std::optional<ProcessStorage> paramStored(const clang::FunctionDecl *F,
                                            unsigned Index);
  /// See "runs at most once".
  bool runsAtMostOnce(const clang::FunctionDecl *F);
  bool statementRunsAtMostOnce(const clang::Stmt *S,
                               const clang::FunctionDecl *F);
  /// See "decided in the TU".
  bool decidedInTU(const clang::Decl *D);

  /// The canonical class template pattern of \p RD (the key of Instances).
  static const clang::CXXRecordDecl *patternOf(const clang::CXXRecordDecl *RD);

  /// This TU's facts; classes only for those \p WantClass accepts (and the
  /// classes that own them).
  Json facts(llvm::function_ref<bool(const clang::CXXRecordDecl *)> WantClass);

  /// What the merged "lifetime" facts \p Section say of condition \p Cond
  /// ("stores_result", "binds_param", "stores_param") for \p Key: the words
  /// naming the storage. A result is stored also when a function of any TU
  /// returns it and that function's result is stored (forwards_result,
  /// followed to any depth): the chain of returns across files.
  static std::optional<std::string> mergedCondition(const Json &Section,
                                                    const std::string &Cond,
                                                    const std::string &Key);

  /// Whether the class \p Usr is process-lifetime by the (merged) "classes"
  /// facts, following owned_by.
  static bool classLivesForProcess(const Json &Classes, const std::string &Usr);

  struct Index; ///< Private to Lifetime.cpp.

private:
  /// The words facts section \p Section records under \p Key for \p S.
  static std::optional<std::string> factDesc(const Json *Section,
                                             const char *Key,
                                             const std::string &S);
  Index &index();
  std::optional<ProcessStorage> storageImpl(const clang::Expr *E,
                                            const clang::FunctionDecl *In,
                                            bool ThroughPointer,
                                            unsigned Depth);
  std::optional<ProcessStorage> localStored(const clang::VarDecl *VD,
                                            const clang::FunctionDecl *In,
                                            unsigned Depth);
  std::optional<ProcessStorage> resultStoredImpl(const clang::FunctionDecl *F,
                                                 unsigned Depth);
  std::optional<ProcessStorage> paramBoundImpl(const clang::FunctionDecl *F,
                                               unsigned Index, unsigned Depth);
  std::optional<ProcessStorage> accessor(const clang::FunctionDecl *F,
                                         unsigned Depth);
  bool pointsImpl(const clang::VarDecl *VD, unsigned Depth);
  /// A raw pointer data member given only fresh allocations (new, malloc,
  /// calloc, realloc, strdup) or null in this TU: it owns its pointee.
  bool ownsAllocations(const clang::FieldDecl *F);

  clang::ASTContext &Ctx;
  std::unique_ptr<Index> I;
  const Json *Facts = nullptr;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_LIFETIME_H
