//===--- HtmlReport.cpp - the static HTML report --------------------------===//
//
// Terms used below:
// - a *page* is finding-<n>.html, n the finding's 1-based position in the
//   run's sorted order (file, line, column, check, message), so the same
//   findings give the same file names and bytes;
// - a *marker* is a numbered bubble under a source line: the notes of the
//   finding in their order (1..k, the path as the check reports it) and the
//   finding itself last (k+1), as scan-build's reports number a path;
// - a *window* is the run of source lines shown around the marked lines of
//   one file: Context lines either side, windows closer than Context merged,
//   the lines between windows elided with one row saying which.
//
// Source text, messages and paths are escaped; bytes that are not UTF-8 show
// as \xNN, so a Latin-1 comment cannot corrupt the page.
//
//===----------------------------------------------------------------------===//

#include "HtmlReport.h"
#include "Output.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>
#include <set>

namespace leakhound {

#include "CheckDocs.inc" // checkDoc(StringRef Id) -> StringRef, generated

static constexpr unsigned Context = 8;
static constexpr llvm::StringLiteral IndexName = "index.html";
static constexpr llvm::StringLiteral PagePrefix = "finding-";

std::string escapeHtml(llvm::StringRef S, bool Markup) {
  std::string Out;
  Out.reserve(S.size());
  auto Bad = [&](unsigned char C) {
    std::string Hex = {'\\', 'x', llvm::hexdigit(C >> 4), llvm::hexdigit(C & 15)};
    if (Markup)
      Out += "<span class=\"bad\" title=\"byte not shown as text\">" + Hex +
             "</span>";
    else
      Out += Hex;
  };
  for (size_t I = 0; I < S.size();) {
    unsigned char C = S[I];
    if (C < 0x80) {
      switch (C) {
      case '&':
        Out += "&amp;";
        break;
      case '<':
        Out += "&lt;";
        break;
      case '>':
        Out += "&gt;";
        break;
      case '"':
        Out += "&quot;";
        break;
      case '\'':
        Out += "&#39;";
        break;
      default:
        if ((C < 0x20 && C != '\t' && C != '\n') || C == 0x7f)
          Bad(C);
        else
          Out += static_cast<char>(C);
      }
      ++I;
      continue;
    }
    unsigned N = llvm::getNumBytesForUTF8(C);
    const auto *P = reinterpret_cast<const llvm::UTF8 *>(S.data() + I);
    if (I + N <= S.size() && llvm::isLegalUTF8Sequence(P, P + N)) {
      Out.append(S.data() + I, N);
      I += N;
    } else {
      Bad(C);
      ++I;
    }
  }
  return Out;
}

/// Tabs expanded to 8 columns, as the text output shows them.
static std::string expandTabs(llvm::StringRef Line) {
  std::string Out;
  unsigned Col = 0;
  for (size_t I = 0; I < Line.size(); ++I) {
    char C = Line[I];
    if (C == '\t') {
      do {
        Out += ' ';
        ++Col;
      } while (Col % 8);
      continue;
    }
    Out += C;
    if ((static_cast<unsigned char>(C) & 0xC0) != 0x80)
      ++Col;
  }
  return Out;
}

/// `code` spans of Markdown as <code>, the rest escaped.
static std::string inlineMarkdown(llvm::StringRef S) {
  std::string Out;
  bool InCode = false;
  while (!S.empty()) {
    size_t Tick = S.find('`');
    Out += escapeHtml(S.substr(0, Tick));
    if (Tick == llvm::StringRef::npos)
      break;
    Out += InCode ? "</code>" : "<code>";
    InCode = !InCode;
    S = S.drop_front(Tick + 1);
  }
  if (InCode)
    Out += "</code>";
  return Out;
}

/// The first paragraph of a check's documentation (its one-line summary).
static std::string docSummary(llvm::StringRef Doc) {
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Doc.split(Lines, '\n');
  std::string Para;
  for (llvm::StringRef L : Lines) {
    L = L.trim();
    if (L.starts_with("#") || (L.empty() && Para.empty()))
      continue;
    if (L.empty())
      break;
    if (!Para.empty())
      Para += ' ';
    Para += L.str();
  }
  return Para;
}

namespace {

/// One source file split into lines, kept for the pages that show it.
struct SourceFile {
  bool Readable = false;
  std::string Text;
  std::vector<llvm::StringRef> Lines; ///< Without '\n' or a trailing '\r'.
  std::vector<size_t> Starts;         ///< Byte offset of each line.
};

class SourceCache {
public:
  const SourceFile &get(const std::string &Path) {
    auto [It, New] = Files.try_emplace(Path);
    if (!New)
      return It->second;
    SourceFile &F = It->second;
    auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false);
    if (!Buf)
      return F;
    F.Readable = true;
    F.Text = (*Buf)->getBuffer().str();
    llvm::StringRef T(F.Text);
    size_t Pos = 0;
    while (Pos <= T.size()) {
      size_t NL = T.find('\n', Pos);
      size_t End = NL == llvm::StringRef::npos ? T.size() : NL;
      llvm::StringRef L = T.slice(Pos, End);
      if (L.ends_with("\r"))
        L = L.drop_back();
      if (NL == llvm::StringRef::npos && L.empty() && Pos == T.size() &&
          !F.Lines.empty())
        break; // The file ends with a newline.
      F.Starts.push_back(Pos);
      F.Lines.push_back(L);
      if (NL == llvm::StringRef::npos)
        break;
      Pos = NL + 1;
    }
    return F;
  }

private:
  std::map<std::string, SourceFile> Files;
};

struct Marker {
  unsigned Number;
  Location Loc;
  std::string Message;
  bool IsFinding; ///< The last marker: the finding itself.
};

} // namespace

