//===--- Ownership.h - who owns heap memory, function by function -*- C++ -*-===//
//
// The reasoning behind leak-unfreed-allocation; the design comment with the
// terms is at the top of Ownership.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIP_H
#define LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIP_H

#include "Facts.h"
#include "ResourceKinds.h"
#include "clang/Basic/SourceLocation.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace leakhound {

struct OwnershipOptions {
  std::vector<std::string> Allocators;   ///< Qualified names, no leading ::.
  std::vector<std::string> Deallocators; ///< Qualified names, no leading ::.
  /// Realloc-like functions without a body (`s = append(s, ...)`): the
  /// first argument's block moves to the result, which is fresh.
  std::vector<std::string> ReallocFunctions;
  /// Calls to project functions with no body and no summary take ownership.
  bool UnknownCallsEscape = true;
  /// Keep decisions that depend on other TUs as conditional findings.
  bool RecordConditions = false;
  /// Merged facts (FactsIn), or null.
  const Json *FactsIn = nullptr;
  /// The resource kinds followed (ResourceKinds.h): the configured
  /// Allocators/Deallocators are of this family.
  ResourceFamily Family = ResourceFamily::Memory;
  /// Library functions keep their pointer arguments and bodiless functions
  /// keep pointers to const: the rule before lending (SystemCalls.h).
  bool SystemCallsEscape = false;
  /// The check whose section of the merged facts holds the summaries.
  std::string FactsSection = "leak-unfreed-allocation";
  std::string DebugCrashOn, DebugHangOn;
};

/// A function the analysis gave up on or widened (verbose mode).
struct AnalysisLimit {
  const clang::FunctionDecl *Function = nullptr;
  std::string What; ///< "was given up: ...", "was widened: ...".
};

/// One leak, as a diagnostic: a warning and its notes in path order.
struct LeakReport {
  clang::SourceLocation Where;
  std::string Message;
  std::vector<std::pair<clang::SourceLocation, std::string>> Notes;
  /// Set for a conditional finding: it holds only if these return fresh
  /// memory and none of the deps takes it.
  bool Conditional = false;
  std::vector<std::string> FreshDeps, UnlessDeps;
  /// Integers of the program (USRs of globals and functions of other files)
  /// its witness path reads: where the merge knows one as a constant, the
  /// path is checked again (a finding with only these is conditional on
  /// nothing and holds as found otherwise).
  std::vector<std::string> ProgramValues;
  /// A mechanical fix, when there is one: insert FixText at FixLoc (the
  /// release before the return that loses the handle).
  clang::SourceLocation FixLoc;
  std::string FixText;
};

class OwnershipAnalysis {
public:
  OwnershipAnalysis(clang::ASTContext &Ctx, const OwnershipOptions &Opts);
  ~OwnershipAnalysis();

  /// The function definitions of the TU (outside system headers), where the
  /// analysis looks for stores into allocation hooks and for the
  /// deallocators matching interior-pointer allocators. Set before analyse.
  void setTranslationUnitFunctions(
      std::vector<const clang::FunctionDecl *> Functions);

  /// Analyses \p FD (and, first, the callees its summary needs). Idempotent.
  void analyse(const clang::FunctionDecl *FD);

  /// After every function is analysed: the resources owned by fields and
  /// globals that nothing gives back (OwnershipFields.cpp).
  void checkOwners();
  /// The facts of the fields and globals other TUs may name (checkOwners).
  Json exportOwners();
  /// The "constants" of the facts (Constants.h): values of the externally
  /// visible integers and constant-returning functions this TU defines,
  /// and which externally visible integers it touches.
  Json exportConstants();

  /// Whether an allocation site was recognised in what was analysed: an
  /// allocation whose memory is fresh in this TU, or an allocation hook
  /// defined here (for the driver's "saw nothing" remark).
  bool sawAllocation() const;

  /// Every leak found so far, in a stable order.
  std::vector<LeakReport> takeReports();

  /// The functions given up on or widened so far, in analysis order.
  std::vector<AnalysisLimit> takeLimits();

  /// The summaries of the externally visible functions analysed, by USR,
  /// and those of the allocation hooks this TU stores into, by the USR of
  /// their variable.
  Json exportSummaries();

  class Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_OWNERSHIP_H
