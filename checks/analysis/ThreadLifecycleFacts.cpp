//===--- ThreadLifecycleFacts.cpp - blocked threads across the program ----===//
//
// A way out (a stop or close method) counts only if code that runs calls it
// (ThreadLifecycle.cpp, live()). One TU sees only its own calls: a method it
// finds uncalled may be called by another TU. Such a finding is conditional
// (ThreadFinding::Unless) and the merge decides it from the program's call
// facts.
//
// Terms.
//  * The *call facts* of a TU: for each method other TUs may call, the
//    functions that call it, whether they run by themselves, and the object
//    it is called on (see ThreadLifecycleAnalysis::callFacts).
//  * A method *runs in the program* (on an object) if some call to it, from
//    outside the thread's own functions and on that object (or on `this`, or
//    on an object the TU cannot name), sits in code that runs by itself or
//    in a function that runs in the program, followed to depth 3 (deeper
//    counts as running: the merge never invents a finding it cannot prove).
//
// The facts section of leak-blocked-thread:
//   {"coverage": ..., "calls": {USR: [[caller, object, runs], ...]},
//    "pending": [{"unless": [[USR, object], ...], "body": [USR, ...],
//                 "owner": [cond, key], "finding": <FactFinding>}],
//    "lifetime": <Lifetime facts>}
// Both members merge with mergeJsonUnion (objects of arrays, arrays).
//
// A thread that works for an object the starting function returns is
// reported unless another TU keeps that object for the whole process: the
// pending fact then carries "owner": [<Lifetime condition>, <key>] and the
// section a "lifetime" member (Lifetime::facts of every TU that declares a
// way to start a thread); the merge asks Lifetime::mergedCondition.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifecycle.h"
#include "Lifetime.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"
#include <set>
#include <tuple>

