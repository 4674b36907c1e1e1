//===--- SarifMerge.cpp - `leakhound merge`: shards into one SARIF run ----===//
//
// CI matrices run leakhound with --shard=i/N and upload one file: this merges
// the per-shard SARIF files into a single run (GitHub rejects several runs of
// one tool and category in one upload). Rules are deduplicated by id and
// results re-indexed and sorted, so merging the shards of a run gives the
// same results as the unsharded run.
//
//===----------------------------------------------------------------------===//

#include "Leakhound.h"
#include "SarifMerge.h"
#include "checks/analysis/Facts.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>

namespace leakhound {

static int mergeError(const llvm::Twine &Msg) {
  llvm::errs() << "leakhound merge: error: " << Msg << "\n";
  return ExitError;
}

static Json resultKey(const Json &R) {
  const Json *Loc = nullptr;
  if (R.contains("locations") && R["locations"].is_array() &&
      !R["locations"].empty())
    Loc = &R["locations"][0];
  Json Uri, Line, Col;
  if (Loc && Loc->contains("physicalLocation")) {
    const Json &P = (*Loc)["physicalLocation"];
    if (P.contains("artifactLocation") && P["artifactLocation"].contains("uri"))
      Uri = P["artifactLocation"]["uri"];
    if (P.contains("region")) {
      Line = P["region"].value("startLine", 0);
      Col = P["region"].value("startColumn", 0);
    }
  }
  return Json::array({Uri, Line, Col, R.value("ruleId", ""),
                      R.contains("message") ? R["message"].value("text", "")
                                            : ""});
}

static std::string mergeSarifTextsUnchecked(
    const std::vector<std::pair<std::string, std::string>> &Inputs,
    Json &Doc) {
  Json Merged;
  std::map<std::string, Json> Rules;
  std::vector<Json> Results, Notifications;
  bool Success = true;
  for (const auto &[In, Text] : Inputs) {
    Json J = Json::parse(Text.begin(), Text.end(), nullptr, false);
    if (J.is_discarded() || !J.is_object() || J.value("version", "") != "2.1.0" ||
        !J.contains("runs") || !J["runs"].is_array())
      return std::string("'" + In + "' is not a SARIF 2.1.0 file");
    for (const Json &Run : J["runs"]) {
      if (!Run.is_object() || !Run.contains("tool") ||
          !Run["tool"].is_object() || !Run["tool"].contains("driver") ||
          !Run["tool"]["driver"].is_object() ||
          Run["tool"]["driver"].value("name", "") != "leakhound")
        return std::string("'" + In + "' has a run not written by leakhound");
      if (Merged.is_null()) {
        Merged = Run;
      } else {
        for (const char *K : {"originalUriBaseIds", "automationDetails"}) {
          Json A = Merged.contains(K) ? Merged[K] : Json();
          Json B = Run.contains(K) ? Run[K] : Json();
          if (A != B)
            return std::string("'" + In + "' differs in " + K +
                              " from the first input; merge runs of one "
                              "configuration only");
        }
      }
      const Json &Driver = Run["tool"]["driver"];
      std::vector<std::string> LocalIds;
      if (Driver.contains("rules") && Driver["rules"].is_array())
        for (const Json &R : Driver["rules"]) {
          if (!R.is_object() || !R.contains("id") || !R["id"].is_string())
            return std::string("'" + In + "' has a rule without an id");
          LocalIds.push_back(R["id"].get<std::string>());
          Rules.emplace(R["id"].get<std::string>(), R);
        }
      if (Run.contains("results") && Run["results"].is_array())
        for (const Json &R : Run["results"]) {
          if (!R.is_object())
            return std::string("'" + In + "' has a malformed result");
          Results.push_back(R);
        }
      if (Run.contains("invocations") && Run["invocations"].is_array())
        for (const Json &Inv : Run["invocations"]) {
          if (!Inv.is_object())
            continue;
          if (Inv.contains("executionSuccessful") &&
              Inv["executionSuccessful"].is_boolean())
            Success = Success && Inv["executionSuccessful"].get<bool>();
          if (Inv.contains("toolExecutionNotifications") &&
              Inv["toolExecutionNotifications"].is_array())
            for (const Json &N : Inv["toolExecutionNotifications"])
              Notifications.push_back(N);
        }
    }
  }
  if (Merged.is_null())
    return std::string("the inputs hold no run");

  Json RulesJ = Json::array();
  std::map<std::string, size_t> Index;
  for (auto &[Id, R] : Rules) {
    Index[Id] = RulesJ.size();
    RulesJ.push_back(R);
  }
  std::stable_sort(Results.begin(), Results.end(),
                   [](const Json &A, const Json &B) {
                     return resultKey(A) < resultKey(B);
                   });
  Json ResultsJ = Json::array();
  for (Json &R : Results) {
    std::string Id = R.value("ruleId", "");
    if (Index.count(Id))
      R["ruleIndex"] = Index[Id];
    ResultsJ.push_back(std::move(R));
  }
  Merged["tool"]["driver"]["rules"] = RulesJ;
  Merged["results"] = ResultsJ;
  Merged["invocations"] =
      Json::array({Json{{"executionSuccessful", Success},
                        {"toolExecutionNotifications", Notifications}}});
  Doc = Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Json::array({Merged})}};
  return {};
}

std::string mergeSarifTexts(
    const std::vector<std::pair<std::string, std::string>> &Inputs,
    Json &Doc) {
  // The JSON library throws when a field has an unexpected type; an input
  // that does that is malformed, not a reason to crash.
  try {
    return mergeSarifTextsUnchecked(Inputs, Doc);
  } catch (const Json::exception &E) {
    Doc = Json();
    return std::string("malformed SARIF input: ") + E.what();
  }
}

int runMergeCommand(int Argc, const char **Argv) {
  std::string Out;
  std::vector<std::string> Paths;
  for (int I = 2; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    if (A == "-o" && I + 1 < Argc)
      Out = Argv[++I];
    else if (A.consume_front("-o"))
      Out = A.str();
    else if (A == "--help" || A == "-h") {
      llvm::outs() << "usage: leakhound merge -o <out.sarif> <in.sarif>...\n"
                      "Merges SARIF files written by leakhound (e.g. one per "
                      "--shard) into one run.\n";
      return ExitClean;
    } else if (A.starts_with("-"))
      return mergeError("unknown option '" + A + "'");
    else
      Paths.push_back(A.str());
  }
  if (Out.empty() || Paths.empty())
    return mergeError("usage: leakhound merge -o <out.sarif> <in.sarif>...");
  std::vector<std::pair<std::string, std::string>> Inputs;
  for (const std::string &In : Paths) {
    auto Buf = llvm::MemoryBuffer::getFile(In);
    if (!Buf)
      return mergeError("cannot read '" + In + "': " +
                        Buf.getError().message());
    Inputs.push_back({In, (*Buf)->getBuffer().str()});
  }
  Json Doc;
  if (std::string E = mergeSarifTexts(Inputs, Doc); !E.empty())
    return mergeError(E);
  std::string Err;
  if (!writeFileAtomically(
          Out, Doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n",
          Err))
    return mergeError(Err);
  return ExitClean;
}

} // namespace leakhound
