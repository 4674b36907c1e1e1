//===--- OwnershipFacts.cpp - ownership summaries and their cross-TU form -===//

#include "OwnershipFacts.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <tuple>

namespace leakhound {

static constexpr llvm::StringLiteral CheckName = "leak-unfreed-allocation";

void EffectDeps::join(const EffectDeps &O) {
  Takes |= O.Takes;
  Deps.insert(O.Deps.begin(), O.Deps.end());
  if (Takes)
    Deps.clear();
}

// Facts are written per TU and merged per run: default values (a part that
// is only borrowed, a pointer that is not returned) are left out, and the
// readers below take a missing field as its default.
Json EffectDeps::toJson() const {
  Json J = Json::object();
  if (Takes)
    J["takes"] = true;
  if (!Deps.empty())
    J["deps"] = Deps; // A sorted set becomes a sorted array.
  return J;
}

std::set<std::string> stringSet(const Json &J, const char *Key) {
  std::set<std::string> Out;
  if (!J.is_object())
    return Out;
  auto It = J.find(Key);
  if (It == J.end() || !It->is_array())
    return Out;
  for (const Json &E : *It)
    if (E.is_string())
      Out.insert(E.get<std::string>());
  return Out;
}

static bool boolField(const Json &J, const char *Key) {
  if (!J.is_object())
    return false;
  auto It = J.find(Key);
  return It != J.end() && It->is_boolean() && It->get<bool>();
}

EffectDeps EffectDeps::fromJson(const Json &J) {
  EffectDeps E;
  E.Takes = boolField(J, "takes");
  E.Deps = stringSet(J, "deps");
  return E;
}

void OwnershipSummary::foldRetParams() {
  if (RetParams.empty())
    return;
  for (unsigned I : RetParams)
    if (I < Params.size()) {
      Params[I].Self = Params[I].Deep = EffectDeps();
      Params[I].Self.Takes = Params[I].Deep.Takes = true;
    }
  RetParams.clear();
  RetOther = true;
}

// Out-parameter slots: [{"param": i, "field": f, "index": n, "always": b,
// "on": [k...], "dealloc": d}], fields at their default left out.
static Json outSlotsToJson(const std::vector<OutSlot> &Outs) {
  Json A = Json::array();
  for (const OutSlot &O : Outs) {
    Json J{{"param", O.Param}};
    if (!O.Field.empty())
      J["field"] = O.Field;
    if (O.Index >= 0)
      J["index"] = O.Index;
    if (O.Always)
      J["always"] = true;
    if (!O.FreshOn.empty())
      J["on"] = O.FreshOn;
    if (!O.EmptyOn.empty())
      J["empty_on"] = O.EmptyOn;
    if (!O.Dealloc.empty())
      J["dealloc"] = O.Dealloc;
    A.push_back(J);
  }
  return A;
}

static std::vector<OutSlot> outSlotsFromJson(const Json &A) {
  std::vector<OutSlot> Outs;
  if (!A.is_array())
    return Outs;
  for (const Json &J : A) {
    if (!J.is_object() || !J.contains("param") ||
        !J["param"].is_number_unsigned())
      continue;
    OutSlot O;
    O.Param = J["param"].get<unsigned>();
    if (auto F = J.find("field"); F != J.end() && F->is_string())
      O.Field = F->get<std::string>();
    if (auto X = J.find("index"); X != J.end() && X->is_number_unsigned())
      O.Index = static_cast<int>(std::min<uint64_t>(X->get<uint64_t>(), 1u << 20));
    O.Always = boolField(J, "always");
    if (auto On = J.find("on"); On != J.end() && On->is_array())
      for (const Json &K : *On)
        if (K.is_number_integer())
          O.FreshOn.insert(K.get<int64_t>());
    if (auto On = J.find("empty_on"); On != J.end() && On->is_array())
      for (const Json &K : *On)
        if (K.is_number_integer())
          O.EmptyOn.insert(K.get<int64_t>());
    if (auto D = J.find("dealloc"); D != J.end() && D->is_string())
      O.Dealloc = D->get<std::string>();
    Outs.push_back(std::move(O));
  }
  return Outs;
}

Json OwnershipSummary::toJson() const {
  if (!RetParams.empty()) {
    OwnershipSummary Folded = *this;
    Folded.foldRetParams();
    return Folded.toJson();
  }
  // Every parameter keeps its slot (a missing slot means "not known").
  Json P = Json::array();
  for (const ParamEffect &E : Params) {
    Json Slot = Json::object();
    if (Json Self = E.Self.toJson(); !Self.empty())
      Slot["self"] = Self;
    if (Json Deep = E.Deep.toJson(); !Deep.empty())
      Slot["deep"] = Deep;
    P.push_back(Slot);
  }
  Json Ret = Json::object();
  if (RetFresh)
    Ret["fresh"] = true;
  if (RetOther)
    Ret["other"] = true;
  if (RetNull)
    Ret["null"] = true;
  if (!RetDeps.empty())
    Ret["deps"] = RetDeps;
  if (!RetUnless.empty())
    Ret["unless"] = RetUnless;
  Json J{{"name", Name}, {"params", P}};
  if (!Ret.empty())
    J["ret"] = Ret;
  if (!Dealloc.empty())
    J["dealloc"] = Dealloc;
  if (!Outs.empty())
    J["out"] = outSlotsToJson(Outs);
  if (!OutValues.empty())
    J["outvals"] = outFlagsToJson(OutValues);
  return J;
}

OwnershipSummary OwnershipSummary::fromJson(const Json &J) {
  OwnershipSummary S;
  if (!J.is_object())
    return S;
  if (auto N = J.find("name"); N != J.end() && N->is_string())
    S.Name = N->get<std::string>();
  if (auto D = J.find("dealloc"); D != J.end() && D->is_string())
    S.Dealloc = D->get<std::string>();
  if (auto P = J.find("params"); P != J.end() && P->is_array())
    for (const Json &E : *P) {
      ParamEffect PE;
      if (E.is_object()) {
        if (E.contains("self"))
          PE.Self = EffectDeps::fromJson(E["self"]);
        if (E.contains("deep"))
          PE.Deep = EffectDeps::fromJson(E["deep"]);
      }
      S.Params.push_back(PE);
    }
  if (auto R = J.find("ret"); R != J.end()) {
    S.RetFresh = boolField(*R, "fresh");
    S.RetOther = boolField(*R, "other");
    S.RetNull = boolField(*R, "null");
    S.RetDeps = stringSet(*R, "deps");
    S.RetUnless = stringSet(*R, "unless");
  }
  if (auto O = J.find("out"); O != J.end())
    S.Outs = outSlotsFromJson(*O);
  if (auto O = J.find("outvals"); O != J.end())
    S.OutValues = outFlagsFromJson(*O);
  return S;
}

void OwnershipSummary::join(const OwnershipSummary &O) {
  if (!O.RetParams.empty()) {
    OwnershipSummary Folded = O;
    Folded.foldRetParams();
    join(Folded);
    return;
  }
  foldRetParams();
  if (O.Name < Name)
    Name = O.Name;
  // A slot only one side has is not known on the other: taken, as a
  // summary that gave up would say.
  size_t N = std::max(Params.size(), O.Params.size());
  for (size_t I = 0; I < N; ++I) {
    if (I >= Params.size()) {
      ParamEffect Unknown;
      Unknown.Self.Takes = Unknown.Deep.Takes = true;
      Params.push_back(Unknown);
    } else if (I >= O.Params.size()) {
      Params[I].Self = Params[I].Deep = EffectDeps();
      Params[I].Self.Takes = Params[I].Deep.Takes = true;
    } else {
      Params[I].Self.join(O.Params[I].Self);
      Params[I].Deep.join(O.Params[I].Deep);
    }
  }
  RetFresh |= O.RetFresh;
  RetOther |= O.RetOther;
  RetNull |= O.RetNull;
  RetDeps.insert(O.RetDeps.begin(), O.RetDeps.end());
  RetUnless.insert(O.RetUnless.begin(), O.RetUnless.end());
  if (Dealloc != O.Dealloc)
    Dealloc.clear();
  joinOutFlags(OutValues, O.OutValues);
  // An out slot is fresh only if both definitions say so.
  std::vector<OutSlot> Both;
  for (const OutSlot &X : Outs)
    for (const OutSlot &Y : O.Outs) {
      if (X.Param != Y.Param || X.Field != Y.Field || X.Index != Y.Index ||
          X.EmptyOn != Y.EmptyOn)
        continue;
      OutSlot J = X;
      J.Always = X.Always && Y.Always;
      if (X.Always)
        J.FreshOn = Y.FreshOn;
      else if (!Y.Always)
        J.FreshOn.insert(Y.FreshOn.begin(), Y.FreshOn.end());
      if (X.Dealloc != Y.Dealloc)
        J.Dealloc.clear();
      Both.push_back(std::move(J));
    }
  Outs = std::move(Both);
}

void mergeUnfreedAllocation(Json &Into, const Json &From) {
  if (Into.is_null())
    Into = Json::object();
  if (!Into.is_object() || !From.is_object()) {
    mergeJsonUnion(Into, From);
    return;
  }
  // Merged in place: every join that can throw on malformed input is
  // computed before \p Into changes, so a throw leaves it as it was (the
  // caller need not copy the whole merged section for every TU).
  std::vector<std::pair<Json *, Json>> Joined;
  auto Functions = From.find("functions");
  auto To = Into.find("functions");
  if (Functions != From.end() && Functions->is_object() && To != Into.end() &&
      To->is_object())
    for (auto F = Functions->begin(); F != Functions->end(); ++F) {
      auto Old = To->find(F.key());
      if (Old == To->end() || *Old == F.value())
        continue;
      // One function defined in several TUs (a helper linked into a
      // library and a tool, or copies of one file): the join of its
      // summaries, which is the summary itself when they agree. Never a
      // union of the arrays, which would reorder the parameters.
      OwnershipSummary S = OwnershipSummary::fromJson(*Old);
      S.join(OwnershipSummary::fromJson(F.value()));
      Joined.emplace_back(&*Old, S.toJson());
    }
  for (auto &[Old, New] : Joined)
    *Old = std::move(New);
  for (auto It = From.begin(); It != From.end(); ++It) {
    Json &To = Into[It.key()];
    if (It.key() != "functions" || !It.value().is_object() ||
        !(To.is_null() || To.is_object())) {
      mergeJsonUnion(To, It.value());
      continue;
    }
    if (To.is_null())
      To = Json::object();
    for (auto F = It.value().begin(); F != It.value().end(); ++F)
      if (!To.contains(F.key()))
        To[F.key()] = F.value();
  }
}

std::string depKey(llvm::StringRef Usr, unsigned Param, bool Deep) {
  return (Usr + "|" + llvm::Twine(Param) + (Deep ? "|d" : "|s")).str();
}

std::string outFreshKey(llvm::StringRef Usr, unsigned Param,
                        llvm::StringRef Field) {
  return ("out:" + llvm::Twine(Param) + ":" + Field + ":" + Usr).str();
}

std::string outNotKey(llvm::StringRef Usr, unsigned Param,
                      llvm::StringRef Field, llvm::StringRef Op, int64_t K) {
  return ("outnot:" + llvm::Twine(Param) + ":" + Field + ":" + Op + ":" +
          llvm::Twine(K) + ":" + Usr)
      .str();
}

static const OutSlot *findOut(const OwnershipSummary &S, llvm::StringRef Index,
                             llvm::StringRef Field) {
  unsigned I = 0;
  if (Index.getAsInteger(10, I))
    return nullptr;
  for (const OutSlot &O : S.Outs)
    if (O.Param == I && O.Field == Field)
      return &O;
  return nullptr;
}

/// The fate of an out key (see outFreshKey and outNotKey).
static Fate outFate(const MergedOwnership &M, llvm::StringRef Key) {
  bool Not = Key.consume_front("outnot:");
  if (!Not && !Key.consume_front("out:"))
    return Fate::Unknown;
  auto [Index, R1] = Key.split(':');
  auto [Field, R2] = R1.split(':');
  llvm::StringRef Op, KText, Usr = R2;
  if (Not) {
    std::tie(Op, Usr) = Usr.split(':');
    std::tie(KText, Usr) = Usr.split(':');
  }
  const OwnershipSummary *S = M.summary(Usr);
  if (!S)
    return Fate::Unknown;
  const OutSlot *O = findOut(*S, Index, Field);
  if (!Not)
    return O ? Fate::Takes : Fate::Borrow;
  int64_t K = 0;
  if (!O || KText.getAsInteger(10, K))
    return Fate::Takes; // Nothing handed out: nothing to lose.
  if (O->Always)
    return Fate::Borrow;
  if (!O->EmptyOn.empty())
    return Op == "eq" && O->EmptyOn.count(K) ? Fate::Takes : Fate::Borrow;
  for (int64_t X : O->FreshOn) {
    bool Holds = Op == "eq"   ? X == K
                 : Op == "ne" ? X != K
                 : Op == "lt" ? X < K
                 : Op == "le" ? X <= K
                 : Op == "gt" ? X > K
                 : Op == "ge" ? X >= K
                 : Op == "none" ? false
                              : true;
    if (Holds)
      return Fate::Borrow;
  }
  return Fate::Takes;
}

MergedOwnership::MergedOwnership(const Json *Section) {
  if (!Section || !Section->is_object())
    return;
  auto O = Section->find("owners");
  if (O != Section->end() && O->is_object())
    for (auto It = O->begin(); It != O->end(); ++It)
      Owners[It.key()] = {boolField(It.value(), "fresh"),
                          boolField(It.value(), "lost")};
  auto K = Section->find("constants");
  if (K != Section->end() && K->is_object())
    for (auto It = K->begin(); It != K->end(); ++It) {
      auto V = It.value().find("values");
      if (boolField(It.value(), "touched") || V == It.value().end() ||
          !V->is_array() || V->size() != 1 || !(*V)[0].is_number_integer())
        continue;
      Constants[It.key()] = (*V)[0].get<int64_t>();
    }
  auto F = Section->find("functions");
  if (F == Section->end() || !F->is_object())
    return;
  for (auto It = F->begin(); It != F->end(); ++It)
    Functions[It.key()] = OwnershipSummary::fromJson(It.value());
}

const OwnershipSummary *MergedOwnership::summary(llvm::StringRef Usr) const {
  auto It = Functions.find(Usr);
  return It == Functions.end() ? nullptr : &It->second;
}

static Fate combine(Fate A, Fate B) {
  if (A == Fate::Takes || B == Fate::Takes)
    return Fate::Takes;
  if (A == Fate::Unknown || B == Fate::Unknown)
    return Fate::Unknown;
  return Fate::Borrow;
}

Fate MergedOwnership::fateOf(llvm::StringRef Dep) {
  if (Dep.starts_with("outnot:"))
    return outFate(*this, Dep);
  if (Dep.consume_front("lend:")) {
    Fate F = fateOf(Dep);
    return F == Fate::Unknown ? Fate::Borrow : F;
  }
  if (Dep.consume_front("defined:"))
    return has(Dep) ? Fate::Borrow : Fate::Unknown;
  if (Dep.consume_front("ownerlost:")) {
    const OwnerFact *O = owner(Dep);
    return O && O->Lost ? Fate::Takes : Fate::Borrow;
  }
  std::string Key = Dep.str();
  if (auto It = DepMemo.find(Key); It != DepMemo.end())
    return It->second;
  // "usr|i|s": the USR itself may contain '|'; split from the right.
  auto [Rest, Kind] = Dep.rsplit('|');
  auto [Usr, Index] = Rest.rsplit('|');
  unsigned I = 0;
  const OwnershipSummary *S = summary(Usr);
  if (!S || Index.getAsInteger(10, I) || I >= S->Params.size())
    return DepMemo[Key] = Fate::Unknown;
  if (!Visiting.insert("d" + Key).second) {
    ++CycleHits;
    return Fate::Borrow; // A cycle: nothing on it takes (so far).
  }
  unsigned Hits = CycleHits;
  const EffectDeps &E = Kind == "d" ? S->Params[I].Deep : S->Params[I].Self;
  Fate R = E.Takes ? Fate::Takes : Fate::Borrow;
  for (const std::string &D : E.Deps) {
    if (R == Fate::Takes)
      break;
    R = combine(R, fateOf(D));
  }
  Visiting.erase("d" + Key);
  // A result that leaned on an open cycle is only final at the cycle's head.
  if (Hits != CycleHits && !Visiting.empty())
    return R;
  return DepMemo[Key] = R;
}

Fate MergedOwnership::returnsFresh(llvm::StringRef Usr) {
  if (Usr.starts_with("out:"))
    return outFate(*this, Usr);
  if (Usr.consume_front("ownerfresh:")) {
    const OwnerFact *O = owner(Usr);
    return O && O->Fresh ? Fate::Takes : Fate::Borrow;
  }
  std::string Key = Usr.str();
  if (auto It = FreshMemo.find(Key); It != FreshMemo.end())
    return It->second;
  const OwnershipSummary *S = summary(Usr);
  if (!S)
    return FreshMemo[Key] = Fate::Unknown;
  if (S->RetOther || (!S->RetFresh && S->RetDeps.empty()))
    return FreshMemo[Key] = Fate::Borrow;
  if (!Visiting.insert("r" + Key).second) {
    ++CycleHits;
    return Fate::Borrow;
  }
  unsigned Hits = CycleHits;
  Fate R = Fate::Takes;
  for (const std::string &D : S->RetDeps)
    if (returnsFresh(D) != Fate::Takes) {
      R = Fate::Borrow;
      break;
    }
  // Handed to another function first: fresh only if none of them keeps it
  // (a function no TU defines may, as the unknown-call rule says).
  for (const std::string &D : S->RetUnless)
    if (R == Fate::Takes && fateOf(D) != Fate::Borrow)
      R = Fate::Borrow;
  Visiting.erase("r" + Key);
  if (Hits != CycleHits && !Visiting.empty())
    return R;
  return FreshMemo[Key] = R;
}

bool conditionalHolds(MergedOwnership &M, const Json &C) {
  for (const std::string &U : stringSet(C, "fresh"))
    if (M.returnsFresh(U) != Fate::Takes)
      return false;
  bool Strict = boolField(C, "strict");
  for (const std::string &D : stringSet(C, "unless")) {
    Fate F = M.fateOf(D);
    if (F == Fate::Takes || (F == Fate::Unknown && !Strict))
      return false;
  }
  return true;
}

std::vector<FactFinding> resolveUnfreedAllocation(const Json &Merged) {
  return resolveOwnershipSection(Merged, CheckName);
}

std::vector<FactFinding> resolveUnreleasedHandle(const Json &Merged) {
  return resolveOwnershipSection(Merged, "leak-unreleased-handle");
}

std::vector<FactFinding> resolveOwnershipSection(const Json &Merged,
                                                 llvm::StringRef Check) {
  std::vector<FactFinding> Out;
  const Json *Section = factsSection(Merged, Check);
  if (!Section || !Section->is_object())
    return Out;
  MergedOwnership M(Section);
  auto C = Section->find("conditional");
  if (C == Section->end() || !C->is_array())
    return Out;
  for (const Json &Cond : *C) {
    if (!Cond.is_object() || !Cond.contains("finding"))
      continue;
    if (!conditionalHolds(M, Cond))
      continue;
    if (auto F = FactFinding::fromJson(Cond["finding"]))
      Out.push_back(std::move(*F));
  }
  return Out;
}

} // namespace leakhound
