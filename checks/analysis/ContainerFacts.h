//===--- ContainerFacts.h - growth and removal of long-lived containers -*- C++ -*-===//
//
// Terms.
//  * A *container* is an object whose type is (or derives from) one of the
//    standard sequence, associative or adapter containers, std::basic_string,
//    or a type named in the ContainerTypes option.
//  * An *entity* is a container with process lifetime, as the lifetime model
//    decides it (Lifetime.h, docs/architecture.md): a variable with static or
//    thread storage, an array of such containers, a pointer variable of that
//    storage that points only at process-lifetime storage (a pointer to a
//    function's local container is not one), or a data member of a
//    process-lifetime class. Entities are identified by their canonical
//    declaration (the template pattern for template members) and, across
//    translation units, by its USR.
//  * A *target* is what an expression denotes: an entity, parameter i of the
//    function being analysed (a reference or pointer to a container), or the
//    result of an *accessor* (a function returning a non-const reference or
//    pointer to a container, resolved to the entity it returns when its body
//    is visible).
//  * An *event* is a grow, remove or escape of a target at a source point.
//    Passing a target to a non-const reference/pointer parameter of a function
//    whose body is in the TU applies that function's *summary* ("grows /
//    removes / lets escape through parameter i", computed to a fixpoint);
//    passing it to unknown code is an escape (removal there is possible).
//  * A grow site is *bounded* when a comparison of the target's size() (or
//    empty(), or a persistent counter incremented in the same function) with
//    a limit guards it: the growth sits on the below-limit branch, or after an
//    early exit taken at the limit. It is *once* when it runs only during
//    initialisation: a static initialiser, a std::call_once callable, a
//    constructor of the singleton owning the member, or a function that runs
//    once (main, or a TU-private function called only from once-functions
//    outside loops) outside any loop that is not over a fixed literal range.
//    Every other grow site can run many times.
//  * The *verdict*: an entity is reported when it has a grow site that is
//    neither bounded nor once, no remove event and no escape anywhere.
//
// Facts. The collector writes one section per TU (see Facts.h):
//   {"containers": {<usr>: {"name", "kind": "var"|"field"|"accessor",
//                           "parent": <class usr>, "defs": [pt], "decls": [pt],
//                           "grows": [pt], "removes": [pt], "escapes": [pt],
//                           "bounded": [pt], "once": [pt],
//                           "accessors": [<function usr>]}},
//    "lifetime": <the lifetime model's facts (Lifetime.h), classes limited
//                 to those holding containers and their owners>}
// Every member is an array, a boolean or an identical scalar, so the default
// mergeJsonUnion merges TUs commutatively. Entries keyed by an accessor's USR
// hold what TUs without the accessor's body did through it; the TU with the
// body lists the accessor in the entity's "accessors" and the verdict folds
// them in.
//
// Entities the lifetime model decides in the TU (internal linkage, external
// linkage declared only in the main file, function-local statics not handed
// out by an externally visible accessor, members and statics of classes
// defined in the main file) are decided in the TU; the others only from
// merged facts.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_CONTAINERFACTS_H
#define LEAKHOUND_CHECKS_ANALYSIS_CONTAINERFACTS_H

#include "Facts.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace leakhound {

inline constexpr llvm::StringLiteral UnboundedContainerCheckName =
    "leak-unbounded-container";

struct ContainerOptions {
  /// Extra container class names, fully qualified without leading "::".
  std::vector<std::string> ContainerTypes;
  /// Functions or methods (qualified names) that remove from the container
  /// they are called on or given.
  std::vector<std::string> EvictionMethods;
  /// When set, an escape to unknown code does not count as a removal.
  bool StrictEscapes = false;
};

/// Collects the events of one TU, function by function.
class ContainerFactsCollector {
public:
  explicit ContainerFactsCollector(ContainerOptions Opts);
  ~ContainerFactsCollector();

  /// A function definition (not a lambda's call operator: lambdas are seen
  /// inside their enclosing function or initialiser).
  void addFunction(const clang::FunctionDecl &FD, clang::ASTContext &Ctx);
  /// A variable with static or thread storage at namespace or class scope.
  void addGlobalVar(const clang::VarDecl &VD, clang::ASTContext &Ctx);

  struct Sections {
    Json Local;       ///< Entities decided in this TU.
    Json Conditional; ///< TU-private, but growth in functions other TUs
                      ///< call: decided by the merge when there is one.
    Json External;    ///< Facts for the merge.
  };
  /// Resolves summaries and accessors and splits the facts.
  Sections finish(clang::ASTContext &Ctx);

  struct Impl; ///< Private to ContainerFacts.cpp.

private:
  std::unique_ptr<Impl> P;
};

/// One container the facts convict.
struct ContainerVerdict {
  std::string Name;
  SourcePoint Decl;
  std::vector<SourcePoint> Grows; ///< Sorted by file, line, column.
};

/// The verdicts a (merged or TU-local) section implies, sorted by location.
std::vector<ContainerVerdict> decideContainers(const Json &Section);

/// The finding (message and notes) for a verdict; the check's diagnostics and
/// the driver's merged findings both come from here, so they are identical.
FactFinding findingFor(const ContainerVerdict &V);

/// CrossTUHandler::Resolve for leak-unbounded-container.
std::vector<FactFinding> resolveUnboundedContainers(const Json &Merged);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_CONTAINERFACTS_H
