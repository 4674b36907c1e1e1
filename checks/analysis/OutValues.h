//===--- OutValues.h - integers a function stores through its parameters ===//
//
// A summary part for path feasibility: what value a function leaves in an
// integer it is given by pointer (`int *failed`, `bool *too_deep`), told
// apart by the function's return value. The design comment is at the top of
// OutValues.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_OUTVALUES_H
#define LEAKHOUND_CHECKS_ANALYSIS_OUTVALUES_H

#include "Facts.h"
#include <cstdint>
#include <map>
#include <vector>

namespace clang {
class ASTContext;
class CFG;
class FunctionDecl;
} // namespace clang

namespace leakhound {

/// The value `*param` holds when the function returns: the one the caller
/// stored before the call (Kept), a constant, or anything (Any).
struct OutValue {
  enum Kind : uint8_t { Kept, Const, Any } K = Kept;
  int64_t V = 0;

  static OutValue any() { return {Any, 0}; }
  static OutValue constant(int64_t V) { return {Const, V}; }
  bool operator==(const OutValue &O) const {
    return K == O.K && (K != Const || V == O.V);
  }
  bool operator!=(const OutValue &O) const { return !(*this == O); }
  /// The value on either of two paths: equal ones stay, others are Any.
  void join(const OutValue &O) {
    if (*this != O)
      *this = any();
  }
};

/// An integer out-parameter: `*Param` after the call is On[r] when the
/// call returned the constant r (a null pointer is 0) and Otherwise when it
/// returned any other value.
struct OutFlag {
  unsigned Param = 0;
  std::map<int64_t, OutValue> On;
  OutValue Otherwise = OutValue::any();

  const OutValue &at(int64_t R) const {
    auto It = On.find(R);
    return It == On.end() ? Otherwise : It->second;
  }
  /// Whether it says more than "the call may write anything there".
  bool informative() const;
};

/// The out flags of \p FD (its definition, whose CFG is \p Cfg), by
/// parameter; empty when it has no integer out-parameter or nothing is
/// known of one.
std::vector<OutFlag> summariseOutValues(const clang::FunctionDecl *FD,
                                        const clang::CFG &Cfg,
                                        clang::ASTContext &Ctx);

/// What two definitions of one function (one per TU) say together: the
/// value each says for a result, joined; a parameter only one mentions is
/// left out (anything).
void joinOutFlags(std::vector<OutFlag> &Into, const std::vector<OutFlag> &From);

/// Facts form: [{"param": i, "on": [[r, v]...], "else": v}] with v "kept",
/// "any" or an integer.
Json outFlagsToJson(const std::vector<OutFlag> &Flags);
std::vector<OutFlag> outFlagsFromJson(const Json &J);

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_OUTVALUES_H
