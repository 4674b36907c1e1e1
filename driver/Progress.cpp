//===--- Progress.cpp - a one-line progress display on stderr -------------===//

#include "Progress.h"
#include "llvm/Support/Path.h"
#include <sys/ioctl.h>
#include <unistd.h>

namespace leakhound {

bool parseProgressMode(llvm::StringRef S, ProgressMode &Mode) {
  if (S == "auto")
    Mode = ProgressMode::Auto;
  else if (S == "always")
    Mode = ProgressMode::Always;
  else if (S == "never")
    Mode = ProgressMode::Never;
  else
    return false;
  return true;
}

/// Columns of the terminal on stderr; 80 when it is not one.
static unsigned terminalWidth() {
  struct winsize W;
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &W) == 0 && W.ws_col > 0)
    return W.ws_col;
  return 80;
}

Progress::Progress(llvm::raw_ostream &OS, ProgressMode Mode, bool IsTerminal,
                   size_t Total, std::string Root)
    : OS(OS), Total(Total), Root(std::move(Root)), Width(terminalWidth()) {
  switch (Mode) {
  case ProgressMode::Always:
    Enabled = true;
    break;
  case ProgressMode::Never:
    Enabled = false;
    break;
  case ProgressMode::Auto:
    Enabled = IsTerminal && Total > Handful;
    break;
  }
}

void Progress::update(size_t Finished, llvm::StringRef Started) {
  if (!Enabled)
    return;
  if (!Started.empty()) {
    llvm::StringRef Name = Started;
    if (Name.starts_with(Root) && Name.size() > Root.size() &&
        llvm::sys::path::is_separator(Name[Root.size()]))
      Name = Name.drop_front(Root.size() + 1);
    Last = Name.str();
  }
  std::string Line = "[" + std::to_string(Finished) + "/" +
                     std::to_string(Total) + "] ";
  // Keep to one terminal line: a wrapped line cannot be rewritten in place.
  // Long names keep their end, the part that tells files apart.
  size_t Room = Width > Line.size() + 1 ? Width - Line.size() - 1 : 0;
  if (Last.size() <= Room)
    Line += Last;
  else if (Room > 3)
    Line += "..." + Last.substr(Last.size() - (Room - 3));
  OS << '\r' << Line << "\x1b[K";
  OS.flush();
  Written = true;
}

void Progress::finish() {
  if (!Written)
    return;
  OS << "\r\x1b[K";
  OS.flush();
  Written = false;
}

} // namespace leakhound
