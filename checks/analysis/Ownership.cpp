//===--- Ownership.cpp - who owns heap memory, function by function ------===//
//
// A forward dataflow over each function's clang::CFG that follows heap memory
// from the call that allocates it to the point where the function loses its
// last reference to it, plus per-function ownership summaries that make calls
// precise (see OwnershipFacts.h for the summary terms).
//
// The engine, file by file (each starts with the terms it defines):
//   OwnershipModel.h        the memory model: objects, locations, targets,
//                           object states, the State and its join; part
//                           effects and call models
//   OwnershipEngine.h       the classes: OwnershipAnalysis::Impl (per TU)
//                           and FunctionAnalysis (one function's dataflow)
//   OwnershipCalls.cpp      call models: library and configured allocators,
//                           deallocators and borrowers, attributes, models
//                           from summaries and from the merged facts
//   OwnershipValues.cpp     expressions (lvalues, values) and the effects
//                           on objects (release, escape, store, allocate)
//   OwnershipTransfer.cpp   the statements' transfer functions
//   OwnershipBranches.cpp   null refinement and integer facts on branches
//   OwnershipDataflow.cpp   the worklist, disjuncts, widening and bounds
//   OwnershipReports.cpp    leak detection, messages and witness paths
//   OwnershipSummaries.cpp  which functions are analysed; their summaries
//   OwnershipFacts.cpp      summaries in the facts file, the cross-TU merge
//   OwnershipFields.cpp     fields and globals that own a resource nobody
//                           gives back
//
// In one paragraph: an *object* is an abstract block of memory (one per
// allocation site and loop generation, plus what the parameters point to);
// a *location* (a local, a field, smashed elements, a field of an owned
// object) holds *targets* (objects, null, addresses of locations); each
// object has a *state*, one bit per class of paths reaching the point
// (Null, Owned, Released, Escaped, Borrowed, Cond). A *leak* is an object
// still Owned (or Cond) that no live location reaches after a full
// statement, at a scope end or at function exit; it is reported once per
// allocation site with the allocation and the branches of a path to the
// loss as notes. Calls are modelled by name, by attribute, or by the
// callee's summary, computed on demand in this TU or read from the merged
// facts of the others (a *cond* effect or *cond-fresh* object when the
// other TU's answer is only known at the merge: a conditional finding).
// Integer facts about variables used in several conditions give a little
// path sensitivity (`if (c) p = malloc(); ... if (c) free(p);` does not
// warn). Bounds on visits, CFG size and steps keep every function fast.
//
//===----------------------------------------------------------------------===//

#include "Ownership.h"
#include "OwnershipEngine.h"

using namespace clang;

namespace leakhound {

OwnershipAnalysis::Impl::Impl(ASTContext &Ctx, const OwnershipOptions &Opts)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts) {
  for (const std::string &A : Opts.Allocators)
    Allocators.insert(StringRef(A).ltrim(':'));
  for (const std::string &D : Opts.Deallocators)
    Deallocators.insert(StringRef(D).ltrim(':'));
  for (const std::string &R : Opts.ReallocFunctions)
    ReallocFunctions.insert(StringRef(R).ltrim(':'));
  if (Opts.FactsIn)
    Merged.emplace(factsSection(*Opts.FactsIn, Opts.FactsSection));
}

OwnershipAnalysis::OwnershipAnalysis(ASTContext &Ctx,
                                     const OwnershipOptions &Opts)
    : P(std::make_unique<Impl>(Ctx, Opts)) {}
OwnershipAnalysis::~OwnershipAnalysis() = default;

void OwnershipAnalysis::setTranslationUnitFunctions(
    std::vector<const FunctionDecl *> Functions) {
  P->TUFunctions = std::move(Functions);
}

void OwnershipAnalysis::analyse(const FunctionDecl *FD) {
  P->analyse(FD, /*OnDemand=*/false);
}

void OwnershipAnalysis::checkOwners() { P->checkOwners(); }

Json OwnershipAnalysis::exportOwners() { return P->ownerFacts(); }

bool OwnershipAnalysis::sawAllocation() const { return P->SawAllocation; }

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

} // namespace leakhound
