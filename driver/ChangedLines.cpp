//===--- ChangedLines.cpp -------------------------------------------------===//

#include "ChangedLines.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace leakhound {

bool ChangedLines::loadFromGit(llvm::StringRef Root, llvm::StringRef Base,
                               std::string &Error) {
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    Error = "--changed-lines needs git on PATH";
    return false;
  }
  llvm::SmallString<128> Out, Err;
  llvm::sys::fs::createTemporaryFile("leakhound-diff", "txt", Out);
  llvm::sys::fs::createTemporaryFile("leakhound-diff", "err", Err);
  std::vector<llvm::StringRef> Args = {*Git, "-C", Root, "diff", "-U0",
                                       "--no-color", "--no-ext-diff",
                                       "--relative"};
  if (Base.empty())
    Args.push_back("--cached");
  else
    Args.push_back(Base);
  std::optional<llvm::StringRef> Redirects[] = {std::nullopt, Out.str(),
                                                Err.str()};
  int RC = llvm::sys::ExecuteAndWait(*Git, Args, std::nullopt, Redirects);
  auto Diff = llvm::MemoryBuffer::getFile(Out);
  auto Msg = llvm::MemoryBuffer::getFile(Err);
  llvm::sys::fs::remove(Out);
  llvm::sys::fs::remove(Err);
  if (RC != 0 || !Diff) {
    std::string Why = Msg ? (*Msg)->getBuffer().trim().str() : "";
    Why = llvm::StringRef(Why).take_until([](char C) { return C == '\n'; }).str();
    Error = "--changed-lines: 'git diff' failed in '" + Root.str() + "'" +
            (Why.empty() ? "" : ": " + Why);
    return false;
  }
  parseDiff((*Diff)->getBuffer(), Root);
  return true;
}

void ChangedLines::parseDiff(llvm::StringRef Diff, llvm::StringRef Root) {
  std::string Current;
  while (!Diff.empty()) {
    auto [Line, Rest] = Diff.split('\n');
    Diff = Rest;
    if (Line.consume_front("+++ ")) {
      if (Line == "/dev/null") {
        Current.clear();
        continue;
      }
      Line.consume_front("b/");
      llvm::SmallString<256> P(Root);
      llvm::sys::path::append(P, Line);
      llvm::sys::path::remove_dots(P, true);
      Current = std::string(P);
      Ranges[Current];
      continue;
    }
    if (!Line.consume_front("@@ ") || Current.empty())
      continue;
    // @@ -a,b +c,d @@
    size_t Plus = Line.find('+');
    if (Plus == llvm::StringRef::npos)
      continue;
    llvm::StringRef Spec =
        Line.drop_front(Plus + 1).take_until([](char C) { return C == ' '; });
    auto [StartS, CountS] = Spec.split(',');
    unsigned Start = 0, Count = 1;
    if (StartS.getAsInteger(10, Start))
      continue;
    if (!CountS.empty() && CountS.getAsInteger(10, Count))
      continue;
    if (Count)
      Ranges[Current].push_back({Start, Start + Count - 1});
  }
}

bool ChangedLines::contains(llvm::StringRef File, unsigned Line) const {
  auto It = Ranges.find(File);
  if (It == Ranges.end())
    return false;
  for (const auto &[A, B] : It->second)
    if (Line >= A && Line <= B)
      return true;
  return false;
}

} // namespace leakhound