static std::string displayPath(llvm::StringRef File, llvm::StringRef Root) {
  std::string Rel = relativeTo(File, Root);
  return Rel.empty() ? File.str() : Rel;
}

static std::string pageName(size_t N) {
  return (PagePrefix + llvm::Twine(N) + ".html").str();
}

static const char *suppressionLabel(Suppression S) {
  switch (S) {
  case Suppression::None:
    return "";
  case Suppression::InSource:
    return "suppressed in source (NOLINT)";
  case Suppression::External:
    return "suppressed by the baseline";
  }
  return "";
}

static const char *Style = R"css(
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
       margin: 0 auto; max-width: 78rem; padding: 1rem 1.5rem; color: #1b1f24;
       background: #fff; }
h1 { font-size: 1.35rem; margin: .6rem 0; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
a { color: #0b57d0; }
code, pre, .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo,
                   Consolas, monospace; font-size: 13px; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .25rem .6rem; vertical-align: top; }
table.list th { border-bottom: 2px solid #d0d7de; }
table.list td { border-bottom: 1px solid #eaeef2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
nav { font-size: .9rem; margin-bottom: .4rem; }
.level { display: inline-block; padding: 0 .45rem; border-radius: 4px;
         font-size: .8rem; font-weight: 600; vertical-align: middle;
         background: #ffe2e0; color: #8a1710; }
.level.error { background: #8a1710; color: #fff; }
.check { color: #57606a; }
td.check, #by-check td:first-child { white-space: nowrap; }
.suppressed { color: #6e7781; font-style: italic; }
.bad { color: #8a1710; background: #ffe2e0; border-radius: 2px; }
#filter { margin: .5rem 0; padding: .5rem .7rem; background: #f6f8fa;
          border: 1px solid #d0d7de; border-radius: 6px; }
#filter label { margin-right: 1rem; white-space: nowrap; }
section.doc, section.fix, section.path { max-width: 60rem; }
ol.path li.final { font-weight: 600; }
table.code { width: 100%; border: 1px solid #d0d7de; margin-bottom: 1rem; }
table.code td { padding: 0 .5rem; white-space: pre; }
table.code td.ln { color: #6e7781; text-align: right; width: 1%;
                   user-select: none; border-right: 1px solid #d0d7de; }
table.code tr.hl-note td.src { background: #fff8c5; }
table.code tr.hl-finding td.src { background: #ffe2e0; }
table.code tr.gap td { color: #6e7781; background: #f6f8fa; font-style: italic;
                       padding: .15rem .5rem; }
table.code tr.markers td { white-space: normal; padding: .15rem .5rem; }
/* The margin is in the code's own ch, so a bubble starts under its column. */
.marker { display: table; margin: .1rem 0; padding: .1rem .5rem .1rem .2rem;
          border: 1px solid #d4a72c; background: #fff8c5; border-radius: 5px;
          font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas,
          monospace; font-size: 13px; }
.marker .msg { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.marker.finding { border-color: #cf222e; background: #ffe2e0; }
.marker .num { display: inline-block; min-width: 1.3rem; margin-right: .4rem;
               text-align: center; border-radius: 50%; font-weight: 700;
               background: #9a6700; color: #fff; }
.marker.finding .num { background: #cf222e; }
.marker a.step { margin-left: .5rem; text-decoration: none; }
table.diff td { white-space: pre; padding: 0 .5rem; }
table.diff tr.del td.src { background: #ffebe9; }
table.diff tr.add td.src { background: #dafbe1; }
table.diff td.sign { width: 1%; color: #57606a; }
details pre { white-space: pre-wrap; background: #f6f8fa; padding: .7rem;
              border-radius: 6px; }
)css";

static void writeHead(std::string &Out, llvm::StringRef Title) {
  Out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n"
         // Nothing outside the page may load: no network, no other file.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
         "<meta name=\"generator\" content=\"leakhound " LEAKHOUND_VERSION
         "\">\n<title>";
  Out += escapeHtml(Title);
  Out += "</title>\n<style>";
  Out += Style;
  Out += "</style>\n</head>\n<body>\n";
}

static void writeLocationLink(std::string &Out, const Location &L,
                              llvm::StringRef Root) {
  Out += escapeHtml(displayPath(L.File, Root), true);
  if (L.Line) {
    Out += ':' + std::to_string(L.Line);
    if (L.Column)
      Out += ':' + std::to_string(L.Column);
  }
}

/// The source windows of one file with the markers placed under their lines.
static void writeSourceFile(std::string &Out, unsigned FileIndex,
                            const std::string &Path,
                            const std::vector<const Marker *> &Markers,
                            size_t MarkerCount, SourceCache &Cache,
                            llvm::StringRef Root) {
  Out += "<h3 id=\"file-" + std::to_string(FileIndex) + "\"><code>" +
         escapeHtml(displayPath(Path, Root), true) + "</code></h3>\n";
  const SourceFile &SF = Cache.get(Path);
  if (!SF.Readable) {
    Out += "<p class=\"suppressed\">The source of this file could not be "
           "read; its notes are listed under Path.</p>\n";
    return;
  }
  unsigned NumLines = SF.Lines.size();
  std::map<unsigned, std::vector<const Marker *>> ByLine;
  for (const Marker *M : Markers)
    ByLine[std::min(std::max(M->Loc.Line, 1u), std::max(NumLines, 1u))]
        .push_back(M);
  // Windows: [First, Last] line ranges, merged when they touch.
  std::vector<std::pair<unsigned, unsigned>> Windows;
  for (const auto &[Line, Ms] : ByLine) {
    unsigned First = Line > Context ? Line - Context : 1;
    unsigned Last = std::min(NumLines, Line + Context);
    if (!Windows.empty() && First <= Windows.back().second + Context)
      Windows.back().second = std::max(Windows.back().second, Last);
    else
      Windows.push_back({First, Last});
  }
  Out += "<table class=\"code\">\n";
  unsigned Shown = 0; // Last line shown.
  for (const auto &[First, Last] : Windows) {
    if (First > Shown + 1)
      Out += "<tr class=\"gap\"><td class=\"ln\">&#8942;</td><td>lines " +
             std::to_string(Shown + 1) + "&ndash;" + std::to_string(First - 1) +
             " not shown</td></tr>\n";
    for (unsigned L = First; L <= Last; ++L) {
      auto It = ByLine.find(L);
      const char *Class = "";
      if (It != ByLine.end())
        Class = std::any_of(It->second.begin(), It->second.end(),
                            [](const Marker *M) { return M->IsFinding; })
                    ? " class=\"hl-finding\""
                    : " class=\"hl-note\"";
      std::string Num = std::to_string(L);
      Out += "<tr id=\"f" + std::to_string(FileIndex) + "-L" + Num + "\"" +
             Class + "><td class=\"ln\">" + Num + "</td><td class=\"src\">" +
             escapeHtml(expandTabs(SF.Lines[L - 1]), true) + "</td></tr>\n";
      if (It == ByLine.end())
        continue;
      Out += "<tr class=\"markers\"><td class=\"ln\"></td><td>";
      for (const Marker *M : It->second) {
        unsigned Indent = displayColumn(SF.Lines[L - 1], M->Loc.Column);
        std::string N = std::to_string(M->Number);
        Out += std::string("<div class=\"marker") +
               (M->IsFinding ? " finding" : "") + "\" id=\"m" + N +
               "\" data-line=\"" + Num + "\" style=\"margin-left: " +
               std::to_string(Indent) + "ch\"><span class=\"num\">" + N +
               "</span><span class=\"msg\">" + escapeHtml(M->Message, true) +
               "</span>";
        if (M->Number > 1)
          Out += "<a class=\"step\" href=\"#m" + std::to_string(M->Number - 1) +
                 "\" title=\"previous step\">&larr;</a>";
        if (M->Number < MarkerCount)
          Out += "<a class=\"step\" href=\"#m" + std::to_string(M->Number + 1) +
                 "\" title=\"next step\">&rarr;</a>";
        Out += "</div>";
      }
      Out += "</td></tr>\n";
    }
    Shown = Last;
  }
  if (Shown < NumLines)
    Out += "<tr class=\"gap\"><td class=\"ln\">&#8942;</td><td>lines " +
           std::to_string(Shown + 1) + "&ndash;" + std::to_string(NumLines) +
           " not shown</td></tr>\n";
  Out += "</table>\n";
}

/// The fix-its as a diff of the lines they change, one hunk per run of
/// touching replacements.
static void writeFixes(std::string &Out, const Finding &F, SourceCache &Cache,
                       llvm::StringRef Root) {
  if (F.Fixes.empty())
    return;
  Out += "<section class=\"fix\">\n<h2>Suggested fix</h2>\n";
  std::map<std::string, std::vector<Replacement>> ByFile;
  for (const Replacement &R : F.Fixes)
    ByFile[R.File].push_back(R);
  for (auto &[File, Rs] : ByFile) {
    std::stable_sort(Rs.begin(), Rs.end(),
                     [](const Replacement &A, const Replacement &B) {
                       return A.Offset < B.Offset;
                     });
    Out += "<p><code>" + escapeHtml(displayPath(File, Root), true) +
           "</code></p>\n";
    const SourceFile &SF = Cache.get(File);
    if (!SF.Readable) {
      for (const Replacement &R : Rs)
        Out += "<p>At byte " + std::to_string(R.Offset) + ", replace " +
               std::to_string(R.Length) + " bytes with <code>" +
               escapeHtml(R.Text, true) + "</code></p>\n";
      continue;
    }
    auto LineOf = [&](size_t Off) -> unsigned {
      auto It = std::upper_bound(SF.Starts.begin(), SF.Starts.end(), Off);
      return It == SF.Starts.begin() ? 0 : (It - SF.Starts.begin()) - 1;
    };
    Out += "<table class=\"diff code\">\n";
    for (size_t I = 0; I < Rs.size();) {
      unsigned FirstLine = LineOf(Rs[I].Offset);
      unsigned LastLine = LineOf(Rs[I].Offset + Rs[I].Length);
      size_t J = I + 1;
      while (J < Rs.size() && LineOf(Rs[J].Offset) <= LastLine) {
        LastLine = std::max(LastLine, LineOf(Rs[J].Offset + Rs[J].Length));
        ++J;
      }
      if (SF.Lines.empty() || LastLine >= SF.Lines.size())
        LastLine = SF.Lines.empty() ? 0 : SF.Lines.size() - 1;
      size_t Begin = SF.Starts.empty() ? 0 : SF.Starts[FirstLine];
      size_t End = SF.Lines.empty()
                       ? 0
                       : SF.Starts[LastLine] + SF.Lines[LastLine].size();
      std::string New;
      size_t Pos = Begin;
      for (size_t K = I; K < J; ++K) {
        size_t Off = std::min<size_t>(std::max<size_t>(Rs[K].Offset, Pos),
                                      SF.Text.size());
        New += SF.Text.substr(Pos, Off - Pos);
        New += Rs[K].Text;
        Pos = std::min<size_t>(Off + Rs[K].Length, SF.Text.size());
      }
      if (Pos < End)
        New += SF.Text.substr(Pos, End - Pos);
      for (unsigned L = FirstLine; L <= LastLine && L < SF.Lines.size(); ++L)
        Out += "<tr class=\"del\"><td class=\"ln\">" + std::to_string(L + 1) +
               "</td><td class=\"sign\">-</td><td class=\"src\">" +
               escapeHtml(expandTabs(SF.Lines[L]), true) + "</td></tr>\n";
      llvm::SmallVector<llvm::StringRef, 4> NewLines;
      llvm::StringRef(New).split(NewLines, '\n');
      for (llvm::StringRef L : NewLines)
        Out += "<tr class=\"add\"><td class=\"ln\"></td><td "
               "class=\"sign\">+</td><td class=\"src\">" +
               escapeHtml(expandTabs(L.rtrim('\r')), true) + "</td></tr>\n";
      I = J;
    }
    Out += "</table>\n";
  }
  Out += "<p>The fix is also written by <code>--export-fixes</code> for "
         "<code>clang-apply-replacements</code>.</p>\n</section>\n";
}

static std::string findingPage(const Finding &F, size_t N, size_t Total,
                               SourceCache &Cache, llvm::StringRef Root) {
  std::string Out;
  std::string Where = displayPath(F.Loc.File, Root);
  writeHead(Out, F.Check + ": " + Where + ":" + std::to_string(F.Loc.Line));
  Out += "<nav><a href=\"index.html\" id=\"to-index\">&larr; all findings</a>";
  if (N > 1)
    Out += " &middot; <a href=\"" + pageName(N - 1) +
           "\" rel=\"prev\">previous</a>";
  if (N < Total)
    Out += " &middot; <a href=\"" + pageName(N + 1) + "\" rel=\"next\">next</a>";
  Out += " &middot; finding " + std::to_string(N) + " of " +
         std::to_string(Total) + "</nav>\n";
  Out += "<h1><span class=\"level " + escapeHtml(F.Level) + "\">" +
         escapeHtml(F.Level) + "</span> " + escapeHtml(F.Message, true) +
         "</h1>\n";
  Out += "<p><a href=\"#m" + std::to_string(F.Notes.size() + 1) + "\">";
  writeLocationLink(Out, F.Loc, Root);
  Out += "</a> <span class=\"check\">[" + escapeHtml(F.Check) + "]</span>";
  if (F.Suppressed != Suppression::None)
    Out += std::string(" <span class=\"suppressed\">") +
           suppressionLabel(F.Suppressed) + "</span>";
  if (!F.Fingerprint.empty())
    Out += " <span class=\"check\" title=\"SARIF primaryLocationLineHash\">"
           "fingerprint " +
           escapeHtml(F.Fingerprint) + "</span>";
  Out += "</p>\n";

  llvm::StringRef Doc = checkDoc(F.Check);
  if (!Doc.empty()) {
    Out += "<section class=\"doc\">\n<h2>About <code>" + escapeHtml(F.Check) +
           "</code></h2>\n<p>" + inlineMarkdown(docSummary(Doc)) + "</p>\n";
    Out += "<details><summary>The check's documentation</summary><pre>" +
           escapeHtml(Doc, true) + "</pre></details>\n</section>\n";
  }

  // Markers: the notes in order, then the finding.
  std::vector<Marker> Markers;
  for (const Note &Nt : F.Notes)
    Markers.push_back(
        {static_cast<unsigned>(Markers.size() + 1), Nt.Loc, Nt.Message, false});
  Markers.push_back(
      {static_cast<unsigned>(Markers.size() + 1), F.Loc, F.Message, true});

  Out += "<section class=\"path\">\n<h2>Path</h2>\n<ol class=\"path\">\n";
  for (const Marker &M : Markers) {
    Out += M.IsFinding ? "<li class=\"final\">" : "<li>";
    if (M.Loc.valid()) {
      Out += "<a href=\"#m" + std::to_string(M.Number) + "\">";
      writeLocationLink(Out, M.Loc, Root);
      Out += "</a>: ";
    } else if (!M.Loc.File.empty()) {
      writeLocationLink(Out, M.Loc, Root);
      Out += ": ";
    }
    Out += escapeHtml(M.Message, true) + "</li>\n";
  }
  Out += "</ol>\n</section>\n";

  writeFixes(Out, F, Cache, Root);

  // Files in order of their first marker; the finding's file first.
  std::vector<std::string> Files;
  std::map<std::string, std::vector<const Marker *>> ByFile;
  auto Add = [&](const Marker &M) {
    if (!M.Loc.valid())
      return;
    if (!ByFile.count(M.Loc.File))
      Files.push_back(M.Loc.File);
    ByFile[M.Loc.File].push_back(&M);
  };
  Add(Markers.back());
  for (size_t I = 0; I + 1 < Markers.size(); ++I)
    Add(Markers[I]);
  Out += "<section class=\"source\">\n<h2>Source</h2>\n";
  for (size_t I = 0; I < Files.size(); ++I) {
    auto &Ms = ByFile[Files[I]];
    std::stable_sort(Ms.begin(), Ms.end(),
                     [](const Marker *A, const Marker *B) {
                       return A->Number < B->Number;
                     });
    writeSourceFile(Out, I + 1, Files[I], Ms, Markers.size(), Cache, Root);
  }
  Out += "</section>\n</body>\n</html>\n";
  return Out;
}

static const char *FilterScript = R"js(
(function () {
  var boxes = Array.prototype.slice.call(
      document.querySelectorAll('#filter input[type=checkbox]'));
  var rows = Array.prototype.slice.call(
      document.querySelectorAll('#findings tbody tr'));
  function apply() {
    var on = {}, shown = 0;
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    rows.forEach(function (r) {
      var show = on[r.getAttribute('data-check')] !== false;
      r.hidden = !show;
      if (show) shown++;
    });
    document.getElementById('shown').textContent =
        shown + ' of ' + rows.length + ' findings shown';
  }
  function fromHash() {
    var m = /^#check=(.+)$/.exec(location.hash);
    if (!m) return;
    var only = decodeURIComponent(m[1]);
    boxes.forEach(function (b) { b.checked = b.value === only; });
    apply();
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.getElementById('show-all').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    apply();
  });
  window.addEventListener('hashchange', fromHash);
  document.getElementById('filter').hidden = false;
  apply();
  fromHash();
})();
)js";

static std::string indexPage(const std::vector<const Finding *> &Shown,
                             size_t SuppressedHidden,
                             const std::vector<TUResult> &Incomplete,
                             const HtmlReportOptions &O) {
  llvm::StringRef Root = O.SourceRoot;
  std::string Out;
  writeHead(Out, "leakhound report");
  Out += "<h1>leakhound report</h1>\n<p id=\"summary\">";
  size_t Active = 0;
  std::map<std::string, size_t> PerCheck;
  std::map<std::string, std::pair<size_t, size_t>> PerFile; // count, first
  for (size_t I = 0; I < Shown.size(); ++I) {
    const Finding &F = *Shown[I];
    if (F.Suppressed == Suppression::None)
      ++Active;
    ++PerCheck[F.Check];
    auto [It, New] = PerFile.try_emplace(displayPath(F.Loc.File, Root),
                                         std::make_pair(0, I + 1));
    ++It->second.first;
  }
  auto Plural = [](size_t N, const char *One, const char *Many) {
    return std::to_string(N) + " " + (N == 1 ? One : Many);
  };
  if (Shown.empty())
    Out += "No findings in " + Plural(O.FilesAnalysed, "file", "files") +
           " analysed.";
  else
    Out += Plural(Active, "finding", "findings") + " in " +
           Plural(PerFile.size(), "file", "files") + " (" +
           Plural(O.FilesAnalysed, "translation unit", "translation units") +
           " analysed).";
  if (Shown.size() > Active)
    Out += " " + std::to_string(Shown.size() - Active) +
           " suppressed findings are listed too.";
  if (SuppressedHidden)
    Out += " " +
           Plural(SuppressedHidden, "suppressed finding is",
                  "suppressed findings are") +
           " not shown (<code>--show-suppressed</code> lists them).";
  Out += "</p>\n";

  if (!Incomplete.empty()) {
    Out += "<h2>Files not fully analysed</h2>\n<ul id=\"incomplete\">\n";
    for (const TUResult &R : Incomplete) {
      std::string Why = R.Detail;
      if (R.Status == TUStatus::CompileErrors) {
        Why = "compile errors; analysed as far as it parsed";
        for (const Finding &F : R.Findings)
          if (F.Check == "clang-diagnostic-error") {
            Why += ": " + F.Message;
            break;
          }
      }
      Out += "<li><code>" + escapeHtml(displayPath(R.File, Root), true) +
             "</code>: " + statusName(R.Status) + " &mdash; " +
             escapeHtml(Why, true) + "</li>\n";
    }
    Out += "</ul>\n";
  }

  if (Shown.empty()) {
    Out += "</body>\n</html>\n";
    return Out;
  }

  Out += "<h2>By check</h2>\n<table class=\"list\" id=\"by-check\">\n"
         "<thead><tr><th>check</th><th>findings</th><th>about</th></tr>"
         "</thead>\n<tbody>\n";
  for (const auto &[Check, Count] : PerCheck) {
    std::string C = escapeHtml(Check);
    Out += "<tr data-check=\"" + C + "\"><td><a href=\"#check=" + C +
           "\" title=\"show only this check\"><code>" + C +
           "</code></a></td><td class=\"num\">" + std::to_string(Count) +
           "</td><td>" + inlineMarkdown(docSummary(checkDoc(Check))) +
           "</td></tr>\n";
  }
  Out += "</tbody>\n</table>\n";

  Out += "<h2>By file</h2>\n<table class=\"list\" id=\"by-file\">\n"
         "<thead><tr><th>file</th><th>findings</th></tr></thead>\n<tbody>\n";
  for (const auto &[File, CountFirst] : PerFile)
    Out += "<tr><td><a href=\"#finding-" + std::to_string(CountFirst.second) +
           "\"><code>" + escapeHtml(File, true) +
           "</code></a></td><td class=\"num\">" +
           std::to_string(CountFirst.first) + "</td></tr>\n";
  Out += "</tbody>\n</table>\n";

  Out += "<h2>Findings</h2>\n<div id=\"filter\" hidden>Show: ";
  for (const auto &[Check, Count] : PerCheck) {
    std::string C = escapeHtml(Check);
    Out += "<label><input type=\"checkbox\" value=\"" + C + "\" checked> <code>" +
           C + "</code> (" + std::to_string(Count) + ")</label>";
  }
  Out += "<button type=\"button\" id=\"show-all\">all</button> <span "
         "id=\"shown\"></span></div>\n";
  Out += "<table class=\"list\" id=\"findings\">\n<thead><tr><th>#</th>"
         "<th>location</th><th>check</th><th>message</th></tr></thead>\n"
         "<tbody>\n";
  for (size_t I = 0; I < Shown.size(); ++I) {
    const Finding &F = *Shown[I];
    std::string N = std::to_string(I + 1);
    Out += "<tr id=\"finding-" + N + "\" data-check=\"" + escapeHtml(F.Check) +
           "\"><td class=\"num\">" + N + "</td><td><a href=\"" +
           pageName(I + 1) + "\">";
    writeLocationLink(Out, F.Loc, Root);
    Out += "</a></td><td class=\"check\">" + escapeHtml(F.Check) +
           "</td><td>" + escapeHtml(F.Message, true);
    if (F.Suppressed != Suppression::None)
      Out += std::string(" <span class=\"suppressed\">(") +
             suppressionLabel(F.Suppressed) + ")</span>";
    Out += "</td></tr>\n";
  }
  Out += "</tbody>\n</table>\n<script>";
  Out += FilterScript;
  Out += "</script>\n</body>\n</html>\n";
  return Out;
}

std::string checkHtmlReportDir(llvm::StringRef Dir) {
  if (Dir.empty())
    return "--format=html writes a directory: give it with -o <dir>";
  if (Dir == "-")
    return "--format=html writes a directory, not stdout: give it with -o "
           "<dir>";
  std::string D = Dir.str();
  if (llvm::sys::fs::exists(D)) {
    if (!llvm::sys::fs::is_directory(D))
      return "cannot write the HTML report to '" + D +
             "': it exists and is not a directory";
    if (llvm::sys::fs::access(D, llvm::sys::fs::AccessMode::Write))
      return "cannot write the HTML report to '" + D + "': permission denied";
    return {};
  }
  llvm::SmallString<256> Abs(D);
  llvm::sys::fs::make_absolute(Abs);
  llvm::StringRef Parent = llvm::sys::path::parent_path(Abs);
  if (!llvm::sys::fs::is_directory(Parent))
    return "cannot write the HTML report to '" + D + "': directory '" +
           Parent.str() + "' does not exist";
  if (llvm::sys::fs::access(Parent, llvm::sys::fs::AccessMode::Write))
    return "cannot write the HTML report to '" + D + "': permission denied";
  return {};
}

std::string writeHtmlReport(llvm::StringRef Dir,
                            const std::vector<Finding> &Findings,
                            const std::vector<TUResult> &Incomplete,
                            const HtmlReportOptions &O) {
  std::string D = Dir.str();
  if (std::error_code EC = llvm::sys::fs::create_directory(D))
    return "cannot create the HTML report directory '" + D +
           "': " + EC.message();
  std::vector<const Finding *> Shown;
  size_t SuppressedHidden = 0;
  for (const Finding &F : Findings) {
    if (F.Suppressed != Suppression::None && !O.ShowSuppressed)
      ++SuppressedHidden;
    else
      Shown.push_back(&F);
  }

  SourceCache Cache;
  auto Write = [&](llvm::StringRef Name, const std::string &Text) {
    llvm::SmallString<256> P(D);
    llvm::sys::path::append(P, Name);
    std::string Err;
    if (!writeFileAtomically(P, Text, Err))
      return Err;
    return std::string();
  };
  for (size_t I = 0; I < Shown.size(); ++I)
    if (std::string E = Write(pageName(I + 1), findingPage(*Shown[I], I + 1,
                                                           Shown.size(), Cache,
                                                           O.SourceRoot));
        !E.empty())
      return E;
  if (std::string E = Write(IndexName, indexPage(Shown, SuppressedHidden,
                                                 Incomplete, O));
      !E.empty())
    return E;

  // Pages of an earlier, longer report in the same directory.
  std::error_code EC;
  std::vector<std::string> Stale;
  for (llvm::sys::fs::directory_iterator It(D, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    llvm::StringRef Num = Name;
    size_t N;
    if (Num.consume_front(PagePrefix) && Num.consume_back(".html") &&
        !Num.getAsInteger(10, N) && (N == 0 || N > Shown.size()))
      Stale.push_back(It->path());
  }
  for (const std::string &P : Stale)
    llvm::sys::fs::remove(P);
  return {};
}

} // namespace leakhound
