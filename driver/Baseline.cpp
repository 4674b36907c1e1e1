//===--- Baseline.cpp -----------------------------------------------------===//

#include "Baseline.h"
#include "llvm/Support/MemoryBuffer.h"

namespace leakhound {

Baseline::Entry Baseline::entryFor(const Finding &F, llvm::StringRef Root) {
  std::string Rel = relativeTo(F.Loc.File, Root);
  return {F.Check, Rel.empty() ? F.Loc.File : Rel, F.Fingerprint};
}

bool Baseline::load(llvm::StringRef Path, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf) {
    Error = "cannot read baseline '" + Path.str() +
            "': " + Buf.getError().message();
    return false;
  }
  if (!parse((*Buf)->getBuffer(), Error)) {
    Error = "baseline '" + Path.str() + "': " + Error;
    return false;
  }
  return true;
}

bool Baseline::parse(llvm::StringRef Text, std::string &Error) {
  Json J = Json::parse(Text.begin(), Text.end(), nullptr, false);
  if (J.is_discarded() || !J.is_object()) {
    Error = "not valid JSON";
    return false;
  }
  auto V = J.find("version");
  if (V == J.end() || !V->is_number_integer() || V->get<int>() != 1) {
    Error = "unsupported or missing version (expected 1)";
    return false;
  }
  auto F = J.find("findings");
  if (F == J.end() || !F->is_array()) {
    Error = "no 'findings' array";
    return false;
  }
  for (const Json &E : *F) {
    if (!E.is_object() || !E.contains("check") || !E["check"].is_string() ||
        !E.contains("file") || !E["file"].is_string() ||
        !E.contains("fingerprint") || !E["fingerprint"].is_string()) {
      Error = "each finding needs string 'check', 'file' and 'fingerprint'";
      return false;
    }
    Entries.insert({E["check"].get<std::string>(), E["file"].get<std::string>(),
                    E["fingerprint"].get<std::string>()});
  }
  return true;
}

Baseline Baseline::fromFindings(const std::vector<Finding> &Findings,
                                llvm::StringRef Root) {
  Baseline B;
  for (const Finding &F : Findings)
    if (F.Suppressed != Suppression::InSource)
      B.Entries.insert(entryFor(F, Root));
  return B;
}

std::string Baseline::serialise() const {
  Json Arr = Json::array();
  for (const auto &[Check, File, FP] : Entries)
    Arr.push_back(Json{{"check", Check}, {"file", File}, {"fingerprint", FP}});
  Json J{{"version", 1}, {"findings", Arr}};
  return J.dump(2) + "\n";
}

void Baseline::markSuppressed(std::vector<Finding> &Findings,
                              llvm::StringRef Root) const {
  for (Finding &F : Findings)
    if (F.Suppressed == Suppression::None && Entries.count(entryFor(F, Root)))
      F.Suppressed = Suppression::External;
}

} // namespace leakhound
