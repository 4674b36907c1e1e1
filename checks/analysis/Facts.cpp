//===--- Facts.cpp - facts one translation unit tells the others ----------===//

#include "Facts.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <iterator>

namespace leakhound {

Json SourcePoint::toJson() const {
  return Json{{"file", File}, {"line", Line}, {"col", Column}};
}

std::optional<SourcePoint> SourcePoint::fromJson(const Json &J) {
  if (!J.is_object())
    return std::nullopt;
  auto F = J.find("file"), L = J.find("line"), C = J.find("col");
  if (F == J.end() || L == J.end() || C == J.end() || !F->is_string() ||
      !L->is_number_unsigned() || !C->is_number_unsigned())
    return std::nullopt;
  SourcePoint P;
  P.File = F->get<std::string>();
  P.Line = L->get<unsigned>();
  P.Column = C->get<unsigned>();
  return P;
}

std::string absolutePathOf(const clang::SourceManager &SM, clang::FileID FID) {
  auto Entry = SM.getFileEntryRefForID(FID);
  if (!Entry)
    return {};
  llvm::SmallString<256> Path(Entry->getName());
  if (!llvm::sys::path::is_absolute(Path)) {
    // Relative to the working directory of the compile command.
    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(Path, Real))
      return std::string(Real);
    llvm::sys::fs::make_absolute(Path);
  }
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

SourcePoint pointFor(const clang::SourceManager &SM, clang::SourceLocation Loc) {
  SourcePoint P;
  if (Loc.isInvalid())
    return P;
  clang::SourceLocation FileLoc = SM.getFileLoc(Loc);
  auto [FID, Offset] = SM.getDecomposedLoc(FileLoc);
  P.File = absolutePathOf(SM, FID);
  bool Invalid = false;
  P.Line = SM.getLineNumber(FID, Offset, &Invalid);
  if (Invalid)
    return SourcePoint();
  P.Column = SM.getColumnNumber(FID, Offset, &Invalid);
  if (Invalid)
    return SourcePoint();
  return P;
}

Json FactFinding::toJson() const {
  Json NotesJ = Json::array();
  for (const FactNote &N : Notes)
    NotesJ.push_back(Json{{"at", N.Where.toJson()}, {"message", N.Message}});
  return Json{{"check", Check},
              {"message", Message},
              {"at", Where.toJson()},
              {"notes", NotesJ}};
}

std::optional<FactFinding> FactFinding::fromJson(const Json &J) {
  if (!J.is_object())
    return std::nullopt;
  FactFinding F;
  auto C = J.find("check"), M = J.find("message"), A = J.find("at");
  if (C == J.end() || M == J.end() || A == J.end() || !C->is_string() ||
      !M->is_string())
    return std::nullopt;
  auto At = SourcePoint::fromJson(*A);
  if (!At)
    return std::nullopt;
  F.Check = C->get<std::string>();
  F.Message = M->get<std::string>();
  F.Where = *At;
  if (auto N = J.find("notes"); N != J.end() && N->is_array()) {
    for (const Json &NJ : *N) {
      if (!NJ.is_object() || !NJ.contains("message") ||
          !NJ["message"].is_string() || !NJ.contains("at"))
        return std::nullopt;
      auto NP = SourcePoint::fromJson(NJ["at"]);
      if (!NP)
        return std::nullopt;
      F.Notes.push_back({*NP, NJ["message"].get<std::string>()});
    }
  }
  return F;
}

std::optional<Json> parseFactsText(llvm::StringRef Text, llvm::StringRef Name,
                                   std::string &Error) {
  Json J = Json::parse(Text.begin(), Text.end(), nullptr,
                       /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object()) {
    Error = "facts file '" + Name.str() + "' is not valid JSON";
    return std::nullopt;
  }
  auto V = J.find("version");
  if (V == J.end() || !V->is_number_integer() || V->get<int>() != FactsVersion) {
    Error = "facts file '" + Name.str() + "' has an unsupported version";
    return std::nullopt;
  }
  auto C = J.find("checks");
  if (C == J.end() || !C->is_object()) {
    Error = "facts file '" + Name.str() + "' has no 'checks' object";
    return std::nullopt;
  }
  return J;
}

std::optional<Json> readFactsFile(llvm::StringRef Path, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf) {
    Error = "cannot read facts file '" + Path.str() +
            "': " + Buf.getError().message();
    return std::nullopt;
  }
  return parseFactsText((*Buf)->getBuffer(), Path, Error);
}

const Json *factsSection(const Json &Merged, llvm::StringRef Check) {
  if (!Merged.is_object())
    return nullptr;
  auto C = Merged.find("checks");
  if (C == Merged.end() || !C->is_object())
    return nullptr;
  auto S = C->find(Check.str());
  if (S == C->end())
    return nullptr;
  return &*S;
}

