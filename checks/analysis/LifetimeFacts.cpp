//===--- LifetimeFacts.cpp - the lifetime model's merged facts -----------===//
//
// The part of the lifetime model (Lifetime.h) that reads the merged
// "lifetime" facts and needs no AST: what a condition recorded by one TU
// ("stores_result", "binds_param", "stores_param") says once every TU's
// facts are merged, and whether a class lives for the whole process by the
// merged "classes" facts. The facts merge of each check (and the libFuzzer
// target) uses it without the analysis in Lifetime.cpp.
//
//===----------------------------------------------------------------------===//

#include "Lifetime.h"
#include <set>
#include <vector>

namespace leakhound {

std::optional<std::string> Lifetime::factDesc(const Json *Section,
                                              const char *Key,
                                              const std::string &S) {
  if (!Section || S.empty())
    return std::nullopt;
  auto It = Section->find(Key);
  if (It == Section->end() || !It->is_object())
    return std::nullopt;
  auto E = It->find(S);
  if (E == It->end() || !E->is_string())
    return std::nullopt;
  return E->get<std::string>();
}

std::optional<std::string> Lifetime::mergedCondition(const Json &Section,
                                                     const std::string &Cond,
                                                     const std::string &Key) {
  if (auto D = factDesc(&Section, Cond.c_str(), Key))
    return D;
  if (Cond != "stores_result")
    return std::nullopt;
  // A function whose result another function returns, in any TU: stored
  // when that one's is (breadth-first, so the nearest keeper names it).
  auto Fwd = Section.find("forwards_result");
  if (Fwd == Section.end() || !Fwd->is_object())
    return std::nullopt;
  std::set<std::string> Seen{Key};
  std::vector<std::string> Level{Key};
  for (unsigned Depth = 0; Depth < 8 && !Level.empty(); ++Depth) {
    std::vector<std::string> Next;
    for (const std::string &G : Level) {
      auto Callers = Fwd->find(G);
      if (Callers == Fwd->end() || !Callers->is_array())
        continue;
      for (const Json &C : *Callers) {
        if (!C.is_string() || !Seen.insert(C.get<std::string>()).second)
          continue;
        if (auto D = factDesc(&Section, "stores_result", C.get<std::string>()))
          return D;
        Next.push_back(C.get<std::string>());
      }
    }
    Level = std::move(Next);
  }
  return std::nullopt;
}

bool Lifetime::classLivesForProcess(const Json &Classes, const std::string &Usr) {
  // Breadth-first over owned_by: every kind reachable counts.
  bool Static = false, Other = false;
  std::set<std::string> Seen{Usr};
  std::vector<std::string> Work{Usr};
  while (!Work.empty() && Seen.size() < 64) {
    std::string U = std::move(Work.back());
    Work.pop_back();
    auto C = Classes.find(U);
    if (C == Classes.end() || !C->is_object())
      continue;
    auto Flag = [&](const char *K) {
      auto It = C->find(K);
      return It != C->end() && It->is_boolean() && It->get<bool>();
    };
    Static |= Flag("static_instance");
    Other |= Flag("other_instance");
    if (auto O = C->find("owned_by"); O != C->end() && O->is_array())
      for (const Json &J : *O)
        if (J.is_string() && Seen.insert(J.get<std::string>()).second)
          Work.push_back(J.get<std::string>());
  }
  return Static && !Other;
}

} // namespace leakhound
