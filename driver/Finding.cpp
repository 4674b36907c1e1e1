//===--- Finding.cpp ------------------------------------------------------===//

#include "Finding.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include <tuple>

namespace leakhound {

static auto key(const Finding &F) {
  return std::tie(F.Loc.File, F.Loc.Line, F.Loc.Column, F.Check, F.Message);
}

bool operator<(const Finding &A, const Finding &B) { return key(A) < key(B); }
bool sameFinding(const Finding &A, const Finding &B) {
  return key(A) == key(B);
}

static Json locJson(const Location &L) {
  return Json{{"file", L.File},       {"line", L.Line},
              {"col", L.Column},      {"endLine", L.EndLine},
              {"endCol", L.EndColumn}, {"text", L.LineText}};
}

static bool locFrom(const Json &J, Location &L) {
  if (!J.is_object())
    return false;
  for (const char *K : {"file", "text"})
    if (!J.contains(K) || !J[K].is_string())
      return false;
  for (const char *K : {"line", "col", "endLine", "endCol"})
    if (!J.contains(K) || !J[K].is_number_unsigned())
      return false;
  L.File = J["file"].get<std::string>();
  L.LineText = J["text"].get<std::string>();
  L.Line = J["line"].get<unsigned>();
  L.Column = J["col"].get<unsigned>();
  L.EndLine = J["endLine"].get<unsigned>();
  L.EndColumn = J["endCol"].get<unsigned>();
  return true;
}

static const char *suppressionName(Suppression S) {
  switch (S) {
  case Suppression::None:
    return "";
  case Suppression::InSource:
    return "inSource";
  case Suppression::External:
    return "external";
  }
  return "";
}

Json toJson(const Finding &F) {
  Json Notes = Json::array(), Fixes = Json::array();
  for (const Note &N : F.Notes)
    Notes.push_back(Json{{"at", locJson(N.Loc)}, {"message", N.Message}});
  for (const Replacement &R : F.Fixes)
    Fixes.push_back(Json{{"file", R.File},
                         {"offset", R.Offset},
                         {"length", R.Length},
                         {"text", R.Text}});
  return Json{{"check", F.Check},
              {"level", F.Level},
              {"message", F.Message},
              {"at", locJson(F.Loc)},
              {"notes", Notes},
              {"fixes", Fixes},
              {"suppressed", suppressionName(F.Suppressed)}};
}

bool fromJson(const Json &J, Finding &F) {
  if (!J.is_object())
    return false;
  for (const char *K : {"check", "level", "message", "suppressed"})
    if (!J.contains(K) || !J[K].is_string())
      return false;
  if (!J.contains("at") || !locFrom(J["at"], F.Loc))
    return false;
  F.Check = J["check"].get<std::string>();
  F.Level = J["level"].get<std::string>();
  F.Message = J["message"].get<std::string>();
  std::string S = J["suppressed"].get<std::string>();
  F.Suppressed = S == "inSource"   ? Suppression::InSource
                 : S == "external" ? Suppression::External
                                   : Suppression::None;
  if (J.contains("notes") && J["notes"].is_array()) {
    for (const Json &NJ : J["notes"]) {
      Note N;
      if (!NJ.is_object() || !NJ.contains("at") || !locFrom(NJ["at"], N.Loc) ||
          !NJ.contains("message") || !NJ["message"].is_string())
        return false;
      N.Message = NJ["message"].get<std::string>();
      F.Notes.push_back(std::move(N));
    }
  }
  if (J.contains("fixes") && J["fixes"].is_array()) {
    for (const Json &RJ : J["fixes"]) {
      if (!RJ.is_object() || !RJ.contains("file") || !RJ["file"].is_string() ||
          !RJ.contains("offset") || !RJ["offset"].is_number_unsigned() ||
          !RJ.contains("length") || !RJ["length"].is_number_unsigned() ||
          !RJ.contains("text") || !RJ["text"].is_string())
        return false;
      F.Fixes.push_back({RJ["file"].get<std::string>(),
                         RJ["offset"].get<unsigned>(),
                         RJ["length"].get<unsigned>(),
                         RJ["text"].get<std::string>()});
    }
  }
  return true;
}

std::string readSourceLine(const std::string &File, unsigned Line) {
  static std::string CachedName;
  static std::unique_ptr<llvm::MemoryBuffer> Cached;
  if (File != CachedName) {
    CachedName = File;
    auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
    Cached = Buf ? std::move(*Buf) : nullptr;
  }
  if (!Cached || Line == 0)
    return {};
  llvm::StringRef Text = Cached->getBuffer();
  for (unsigned I = 1; I < Line; ++I) {
    size_t NL = Text.find('\n');
    if (NL == llvm::StringRef::npos)
      return {};
    Text = Text.drop_front(NL + 1);
  }
  return Text.take_until([](char C) { return C == '\n' || C == '\r'; }).str();
}

std::string relativeTo(llvm::StringRef File, llvm::StringRef Root) {
  if (Root.empty())
    return {};
  llvm::SmallString<256> R(Root);
  if (!R.ends_with("/"))
    R += "/";
  if (!File.starts_with(R))
    return {};
  return File.drop_front(R.size()).str();
}

static Location locationOf(const SourcePoint &P) {
  Location L;
  L.File = P.File;
  L.Line = L.EndLine = P.Line;
  L.Column = P.Column;
  L.EndColumn = P.Column + 1;
  L.LineText = readSourceLine(P.File, P.Line);
  return L;
}

Finding fromFactFinding(const FactFinding &FF) {
  Finding F;
  F.Check = FF.Check;
  F.Message = FF.Message;
  F.Loc = locationOf(FF.Where);
  for (const FactNote &N : FF.Notes)
    F.Notes.push_back({locationOf(N.Where), N.Message});
  return F;
}

} // namespace leakhound