bool writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents,
                         std::string &Error) {
  llvm::SmallString<256> Temp(Path);
  Temp += ".tmp-%%%%%%";
  int FD = -1;
  llvm::SmallString<256> TempPath;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Temp, FD, TempPath)) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    return false;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
    OS.flush();
    if (OS.has_error()) {
      Error = "cannot write '" + Path.str() + "': " + OS.error().message();
      OS.clear_error();
      llvm::sys::fs::remove(TempPath);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path)) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    llvm::sys::fs::remove(TempPath);
    return false;
  }
  return true;
}

void mergeJsonUnion(Json &Into, const Json &From) {
  if (Into.is_null()) {
    Into = From;
    return;
  }
  if (Into.is_object() && From.is_object()) {
    for (auto It = From.begin(); It != From.end(); ++It)
      mergeJsonUnion(Into[It.key()], It.value());
    return;
  }
  if (Into.is_array() && From.is_array()) {
    // Arrays are sets, kept sorted: a merge is one linear union, not a
    // re-sort of everything merged so far (that was quadratic over TUs).
    auto Normalise = [](Json &A) {
      if (!std::is_sorted(A.begin(), A.end()))
        std::sort(A.begin(), A.end());
      A.erase(std::unique(A.begin(), A.end()), A.end());
    };
    Json Add = From;
    Normalise(Into);
    Normalise(Add);
    Json Out = Json::array();
    Out.get_ref<Json::array_t &>().reserve(Into.size() + Add.size());
    std::set_union(std::make_move_iterator(Into.begin()),
                   std::make_move_iterator(Into.end()),
                   std::make_move_iterator(Add.begin()),
                   std::make_move_iterator(Add.end()), std::back_inserter(Out));
    Into = std::move(Out);
    return;
  }
  if (Into.is_boolean() && From.is_boolean()) {
    Into = Into.get<bool>() || From.get<bool>();
    return;
  }
  if (From < Into)
    Into = From;
}

void dropRecordedFindings(Json &Merged,
                          llvm::function_ref<bool(llvm::StringRef)> Replaced) {
  if (!Merged.is_object() || !Merged.contains("checks") ||
      !Merged["checks"].is_object())
    return;
  auto Stale = [&](const Json &E) {
    if (!E.is_object())
      return false;
    auto F = E.find("finding");
    if (F == E.end() || !F->is_object())
      return false;
    auto At = F->find("at");
    if (At == F->end() || !At->is_object())
      return false;
    auto File = At->find("file");
    return File != At->end() && File->is_string() &&
           Replaced(File->get_ref<const std::string &>());
  };
  for (auto &[Check, Section] : Merged["checks"].items()) {
    (void)Check;
    if (!Section.is_object())
      continue;
    for (auto &[Key, Value] : Section.items()) {
      (void)Key;
      if (!Value.is_array())
        continue;
      Json Kept = Json::array();
      for (Json &E : Value)
        if (!Stale(E))
          Kept.push_back(std::move(E));
      Value = std::move(Kept);
    }
  }
}

bool mergeFacts(Json &Into, const Json &From) {
  if (!Into.is_object())
    Into = Json{{"version", FactsVersion}, {"checks", Json::object()}};
  if (!From.is_object())
    return From.is_null();
  bool Ok = true;
  Json &Checks = Into["checks"];
  if (!Checks.is_object())
    return false;
  for (auto It = From.begin(); It != From.end(); ++It) {
    const CrossTUHandler *H = nullptr;
    for (const CrossTUHandler &C : crossTUHandlers())
      if (It.key() == C.CheckName)
        H = &C;
    if (!H || !H->Merge) {
      // The generic union never throws: it merges in place (copying the
      // section for every TU made the merge quadratic).
      mergeJsonUnion(Checks[It.key()], It.value());
      continue;
    }
    // A check's own merge may throw on malformed input; it leaves its
    // section unchanged when it does (copying the section for every TU
    // doubled the parent's peak memory and made the merge quadratic).
    bool Existed = Checks.contains(It.key());
    try {
      H->Merge(Checks[It.key()], It.value());
    } catch (const Json::exception &) {
      if (!Existed)
        Checks.erase(It.key());
      // The JSON library throws on unexpected types: malformed facts.
      Ok = false;
    }
  }
  return Ok;
}

std::vector<FactFinding> resolveFacts(const Json &Merged,
                                      std::vector<std::string> *Malformed) {
  std::vector<FactFinding> All;
  for (const CrossTUHandler &H : crossTUHandlers()) {
    if (!H.Resolve || !factsSection(Merged, H.CheckName))
      continue;
    try {
      std::vector<FactFinding> Part = H.Resolve(Merged);
      All.insert(All.end(), Part.begin(), Part.end());
    } catch (const Json::exception &) {
      if (Malformed)
        Malformed->push_back(H.CheckName);
    }
  }
  return All;
}

} // namespace leakhound