namespace leakhound {

std::string wayOutClause(const WayOut &W, bool DeadCaller, bool OtherObject,
                         bool InThread) {
  std::string Name = "'" + W.Name + "'";
  std::string Sets = Name + " would set '" + W.Flag + "', but ";
  if (DeadCaller)
    return Sets + "only code that never runs calls it";
  if (OtherObject)
    return Sets + "it is never called on '" + W.OnName + "'";
  if (InThread)
    return Sets + "only the thread itself calls it";
  return "only " + Name + " sets '" + W.Flag +
         "', and nothing in the analysed code calls it";
}

/// The clause for \p W from the program's calls.
static std::string mergedClause(const Json &Calls, const WayOut &W,
                                const llvm::StringSet<> &Body) {
  bool DeadCaller = false, OtherObject = false, InThread = false;
  auto It = Calls.find(W.Fn);
  if (It != Calls.end() && It->is_array())
    for (const Json &Call : *It) {
      if (!Call.is_array() || Call.size() != 3 || !Call[0].is_string() ||
          !Call[1].is_string())
        continue;
      std::string From = Call[0].get<std::string>();
      std::string Obj = Call[1].get<std::string>();
      if (Body.contains(From))
        InThread = true;
      else if (!W.On.empty() && !Obj.empty() && Obj != W.On)
        OtherObject = true;
      else
        DeadCaller = true;
    }
  return wayOutClause(W, DeadCaller, OtherObject, InThread);
}

void rewordWayOut(std::string &Message, const WayOut &W, const Json &Calls,
                  const std::vector<std::string> &Body) {
  llvm::StringSet<> BodySet;
  for (const std::string &B : Body)
    BodySet.insert(B);
  size_t Pos = W.Clause.empty() ? std::string::npos : Message.find(W.Clause);
  if (Pos != std::string::npos && Calls.is_object())
    Message.replace(Pos, W.Clause.size(), mergedClause(Calls, W, BodySet));
}

static bool runs(const Json &Calls, const std::string &Fn,
                 const std::string &On, const llvm::StringSet<> &Body,
                 unsigned Depth, llvm::StringSet<> &Visiting) {
  auto It = Calls.find(Fn);
  if (It == Calls.end() || !It->is_array())
    return false;
  for (const Json &Call : *It) {
    if (!Call.is_array() || Call.size() != 3 || !Call[0].is_string() ||
        !Call[1].is_string() || !Call[2].is_boolean())
      continue;
    std::string From = Call[0].get<std::string>();
    std::string Obj = Call[1].get<std::string>();
    if (Body.contains(From))
      continue;
    if (!On.empty() && !Obj.empty() && Obj != On)
      continue;
    if (Call[2].get<bool>() || Depth >= 3)
      return true;
    if (!Visiting.insert(From).second)
      continue;
    if (runs(Calls, From, "", Body, Depth + 1, Visiting))
      return true;
  }
  return false;
}

bool wayOutRuns(const Json &Calls,
                const std::vector<std::pair<std::string, std::string>> &Unless,
                const std::vector<std::string> &Body) {
  if (!Calls.is_object())
    return false;
  llvm::StringSet<> BodySet;
  for (const std::string &B : Body)
    BodySet.insert(B);
  for (const auto &[Fn, On] : Unless) {
    llvm::StringSet<> Visiting;
    Visiting.insert(Fn);
    if (runs(Calls, Fn, On, BodySet, 0, Visiting))
      return true;
  }
  return false;
}

Json pendingThreadFact(const ThreadFinding &F, const clang::SourceManager &SM) {
  FactFinding FF;
  FF.Check = BlockedThreadCheckName.str();
  FF.Message = F.Message;
  FF.Where = pointFor(SM, F.Loc);
  for (const ThreadNote &N : F.Notes)
    FF.Notes.push_back({pointFor(SM, N.Loc), N.Message});
  Json Unless = Json::array();
  for (const auto &[Fn, On] : F.Unless)
    Unless.push_back(Json::array({Fn, On}));
  Json Body = Json::array();
  for (const std::string &B : F.Body)
    Body.push_back(B);
  Json Out{{"unless", Unless}, {"body", Body}, {"finding", FF.toJson()}};
  if (!F.OwnerIf.empty())
    Out["owner"] = Json::array({F.OwnerIf, F.OwnerKey});
  if (F.Why)
    Out["why"] = Json{{"fn", F.Why->Fn},         {"name", F.Why->Name},
                      {"flag", F.Why->Flag},     {"on", F.Why->On},
                      {"on_name", F.Why->OnName}, {"clause", F.Why->Clause}};
  return Out;
}

bool ownerLivesByFacts(const Json &LifetimeFacts, const ThreadFinding &F) {
  return !F.OwnerIf.empty() && LifetimeFacts.is_object() &&
         Lifetime::mergedCondition(LifetimeFacts, F.OwnerIf, F.OwnerKey)
             .has_value();
}

std::vector<FactFinding> resolveBlockedThreads(const Json &Merged) {
  std::vector<FactFinding> Out;
  const Json *Section = factsSection(Merged, BlockedThreadCheckName);
  if (!Section || !Section->is_object())
    return Out;
  auto P = Section->find("pending");
  if (P == Section->end() || !P->is_array())
    return Out;
  auto C = Section->find("calls");
  const Json Empty = Json::object();
  const Json &Calls = C != Section->end() && C->is_object() ? *C : Empty;
  auto L = Section->find("lifetime");
  const Json &LifetimeFacts =
      L != Section->end() && L->is_object() ? *L : Empty;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Seen;
  for (const Json &X : *P) {
    if (!X.is_object() || !X.contains("unless") || !X["unless"].is_array() ||
        !X.contains("body") || !X["body"].is_array() || !X.contains("finding"))
      continue;
    std::vector<std::pair<std::string, std::string>> Unless;
    for (const Json &U : X["unless"])
      if (U.is_array() && U.size() == 2 && U[0].is_string() &&
          U[1].is_string())
        Unless.push_back({U[0].get<std::string>(), U[1].get<std::string>()});
    std::vector<std::string> Body;
    for (const Json &B : X["body"])
      if (B.is_string())
        Body.push_back(B.get<std::string>());
    if (!Unless.empty() && wayOutRuns(Calls, Unless, Body))
      continue;
    // The owner of the thread lives for the process in another TU's eyes.
    auto Owner = X.find("owner");
    if (Owner != X.end() && Owner->is_array() && Owner->size() == 2 &&
        (*Owner)[0].is_string() && (*Owner)[1].is_string()) {
      ThreadFinding TF;
      TF.OwnerIf = (*Owner)[0].get<std::string>();
      TF.OwnerKey = (*Owner)[1].get<std::string>();
      if (ownerLivesByFacts(LifetimeFacts, TF))
        continue;
    }
    std::optional<FactFinding> F = FactFinding::fromJson(X["finding"]);
    if (!F || !F->Where.valid())
      continue;
    // The TU worded why the way out is not taken from its own calls; the
    // program's calls decide the words.
    auto Why = X.find("why");
    if (Why != X.end() && Why->is_object()) {
      WayOut W;
      auto Str = [&](const char *K) {
        auto V = Why->find(K);
        return V != Why->end() && V->is_string() ? V->get<std::string>()
                                                 : std::string();
      };
      W.Fn = Str("fn");
      W.Name = Str("name");
      W.Flag = Str("flag");
      W.On = Str("on");
      W.OnName = Str("on_name");
      W.Clause = Str("clause");
      rewordWayOut(F->Message, W, Calls, Body);
    }
    // A header's thread seen from several TUs is one finding.
    if (Seen.insert({F->Where.File, F->Where.Line, F->Where.Column, F->Message})
            .second)
      Out.push_back(std::move(*F));
  }
  return Out;
}

} // namespace leakhound
