//===--- Coverage.cpp - what a run recognised, for "saw nothing" remarks --===//
//
// See Coverage.h for the terms.
//
//===----------------------------------------------------------------------===//

#include "Coverage.h"

namespace leakhound {

Json coverageFacts(bool Analysed, llvm::StringRef What, bool Saw) {
  Json J = Json::object();
  J["analysed"] = Analysed;
  J[What.str()] = Saw;
  return J;
}

namespace {

struct Rule {
  const char *Check;
  const char *What;
  bool VerboseOnly;
  const char *Text;
};

// Every rule names the option that teaches the check the project's API.
const Rule Rules[] = {
    {"leak-unfreed-allocation", "allocation", false,
     "no allocation site was recognised in the analysed files; if the "
     "project allocates through its own functions, name them in the option "
     "'leak-unfreed-allocation.Allocators' (and its release functions in "
     "'leak-unfreed-allocation.Deallocators')"},
    {"leak-unreleased-handle", "handle", true,
     "no handle acquisition was recognised in the analysed files; if the "
     "project opens files, sockets or other handles through its own "
     "functions, name them in the option "
     "'leak-unreleased-handle.Acquirers' (and its release functions in "
     "'leak-unreleased-handle.Releasers')"},
    {"leak-blocked-thread", "thread-start", true,
     "no thread start was recognised in the analysed files; if the project "
     "starts threads through its own functions, name them in the option "
     "'leak-blocked-thread.ThreadStarters'"},
    {"leak-unbounded-container", "container", true,
     "no long-lived container was recognised in the analysed files; if the "
     "project has its own container types, name them in the option "
     "'leak-unbounded-container.ContainerTypes'"},
};

bool flag(const Json &Obj, const char *Key) {
  auto It = Obj.find(Key);
  return It != Obj.end() && It->is_boolean() && It->get<bool>();
}

} // namespace

std::vector<CoverageRemark>
coverageRemarks(const Json &Merged, bool Verbose,
                llvm::function_ref<bool(llvm::StringRef Check)> Enabled) {
  std::vector<CoverageRemark> Out;
  for (const Rule &R : Rules) {
    if (R.VerboseOnly && !Verbose)
      continue;
    if (Enabled && !Enabled(R.Check))
      continue;
    const Json *Section = factsSection(Merged, R.Check);
    if (!Section || !Section->is_object())
      continue;
    auto C = Section->find(CoverageKey);
    if (C == Section->end() || !C->is_object())
      continue;
    if (flag(*C, "analysed") && !flag(*C, R.What))
      Out.push_back({R.Check, R.Text});
  }
  return Out;
}

} // namespace leakhound
