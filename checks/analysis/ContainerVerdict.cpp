//===--- ContainerVerdict.cpp - decide unbounded containers from facts ----===//
//
// The verdict over a facts section (see ContainerFacts.h for the terms and
// the section's shape). The same function decides TU-local entities in the
// check and merged external ones in the driver, so both front-ends print the
// same words.
//
//===----------------------------------------------------------------------===//

#include "ContainerFacts.h"
#include "Lifetime.h"
#include <algorithm>
#include <map>
#include <tuple>

namespace leakhound {

static bool pointLess(const SourcePoint &A, const SourcePoint &B) {
  return std::tie(A.File, A.Line, A.Column) <
         std::tie(B.File, B.Line, B.Column);
}

static bool pointEqual(const SourcePoint &A, const SourcePoint &B) {
  return A.File == B.File && A.Line == B.Line && A.Column == B.Column;
}

static void appendPoints(const Json &Entry, const char *Key,
                         std::vector<SourcePoint> &Out) {
  auto It = Entry.find(Key);
  if (It == Entry.end() || !It->is_array())
    return;
  for (const Json &J : *It)
    if (auto P = SourcePoint::fromJson(J); P && P->valid())
      Out.push_back(*P);
}

static bool hasAny(const Json &Entry, const char *Key) {
  auto It = Entry.find(Key);
  return It != Entry.end() && It->is_array() && !It->empty();
}

static bool flag(const Json &Obj, const char *Key) {
  auto It = Obj.find(Key);
  return It != Obj.end() && It->is_boolean() && It->get<bool>();
}

namespace {
/// Whether the merged facts show that a function other TUs can call runs
/// once: some TU saw it called only from once-code, no TU saw it called
/// any other way, and the functions that once-ness relied on run once too.
class OnceFunctions {
public:
  explicit OnceFunctions(const Json *Functions) : Functions(Functions) {}

