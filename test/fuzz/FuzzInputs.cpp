//===--- FuzzInputs.cpp - libFuzzer target for leakhound's own inputs -----===//
//
// The first byte picks the parser, the rest is its input:
//   0 configuration (clang-tidy YAML, as --config / --config-file / .clang-tidy)
//   1 baseline (--baseline)
//   2 facts file (--facts, FactsIn): parse, merge twice, resolve every check
//   3 SARIF merge inputs (`leakhound merge`): the input split at NUL bytes
// Every parser must reject bad input with an error, never crash or hang.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "SarifMerge.h"
#include "checks/analysis/Facts.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <string>

using namespace leakhound;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  unsigned Kind = Data[0] % 4;
  std::string Text(reinterpret_cast<const char *>(Data + 1), Size - 1);
  std::string Error;
  switch (Kind) {
  case 0: {
    auto Parsed = clang::tidy::parseConfiguration(
        llvm::MemoryBufferRef(Text, "fuzz-config"));
    if (Parsed && Parsed->Checks) {
      clang::tidy::GlobList G(*Parsed->Checks);
      (void)G.contains("leak-unfreed-allocation");
    }
    break;
  }
  case 1: {
    Baseline B;
    if (B.parse(Text, Error))
      (void)B.serialise();
    break;
  }
  case 2: {
    auto J = parseFactsText(Text, "fuzz-facts", Error);
    if (!J)
      break;
    Json Merged;
    mergeFacts(Merged, (*J)["checks"]);
    mergeFacts(Merged, (*J)["checks"]);
    (void)resolveFacts(Merged);
    break;
  }
  case 3: {
    std::vector<std::pair<std::string, std::string>> Inputs;
    size_t Start = 0;
    for (size_t I = 0; I <= Text.size(); ++I)
      if (I == Text.size() || Text[I] == '\0') {
        Inputs.push_back({"in" + std::to_string(Inputs.size()),
                          Text.substr(Start, I - Start)});
        Start = I + 1;
      }
    Json Doc;
    (void)mergeSarifTexts(Inputs, Doc);
    break;
  }
  }
  return 0;
}
