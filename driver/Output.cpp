//===--- Output.cpp - text and SARIF writers ------------------------------===//

#include "Output.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/xxhash.h"
#include <map>

namespace leakhound {

#include "CheckDocs.inc" // checkDoc(StringRef Id) -> StringRef, generated

static const RuleInfo Rules[] = {
    {"leak-blocked-thread", "BlockedThread",
     "A thread or task can block forever on a wait with no cancellation path",
     "833", "5.3", "medium", true},
    {"leak-retained-subview", "RetainedSubview",
     "A small view or slice keeps a large buffer alive", "401", "3.7",
     "medium", false},
    {"leak-unbounded-container", "UnboundedContainer",
     "A process-lifetime container grows without bound", "770", "5.3",
     "medium", false},
    {"leak-unfreed-allocation", "UnfreedAllocation",
     "Allocated memory is not released on some path", "401", "5.3", "high",
     true},
    {"leak-unreleased-handle", "UnreleasedHandle",
     "A file, directory stream or mapping is not closed on some path",
     "775,404", "5.3", "high", true, "resource-leak"},
};

llvm::ArrayRef<RuleInfo> rules() { return Rules; }

const RuleInfo *ruleFor(llvm::StringRef Id) {
  for (const RuleInfo &R : Rules)
    if (Id == R.Id)
      return &R;
  return nullptr;
}


static std::string normalisedLine(llvm::StringRef Line) {
  std::string Out;
  for (char C : Line)
    if (!llvm::isSpace(static_cast<unsigned char>(C)))
      Out += C;
  return Out;
}

void computeFingerprints(std::vector<Finding> &Findings,
                         llvm::StringRef SourceRoot) {
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    std::string Rel = relativeTo(F.Loc.File, SourceRoot);
    if (Rel.empty())
      Rel = F.Loc.File;
    std::string Key = F.Check + '\0' + Rel + '\0' + normalisedLine(F.Loc.LineText);
    unsigned Occ = ++Seen[Key];
    uint64_t H = llvm::xxh3_64bits(llvm::StringRef(Key));
    F.Fingerprint = llvm::utohexstr(H, /*LowerCase=*/true, 16) + ":" +
                    std::to_string(Occ);
  }
}

/// Byte column to display column, expanding tabs as clang does.
static std::string expandTabs(llvm::StringRef Line) {
  std::string Out;
  for (char C : Line) {
    if (C == '\t') {
      do
        Out += ' ';
      while (Out.size() % 8);
    } else {
      Out += C;
    }
  }
  return Out;
}

unsigned displayColumn(llvm::StringRef Line, unsigned ByteCol) {
  unsigned Col = 0;
  for (unsigned I = 0; I + 1 < ByteCol && I < Line.size(); ++I) {
    if (Line[I] == '\t')
      Col = (Col / 8 + 1) * 8;
    else if ((static_cast<unsigned char>(Line[I]) & 0xC0) != 0x80)
      ++Col;
  }
  return Col;
}

static void writeSnippet(llvm::raw_ostream &OS, const Location &L) {
  if (!L.valid() || L.LineText.empty())
    return;
  std::string Num = std::to_string(L.Line);
  size_t Width = std::max<size_t>(4, Num.size());
  OS << ' ' << std::string(Width - Num.size(), ' ') << Num << " | "
     << expandTabs(L.LineText) << '\n';
  unsigned Start = displayColumn(L.LineText, L.Column);
  unsigned End = Start + 1;
  if (L.EndLine == L.Line && L.EndColumn > L.Column)
    End = std::max(End, displayColumn(L.LineText, L.EndColumn));
  OS << ' ' << std::string(Width, ' ') << " | " << std::string(Start, ' ')
     << '^';
  if (End > Start + 1)
    OS << std::string(End - Start - 1, '~');
  OS << '\n';
}

static void writeHeader(llvm::raw_ostream &OS, const Location &L,
                        llvm::StringRef Level, llvm::StringRef Message) {
  if (L.valid())
    OS << L.File << ':' << L.Line << ':' << L.Column << ": ";
  else if (!L.File.empty())
    OS << L.File << ": ";
  OS << Level << ": " << Message;
}

