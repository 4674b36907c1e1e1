//===--- Coverage.h - what a run recognised, for "saw nothing" remarks -*- C++ -*-===//
//
// Terms.
//  * A check's *coverage* in one TU says whether the TU was analysed (it had
//    no compile error) and whether the check recognised any of the program
//    points it reasons about there: an allocation site for
//    leak-unfreed-allocation, a thread start for leak-blocked-thread, a
//    long-lived container for leak-unbounded-container.
//  * A run *saw nothing* for a check when at least one TU was analysed and no
//    TU recognised anything. That almost always means the project reaches the
//    thing through an API the check does not know (its own allocator, thread
//    pool, container type), so the driver says so once, naming the option
//    that teaches the check that API.
//
// Facts layout: each check's section holds
//   "coverage": {"analysed": bool, "<what>": bool}
// Both are booleans, so the default merge (or-ed) is commutative, and a
// missing key reads as false.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_COVERAGE_H
#define LEAKHOUND_CHECKS_ANALYSIS_COVERAGE_H

#include "Facts.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>
#include <vector>

namespace leakhound {

/// The key of the coverage object in a check's facts section.
inline constexpr const char *CoverageKey = "coverage";

/// The coverage object of one TU: {"analysed": Analysed, What: Saw}.
Json coverageFacts(bool Analysed, llvm::StringRef What, bool Saw);

/// One remark of the driver: the check it is about and its text.
struct CoverageRemark {
  std::string Check;
  std::string Text;
};

/// The remarks the merged facts \p Merged imply: one per check (among those
/// \p Enabled accepts) whose TUs were analysed and recognised nothing.
/// leak-unfreed-allocation's remark is always given; those of the checks for
/// which seeing nothing is common in correct programs (no thread, no
/// long-lived container) only when \p Verbose.
std::vector<CoverageRemark>
coverageRemarks(const Json &Merged, bool Verbose,
                llvm::function_ref<bool(llvm::StringRef Check)> Enabled);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_COVERAGE_H
