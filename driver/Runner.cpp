//===--- Runner.cpp - run every TU in its own worker process --------------===//

#include "Runner.h"
#include "clang/Basic/Stack.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace leakhound {

static volatile std::sig_atomic_t GotSignal = 0;

static void onSignal(int Sig) { GotSignal = Sig; }

bool interrupted() { return GotSignal != 0; }

namespace {
struct Running {
  size_t Index;
  std::chrono::steady_clock::time_point Start;
  bool Killed = false;
};
} // namespace

/// The first lines a crashed worker wrote to stderr, for the error message.
static std::string crashExcerpt(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return {};
  llvm::StringRef Text = (*Buf)->getBuffer().trim();
  llvm::SmallVector<llvm::StringRef, 4> Lines;
  Text.split(Lines, '\n', 3, false);
  std::string Out;
  for (size_t I = 0; I < Lines.size() && I < 3; ++I)
    Out += (I ? " | " : "") + Lines[I].trim().str();
  return Out;
}

[[noreturn]] static void childMain(const clang::tooling::CompileCommand &Cmd,
                                   const AnalysisConfig &Cfg,
                                   const std::string &ResultPath,
                                   const std::string &ErrPath,
                                   const std::string &FactsDir) {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t Chld;
  sigemptyset(&Chld);
  sigaddset(&Chld, SIGCHLD);
  sigprocmask(SIG_UNBLOCK, &Chld, nullptr);
  int Err = ::open(ErrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (Err >= 0) {
    ::dup2(Err, 2);
    ::close(Err);
  }
  // The TU is analysed on a thread with a large stack (only the pages used
  // are committed): deeply nested code recurses deeply in the parser, in
  // Sema and in the checks' walks, and sanitizer builds need several times
  // the default 8 MiB. clang's own guard (noteBottomOfStack) also moves
  // deep template instantiation onto fresh stacks when this one runs low.
  TUResult R;
  {
    constexpr unsigned StackSize = 512u << 20;
    llvm::thread T(std::optional<unsigned>(StackSize), [&] {
      clang::noteBottomOfStack();
      R = analyseTU(Cmd, Cfg, FactsDir);
    });
    T.join();
  }
  std::string Text = R.toJson().dump(-1, ' ', false,
                                     nlohmann::json::error_handler_t::replace);
  std::error_code EC;
  {
    llvm::raw_fd_ostream OS(ResultPath, EC, llvm::sys::fs::OF_None);
    if (EC)
      ::_exit(3);
    OS << Text;
    OS.flush();
    if (OS.has_error()) {
      OS.clear_error();
      ::_exit(3);
    }
  }
  // Skip destructors: the process is about to vanish anyway.
  ::_exit(0);
}

std::vector<TUResult>
runAll(const std::vector<clang::tooling::CompileCommand> &Commands,
       const AnalysisConfig &Cfg, const RunnerOptions &Opts) {
  std::vector<TUResult> Results(Commands.size());
  llvm::SmallString<128> Scratch;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("leakhound", Scratch)) {
    for (size_t I = 0; I < Commands.size(); ++I) {
      Results[I].File = Commands[I].Filename;
      Results[I].Status = TUStatus::Failed;
      Results[I].Detail = "cannot create a scratch directory: " + EC.message();
    }
    return Results;
  }

  struct sigaction SA;
  std::memset(&SA, 0, sizeof(SA));
  SA.sa_handler = onSignal;
  sigaction(SIGINT, &SA, nullptr);
  sigaction(SIGTERM, &SA, nullptr);
  // The parent sleeps until a worker ends (SIGCHLD, kept pending by blocking
  // it), a deadline passes, or a signal interrupts: no polling.
  sigset_t Chld, OldMask;
  sigemptyset(&Chld);
  sigaddset(&Chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &Chld, &OldMask);

  auto pathFor = [&](size_t I, const char *Ext) {
    llvm::SmallString<128> P(Scratch);
    llvm::sys::path::append(P, std::to_string(I) + Ext);
    return std::string(P);
  };

  // Largest sources first: with a TU per core, a big TU started last would
  // run alone at the end. (Results keep the database order.)
  std::vector<size_t> Order(Commands.size());
  std::vector<uint64_t> Size(Commands.size(), 0);
  for (size_t I = 0; I < Commands.size(); ++I) {
    Order[I] = I;
    llvm::SmallString<256> Path(Commands[I].Filename);
    llvm::sys::fs::make_absolute(Commands[I].Directory, Path);
    llvm::sys::fs::file_size(Path, Size[I]);
  }
  std::stable_sort(Order.begin(), Order.end(),
                   [&](size_t A, size_t B) { return Size[A] > Size[B]; });

  std::map<pid_t, Running> Live;
  size_t Next = 0, Finished = 0;
  auto Report = [&](llvm::StringRef Started) {
    if (Opts.OnProgress)
      Opts.OnProgress(Finished, Started);
  };
  unsigned Jobs = Opts.Jobs ? Opts.Jobs : 1;
  while ((Next < Commands.size() || !Live.empty())) {
    while (!GotSignal && Next < Commands.size() && Live.size() < Jobs) {
      size_t I = Order[Next++];
      std::string FactsDir;
      if (Opts.CollectFacts) {
        FactsDir = pathFor(I, ".facts");
        llvm::sys::fs::create_directory(FactsDir);
      }
      llvm::outs().flush();
      llvm::errs().flush();
      pid_t Pid = ::fork();
      if (Pid == 0)
        childMain(Commands[I], Cfg, pathFor(I, ".json"), pathFor(I, ".err"),
                  FactsDir);
      if (Pid < 0) {
        Results[I].File = Commands[I].Filename;
        Results[I].Status = TUStatus::Failed;
        Results[I].Detail = std::string("cannot start a worker: ") +
                            std::strerror(errno);
        ++Finished;
        continue;
      }
      Live[Pid] = {I, std::chrono::steady_clock::now()};
      llvm::SmallString<256> Started(Commands[I].Filename);
      llvm::sys::fs::make_absolute(Commands[I].Directory, Started);
      llvm::sys::path::remove_dots(Started, true);
      Report(Started);
    }
    if (GotSignal) {
      for (auto &[Pid, R] : Live)
        ::kill(Pid, SIGKILL);
    }

    int Status = 0;
    struct rusage Usage;
    std::memset(&Usage, 0, sizeof(Usage));
    pid_t Done = ::wait4(-1, &Status, WNOHANG, &Usage);
    if (Done <= 0) {
      if (Done < 0 && errno == ECHILD)
        break;
      // Stop workers past their deadline; sleep until the next deadline (at
      // most a second, to notice signals) or until a worker ends.
      auto Now = std::chrono::steady_clock::now();
      auto Sleep = std::chrono::milliseconds(1000);
      for (auto &[Pid, R] : Live) {
        if (R.Killed || !Opts.TimeoutSeconds)
          continue;
        auto Deadline = R.Start + std::chrono::seconds(Opts.TimeoutSeconds);
        if (Now >= Deadline) {
          ::kill(Pid, SIGKILL);
          R.Killed = true;
        } else {
          Sleep = std::min(
              Sleep, std::chrono::duration_cast<std::chrono::milliseconds>(
                         Deadline - Now) +
                         std::chrono::milliseconds(1));
        }
      }
      struct timespec TS = {
          static_cast<time_t>(Sleep.count() / 1000),
          static_cast<long>((Sleep.count() % 1000) * 1000 * 1000)};
      ::sigtimedwait(&Chld, nullptr, &TS);
      continue;
    }
    auto It = Live.find(Done);
    if (It == Live.end())
      continue;
    Running R = It->second;
    Live.erase(It);
    size_t I = R.Index;
    TUResult &Out = Results[I];
    std::string File = Commands[I].Filename;
    if (R.Killed || (GotSignal && WIFSIGNALED(Status))) {
      Out.File = File;
      Out.Status = GotSignal ? TUStatus::Failed : TUStatus::TimedOut;
      Out.Detail = GotSignal ? "interrupted"
                             : "analysis took longer than " +
                                   std::to_string(Opts.TimeoutSeconds) +
                                   " s (--tu-timeout) and was stopped";
    } else if (WIFSIGNALED(Status)) {
      Out.File = File;
      Out.Status = TUStatus::Crashed;
      Out.Detail = std::string("analysis crashed (") +
                   strsignal(WTERMSIG(Status)) + ")";
      std::string Excerpt = crashExcerpt(pathFor(I, ".err"));
      if (!Excerpt.empty())
        Out.Detail += ": " + Excerpt;
    } else {
      auto Buf = llvm::MemoryBuffer::getFile(pathFor(I, ".json"));
      std::optional<TUResult> Parsed;
      if (Buf && WIFEXITED(Status) && WEXITSTATUS(Status) == 0) {
        Json J = Json::parse((*Buf)->getBuffer().begin(),
                             (*Buf)->getBuffer().end(), nullptr, false);
        Parsed = TUResult::fromJson(J);
      }
      if (Parsed) {
        Out = std::move(*Parsed);
      } else {
        Out.File = File;
        Out.Status = TUStatus::Crashed;
        Out.Detail = "the worker ended without a result (exit status " +
                     std::to_string(WIFEXITED(Status) ? WEXITSTATUS(Status)
                                                      : -1) +
                     ")";
      }
    }
    auto Seconds = [](const struct timeval &T) {
      return double(T.tv_sec) + double(T.tv_usec) / 1e6;
    };
    Out.Usage.CpuSeconds = Seconds(Usage.ru_utime) + Seconds(Usage.ru_stime);
    Out.Usage.WallSeconds = std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - R.Start)
                                .count();
    Out.Usage.MaxRssKb = Usage.ru_maxrss;
    ++Finished;
    Report("");
  }
  sigprocmask(SIG_SETMASK, &OldMask, nullptr);
  llvm::sys::fs::remove_directories(Scratch);
  return Results;
}

} // namespace leakhound