void writeHeadline(llvm::raw_ostream &OS, const Finding &F) {
  writeHeader(OS, F.Loc, F.Level, F.Message);
  OS << " [" << F.Check << "]\n";
}

void writeText(llvm::raw_ostream &OS, const std::vector<Finding> &Findings,
               bool ShowSuppressed) {
  for (const Finding &F : Findings) {
    if (F.Suppressed != Suppression::None && !ShowSuppressed)
      continue;
    writeHeadline(OS, F);
    writeSnippet(OS, F.Loc);
    for (const Note &N : F.Notes) {
      writeHeader(OS, N.Loc, "note", N.Message);
      OS << '\n';
      writeSnippet(OS, N.Loc);
    }
  }
}

/// SARIF columns count UTF-16 code units; clang's count bytes.
static unsigned utf16Column(llvm::StringRef Line, unsigned ByteCol) {
  unsigned Col = 1;
  for (unsigned I = 0; I + 1 < ByteCol && I < Line.size(); ++I) {
    unsigned char C = Line[I];
    if ((C & 0xC0) == 0x80)
      continue;
    Col += (C >= 0xF0) ? 2 : 1;
  }
  if (ByteCol > Line.size() + 1)
    Col += ByteCol - (Line.size() + 1);
  return Col;
}

static std::string fileUri(llvm::StringRef Path) {
  std::string Out = "file://";
  for (char C : Path) {
    unsigned char U = C;
    if (llvm::isAlnum(U) || llvm::StringRef("/-._~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(U, false, 2);
  }
  return Out;
}

static std::string relativeUri(llvm::StringRef Rel) {
  std::string Out;
  for (char C : Rel) {
    unsigned char U = C;
    if (llvm::isAlnum(U) || llvm::StringRef("/-._~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(U, false, 2);
  }
  return Out;
}

static Json physicalLocation(const Location &L, const SarifOptions &O) {
  Json Artifact;
  std::string Rel = relativeTo(L.File, O.SourceRoot);
  if (!Rel.empty())
    Artifact = Json{{"uri", relativeUri(Rel)}, {"uriBaseId", "%SRCROOT%"}};
  else
    Artifact = Json{{"uri", fileUri(L.File)}};
  Json P{{"artifactLocation", Artifact}};
  if (L.valid()) {
    unsigned StartCol = utf16Column(L.LineText, L.Column);
    unsigned EndLine = L.EndLine ? L.EndLine : L.Line;
    unsigned EndCol = L.EndColumn > 0 ? (EndLine == L.Line
                                             ? utf16Column(L.LineText,
                                                           L.EndColumn)
                                             : L.EndColumn)
                                      : StartCol + 1;
    if (EndLine == L.Line && EndCol <= StartCol)
      EndCol = StartCol + 1;
    Json Region{{"startLine", L.Line},
                {"startColumn", StartCol},
                {"endLine", EndLine},
                {"endColumn", EndCol}};
    if (!L.LineText.empty())
      Region["snippet"] = Json{{"text", L.LineText}};
    P["region"] = Region;
  }
  return P;
}

static llvm::StringRef firstParagraph(llvm::StringRef Doc) {
  // Skip the title line(s), take the first paragraph of prose.
  llvm::SmallVector<llvm::StringRef, 16> Paras;
  Doc.split(Paras, "\n\n", -1, false);
  for (llvm::StringRef P : Paras) {
    P = P.trim();
    if (P.empty() || P.starts_with("#"))
      continue;
    return P;
  }
  return {};
}

static std::string oneLine(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    Out += (C == '\n') ? ' ' : C;
  return Out;
}

Json makeSarif(const std::vector<Finding> &Findings,
               const std::vector<TUResult> &Failures, const SarifOptions &O) {
  Json RulesJ = Json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const RuleInfo &R : rules()) {
    RuleIndex[R.Id] = RulesJ.size();
    llvm::StringRef Doc = checkDoc(R.Id);
    std::string Full = oneLine(firstParagraph(Doc));
    if (Full.empty())
      Full = R.ShortDescription;
    Json Tags = Json::array({"reliability", R.Kind});
    llvm::SmallVector<llvm::StringRef, 2> Cwes;
    llvm::StringRef(R.Cwe).split(Cwes, ',');
    for (llvm::StringRef C : Cwes)
      Tags.push_back("external/cwe/cwe-" + C.trim().str());
    RulesJ.push_back(Json{
        {"id", R.Id},
        {"name", R.Name},
        {"shortDescription", {{"text", R.ShortDescription}}},
        {"fullDescription", {{"text", Full}}},
        {"help",
         {{"text", Doc.empty() ? Full : Doc.str()},
          {"markdown", Doc.empty() ? Full : Doc.str()}}},
        {"helpUri", std::string("https://github.com/leakhound/leakhound/blob/"
                                "main/docs/checks/") +
                        llvm::StringRef(R.Id).drop_front(5).str() + ".md"},
        {"defaultConfiguration", {{"level", "warning"}}},
        {"properties",
         {{"tags", Tags},
          {"precision", R.Precision},
          {"security-severity", R.SecuritySeverity}}}});
  }

  Json Results = Json::array();
  for (const Finding &F : Findings) {
    auto It = RuleIndex.find(F.Check);
    if (It == RuleIndex.end())
      continue; // Compile errors are notifications, not results.
    const RuleInfo *Info = ruleFor(F.Check);
    Json Res{{"ruleId", F.Check},
             {"ruleIndex", It->second},
             {"level", F.Level == "error" ? "error" : "warning"},
             {"message", {{"text", F.Message}}},
             {"locations",
              Json::array({Json{{"physicalLocation",
                                 physicalLocation(F.Loc, O)}}})},
             {"partialFingerprints",
              {{"primaryLocationLineHash", F.Fingerprint}}}};
    if (!F.Notes.empty()) {
      Json Related = Json::array();
      size_t Id = 1;
      for (const Note &N : F.Notes) {
        if (Related.size() >= 999)
          break; // GitHub keeps at most 1,000 locations per result.
        Related.push_back(
            Json{{"id", Id++},
                 {"physicalLocation", physicalLocation(N.Loc, O)},
                 {"message", {{"text", N.Message}}}});
      }
      Res["relatedLocations"] = Related;
      if (Info && Info->PathFindings) {
        Json Steps = Json::array();
        for (const Note &N : F.Notes) {
          if (!N.Loc.valid() || Steps.size() >= 9999)
            continue;
          Steps.push_back(Json{
              {"location",
               {{"physicalLocation", physicalLocation(N.Loc, O)},
                {"message", {{"text", N.Message}}}}}});
        }
        Steps.push_back(
            Json{{"location",
                  {{"physicalLocation", physicalLocation(F.Loc, O)},
                   {"message", {{"text", F.Message}}}}}});
        Res["codeFlows"] = Json::array(
            {Json{{"threadFlows", Json::array({Json{{"locations", Steps}}})}}});
      }
    }
    if (F.Suppressed != Suppression::None)
      Res["suppressions"] = Json::array(
          {Json{{"kind", F.Suppressed == Suppression::InSource ? "inSource"
                                                               : "external"},
                {"status", "accepted"}}});
    Results.push_back(std::move(Res));
  }

  Json Notifications = Json::array();
  bool Success = true;
  for (const TUResult &R : Failures) {
    Location L;
    L.File = R.File;
    std::string Msg;
    std::string Level = "error";
    if (R.Status == TUStatus::CompileErrors) {
      for (const Finding &F : R.Findings)
        if (F.Check == "clang-diagnostic-error") {
          Msg = F.Message;
          if (F.Loc.valid())
            L = F.Loc;
          break;
        }
      Msg = "compile error, the file was analysed as far as it parsed: " + Msg;
      Level = "warning";
    } else {
      Success = false;
      Msg = R.Detail;
    }
    Json N{{"level", Level},
           {"message", {{"text", Msg}}},
           {"locations",
            Json::array({Json{{"physicalLocation", physicalLocation(L, O)}}})}};
    Notifications.push_back(std::move(N));
  }

  Json Run{{"tool",
            {{"driver",
              {{"name", "leakhound"},
               {"semanticVersion", LEAKHOUND_VERSION},
               {"version", LEAKHOUND_VERSION},
               {"informationUri", "https://github.com/leakhound/leakhound"},
               {"rules", RulesJ}}}}},
           {"invocations",
            Json::array({Json{{"executionSuccessful", Success},
                              {"toolExecutionNotifications", Notifications}}})},
           {"results", Results}};
  if (!O.SourceRoot.empty()) {
    std::string Root = O.SourceRoot;
    if (Root.back() != '/')
      Root += '/';
    Run["originalUriBaseIds"] = Json{{"%SRCROOT%", {{"uri", fileUri(Root)}}}};
  }
  if (!O.Category.empty()) {
    std::string Id = O.Category;
    if (Id.back() != '/')
      Id += '/';
    Run["automationDetails"] = Json{{"id", Id}};
  }
  return Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({Run})}};
}

Json makeCodeClimate(const std::vector<Finding> &Findings,
                     llvm::StringRef SourceRoot) {
  Json Issues = Json::array();
  for (const Finding &F : Findings) {
    if (F.Suppressed != Suppression::None || !ruleFor(F.Check))
      continue;
    std::string Rel = relativeTo(F.Loc.File, SourceRoot);
    Issues.push_back(Json{
        {"type", "issue"},
        {"check_name", F.Check},
        {"description", F.Message},
        {"categories", Json::array({"Bug Risk"})},
        {"severity", F.Level == "error" ? "critical" : "major"},
        {"fingerprint", F.Check + ":" + F.Fingerprint},
        {"location",
         {{"path", Rel.empty() ? F.Loc.File : Rel},
          {"lines", {{"begin", F.Loc.Line}, {"end", F.Loc.EndLine}}}}}});
  }
  return Issues;
}

static size_t compressedSize(const std::string &Text) {
  if (!llvm::compression::zlib::isAvailable())
    return Text.size() / 8; // A typical ratio for SARIF.
  llvm::SmallVector<uint8_t, 0> Out;
  llvm::compression::zlib::compress(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Text.data()),
                              Text.size()),
      Out, llvm::compression::zlib::BestSpeedCompression);
  return Out.size() + 18; // gzip's header and trailer.
}

