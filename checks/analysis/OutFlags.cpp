//===--- OutFlags.cpp - integer out-parameter summaries: join and facts ---===//
//
// The parts of the out-value summary (OutValues.h) that need no AST: the join
// of two summaries (a call through a pointer with several targets, the same
// function summarised in several TUs) and the summary's form in the facts.
// The facts merge and the libFuzzer target use them without the analysis.
//
//===----------------------------------------------------------------------===//

#include "OutValues.h"
#include <set>

namespace leakhound {

bool OutFlag::informative() const {
  if (Otherwise.K != OutValue::Any)
    return true;
  for (const auto &[R, V] : On)
    if (V.K != OutValue::Any)
      return true;
  return false;
}

void joinOutFlags(std::vector<OutFlag> &Into, const std::vector<OutFlag> &From) {
  std::vector<OutFlag> Out;
  for (const OutFlag &A : Into)
    for (const OutFlag &B : From) {
      if (A.Param != B.Param)
        continue;
      OutFlag J;
      J.Param = A.Param;
      std::set<int64_t> Keys;
      for (const auto &[K, V] : A.On)
        Keys.insert(K);
      for (const auto &[K, V] : B.On)
        Keys.insert(K);
      for (int64_t K : Keys) {
        OutValue V = A.at(K);
        V.join(B.at(K));
        J.On[K] = V;
      }
      J.Otherwise = A.Otherwise;
      J.Otherwise.join(B.Otherwise);
      for (auto It = J.On.begin(); It != J.On.end();)
        It = It->second == J.Otherwise ? J.On.erase(It) : std::next(It);
      if (J.informative())
        Out.push_back(std::move(J));
    }
  Into = std::move(Out);
}

static Json valueToJson(const OutValue &V) {
  switch (V.K) {
  case OutValue::Kept:
    return "kept";
  case OutValue::Any:
    return "any";
  case OutValue::Const:
    return V.V;
  }
  return "any";
}

static OutValue valueFromJson(const Json &J) {
  if (J.is_number_integer())
    return OutValue::constant(J.get<int64_t>());
  if (J.is_string() && J.get<std::string>() == "kept")
    return OutValue();
  return OutValue::any();
}

Json outFlagsToJson(const std::vector<OutFlag> &Flags) {
  Json A = Json::array();
  for (const OutFlag &F : Flags) {
    Json On = Json::array();
    for (const auto &[K, V] : F.On)
      On.push_back(Json::array({K, valueToJson(V)}));
    Json J{{"param", F.Param}, {"else", valueToJson(F.Otherwise)}};
    if (!On.empty())
      J["on"] = On;
    A.push_back(J);
  }
  return A;
}

std::vector<OutFlag> outFlagsFromJson(const Json &A) {
  std::vector<OutFlag> Flags;
  if (!A.is_array())
    return Flags;
  for (const Json &J : A) {
    if (!J.is_object() || !J.contains("param") ||
        !J["param"].is_number_unsigned())
      continue;
    OutFlag F;
    F.Param = J["param"].get<unsigned>();
    if (auto E = J.find("else"); E != J.end())
      F.Otherwise = valueFromJson(*E);
    if (auto On = J.find("on"); On != J.end() && On->is_array())
      for (const Json &P : *On)
        if (P.is_array() && P.size() == 2 && P[0].is_number_integer())
          F.On[P[0].get<int64_t>()] = valueFromJson(P[1]);
    if (F.informative())
      Flags.push_back(std::move(F));
  }
  return Flags;
}

} // namespace leakhound