  bool runsOnce(const std::string &Usr, unsigned Depth = 0) {
    if (auto It = Memo.find(Usr); It != Memo.end())
      return It->second;
    if (!Functions || Depth > 16)
      return false;
    Memo[Usr] = false; // Cycles do not run once.
    auto F = Functions->find(Usr);
    if (F == Functions->end() || !F->is_object() || !flag(*F, "once") ||
        flag(*F, "repeated"))
      return false;
    if (auto Via = F->find("via"); Via != F->end() && Via->is_array())
      for (const Json &V : *Via)
        if (!V.is_string() || !runsOnce(V.get<std::string>(), Depth + 1))
          return false;
    Memo[Usr] = true;
    return true;
  }

private:
  const Json *Functions;
  std::map<std::string, bool> Memo;
};
} // namespace

/// Grow sites in functions whose once-ness the merged facts refute.
static void appendConditionalGrows(const Json &Entry, OnceFunctions &Fns,
                                   std::vector<SourcePoint> &Out) {
  auto It = Entry.find("grows_unless_once");
  if (It == Entry.end() || !It->is_array())
    return;
  for (const Json &C : *It) {
    if (!C.is_object() || !C.contains("at") || !C.contains("unless_once") ||
        !C["unless_once"].is_array())
      continue;
    bool Once = true;
    for (const Json &U : C["unless_once"])
      Once &= U.is_string() && Fns.runsOnce(U.get<std::string>());
    if (!Once)
      if (auto P = SourcePoint::fromJson(C["at"]); P && P->valid())
        Out.push_back(*P);
  }
}

/// Applies what the merged summaries say functions do through the
/// parameters a container was handed to; a function no TU defined is unknown
/// code (an escape, unless the TU was strict).
static void applyPasses(const Json &Entry, const Json *Functions,
                        bool &Removed, std::vector<SourcePoint> &Grows) {
  auto It = Entry.find("passes");
  if (It == Entry.end() || !It->is_array())
    return;
  for (const Json &X : *It) {
    if (!X.is_object() || !X.contains("fn") || !X["fn"].is_string() ||
        !X.contains("param") || !X["param"].is_number_unsigned())
      continue;
    const Json *Summary = nullptr;
    if (Functions)
      if (auto F = Functions->find(X["fn"].get<std::string>());
          F != Functions->end() && F->is_object())
        if (auto Ps = F->find("params"); Ps != F->end() && Ps->is_object())
          if (auto P = Ps->find(std::to_string(X["param"].get<unsigned>()));
              P != Ps->end() && P->is_object())
            Summary = &*P;
    if (!Summary) {
      if (!flag(X, "strict"))
        Removed = true;
      continue;
    }
    if (flag(*Summary, "remove") ||
        (flag(*Summary, "escape") && !flag(X, "strict")))
      Removed = true;
    if (flag(*Summary, "grow") && flag(X, "counts_growth"))
      if (auto P = SourcePoint::fromJson(X["at"]); P && P->valid())
        Grows.push_back(*P);
  }
}

std::vector<ContainerVerdict> decideContainers(const Json &Section) {
  std::vector<ContainerVerdict> Out;
  if (!Section.is_object())
    return Out;
  auto CIt = Section.find("containers");
  if (CIt == Section.end() || !CIt->is_object())
    return Out;
  const Json &Containers = *CIt;
  const Json *Classes = nullptr;
  if (auto L = Section.find("lifetime"); L != Section.end() && L->is_object())
    if (auto K = L->find("classes"); K != L->end() && K->is_object())
      Classes = &*K;
  const Json *Functions = nullptr;
  if (auto K = Section.find("functions"); K != Section.end() && K->is_object())
    Functions = &*K;
  OnceFunctions Fns(Functions);

  for (auto It = Containers.begin(); It != Containers.end(); ++It) {
    const Json &E = It.value();
    if (!E.is_object())
      continue;
    auto Kind = E.find("kind");
    if (Kind == E.end() || !Kind->is_string())
      continue;
    std::string K = Kind->get<std::string>();
    if (K == "accessor")
      continue;
    if (K == "field") {
      // A member lives as long as the process only if every instance of its
      // class does.
      auto Parent = E.find("parent");
      if (!Classes || Parent == E.end() || !Parent->is_string())
        continue;
      if (!Lifetime::classLivesForProcess(*Classes,
                                          Parent->get<std::string>()))
        continue;
    } else if (K != "var") {
      continue;
    }

    // What was done to it directly and through its accessors.
    std::vector<const Json *> Parts = {&E};
    if (auto A = E.find("accessors"); A != E.end() && A->is_array())
      for (const Json &U : *A)
        if (U.is_string())
          if (auto AE = Containers.find(U.get<std::string>());
              AE != Containers.end() && AE->is_object())
            Parts.push_back(&*AE);
    bool Removed = false;
    std::vector<SourcePoint> Grows;
    for (const Json *Part : Parts) {
      Removed |= hasAny(*Part, "removes") || hasAny(*Part, "escapes");
      appendPoints(*Part, "grows", Grows);
      appendConditionalGrows(*Part, Fns, Grows);
      applyPasses(*Part, Functions, Removed, Grows);
    }
    if (Removed || Grows.empty())
      continue;

    std::vector<SourcePoint> Defs, Decls;
    appendPoints(E, "defs", Defs);
    appendPoints(E, "decls", Decls);
    std::vector<SourcePoint> &Where = Defs.empty() ? Decls : Defs;
    if (Where.empty())
      continue;
    auto Name = E.find("name");
    if (Name == E.end() || !Name->is_string())
      continue;

    ContainerVerdict V;
    V.Name = Name->get<std::string>();
    V.Decl = *std::min_element(Where.begin(), Where.end(), pointLess);
    std::sort(Grows.begin(), Grows.end(), pointLess);
    Grows.erase(std::unique(Grows.begin(), Grows.end(), pointEqual),
                Grows.end());
    V.Grows = std::move(Grows);
    Out.push_back(std::move(V));
  }
  std::sort(Out.begin(), Out.end(),
            [](const ContainerVerdict &A, const ContainerVerdict &B) {
              if (!pointEqual(A.Decl, B.Decl))
                return pointLess(A.Decl, B.Decl);
              return A.Name < B.Name;
            });
  return Out;
}

/// How many grow sites get their own note; the rest are counted.
static constexpr size_t MaxSiteNotes = 3;

FactFinding findingFor(const ContainerVerdict &V) {
  FactFinding F;
  F.Check = UnboundedContainerCheckName.str();
  size_t N = V.Grows.size();
  F.Message = "'" + V.Name + "' grows without bound: " + std::to_string(N) +
              (N == 1 ? " insertion site" : " insertion sites") +
              ", no removal anywhere";
  F.Where = V.Decl;
  for (size_t I = 0; I < N && I < MaxSiteNotes; ++I)
    F.Notes.push_back({V.Grows[I], "'" + V.Name + "' grows here"});
  if (N > MaxSiteNotes) {
    size_t More = N - MaxSiteNotes;
    F.Notes.push_back({V.Grows[MaxSiteNotes],
                       "and " + std::to_string(More) + " more insertion " +
                           (More == 1 ? "site" : "sites") + " like this one"});
  }
  F.Notes.push_back(
      {V.Decl, "bound it: evict by size or age (an LRU with a size cap, a "
               "TTL sweep) or clear it on a timer"});
  return F;
}

std::vector<FactFinding> resolveUnboundedContainers(const Json &Merged) {
  std::vector<FactFinding> Out;
  const Json *Section = factsSection(Merged, UnboundedContainerCheckName);
  if (!Section)
    return Out;
  for (const ContainerVerdict &V : decideContainers(*Section))
    Out.push_back(findingFor(V));
  return Out;
}

} // namespace leakhound