static void addNotification(Json &Run, const std::string &Text) {
  Json &Inv = Run["invocations"][0];
  Inv["toolExecutionNotifications"].push_back(
      Json{{"level", "warning"}, {"message", {{"text", Text}}}});
}

static std::string dump(const Json &Doc) {
  return Doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string serialiseSarif(Json Doc, const SarifOptions &O) {
  Json &Run = Doc["runs"][0];
  Json &Results = Run["results"];
  if (Results.size() > O.MaxResults) {
    size_t Dropped = Results.size() - O.MaxResults;
    Results.erase(Results.begin() + O.MaxResults, Results.end());
    addNotification(Run, std::to_string(Dropped) +
                             " results left out: GitHub code scanning takes "
                             "at most " +
                             std::to_string(O.MaxResults) + " per run");
  }
  std::string Text = dump(Doc);
  if (compressedSize(Text) <= O.MaxCompressedBytes)
    return Text;
  for (Json &R : Results) {
    R.erase("codeFlows");
    for (Json &L : R["locations"])
      L["physicalLocation"]["region"].erase("snippet");
  }
  addNotification(Run, "source snippets and code flows left out to stay "
                       "under the upload size limit");
  Text = dump(Doc);
  while (compressedSize(Text) > O.MaxCompressedBytes && !Results.empty()) {
    size_t Keep = Results.size() / 2;
    size_t Dropped = Results.size() - Keep;
    Results.erase(Results.begin() + Keep, Results.end());
    addNotification(Run, std::to_string(Dropped) +
                             " results left out to stay under the upload "
                             "size limit");
    Text = dump(Doc);
  }
  return Text;
}

} // namespace leakhound
