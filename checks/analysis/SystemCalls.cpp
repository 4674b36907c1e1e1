//===--- SystemCalls.cpp - the lending rule and its exceptions ------------===//
//
// See SystemCalls.h for the terms. A header is the platform's when the
// program names it, in the `#include` that brought it in, as a standard
// header (`<stdio.h>`, `<dirent.h>`, `<vector>`) or under one of the
// platform's directories (`<sys/stat.h>`, `<bits/stl_algo.h>`); the answer
// is cached per file. The tables below are the whole list of exceptions:
// a platform function not named here lends every pointer argument.
//
//===----------------------------------------------------------------------===//

#include "SystemCalls.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace leakhound {

namespace {

/// Headers the C standard, POSIX and the GNU C library define at the top of
/// the include path, and the C++ standard library's headers.
const char *const StandardHeaders[] = {
    // C.
    "assert.h", "complex.h", "ctype.h", "errno.h", "fenv.h", "float.h",
    "inttypes.h", "iso646.h", "limits.h", "locale.h", "math.h", "setjmp.h",
    "signal.h", "stdalign.h", "stdarg.h", "stdatomic.h", "stdbool.h",
    "stddef.h", "stdint.h", "stdio.h", "stdlib.h", "stdnoreturn.h",
    "string.h", "tgmath.h", "threads.h", "time.h", "uchar.h", "wchar.h",
    "wctype.h",
    // POSIX.
    "aio.h", "cpio.h", "dirent.h", "dlfcn.h", "fcntl.h", "fmtmsg.h",
    "fnmatch.h", "ftw.h", "glob.h", "grp.h", "iconv.h", "langinfo.h",
    "libgen.h", "monetary.h", "mqueue.h", "ndbm.h", "netdb.h", "nl_types.h",
    "poll.h", "pthread.h", "pwd.h", "regex.h", "sched.h", "search.h",
    "semaphore.h", "spawn.h", "strings.h", "syslog.h", "tar.h", "termios.h",
    "ulimit.h", "unistd.h", "utime.h", "utmpx.h", "wordexp.h",
    // The GNU C library's own.
    "alloca.h", "argp.h", "argz.h", "byteswap.h", "endian.h", "envz.h",
    "err.h", "error.h", "execinfo.h", "features.h", "fts.h", "getopt.h",
    "ifaddrs.h", "libintl.h", "link.h", "malloc.h", "memory.h", "mntent.h",
    "obstack.h", "paths.h", "printf.h", "pty.h", "resolv.h", "shadow.h",
    "sysexits.h", "termio.h", "utmp.h", "values.h",
    // C++ (and its C headers).
    "algorithm", "any", "array", "atomic", "bitset", "cassert", "cctype",
    "cerrno", "cfloat", "charconv", "chrono", "cinttypes", "climits",
    "clocale", "cmath", "codecvt", "complex", "condition_variable",
    "csetjmp", "csignal", "cstdarg", "cstddef", "cstdint", "cstdio",
    "cstdlib", "cstring", "ctime", "cwchar", "cwctype", "deque",
    "exception", "execution", "filesystem", "forward_list", "fstream",
    "functional", "future", "initializer_list", "iomanip", "ios", "iosfwd",
    "iostream", "istream", "iterator", "limits", "list", "locale", "map",
    "memory", "memory_resource", "mutex", "new", "numeric", "optional",
    "ostream", "queue", "random", "ratio", "regex", "scoped_allocator",
    "set", "shared_mutex", "span", "sstream", "stack", "stdexcept",
    "streambuf", "string", "string_view", "system_error", "thread", "tuple",
    "type_traits", "typeindex", "typeinfo", "unordered_map",
    "unordered_set", "utility", "valarray", "variant", "vector"};

/// The platform's directories, as the first component of a spelled name.
const char *const PlatformDirs[] = {
    "sys",   "bits",      "arpa", "net", "netinet", "netinet6", "netpacket",
    "linux", "asm",       "asm-generic", "gnu",     "rpc",      "scsi",
    "ext",   "tr1",       "debug",       "parallel", "pstl",    "c++"};

/// What a platform function does with an argument, when not lending.
struct ArgRule {
  const char *Name;
  unsigned Arg;
  SystemArg Fate;
};

const ArgRule ArgRules[] = {
    // Release.
    {"free", 0, SystemArg::Releases},
    {"cfree", 0, SystemArg::Releases},
    {"realloc", 0, SystemArg::Releases},
    {"reallocf", 0, SystemArg::Releases},
    {"reallocarray", 0, SystemArg::Releases},
    {"fclose", 0, SystemArg::Releases},
    {"pclose", 0, SystemArg::Releases},
    {"closedir", 0, SystemArg::Releases},
    {"munmap", 0, SystemArg::Releases},
    {"close", 0, SystemArg::Releases},
    // Keep past the call.
    {"setbuf", 1, SystemArg::Keeps},
    {"setbuffer", 1, SystemArg::Keeps},
    {"setvbuf", 1, SystemArg::Keeps},
    {"putenv", 0, SystemArg::Keeps},
    {"pthread_create", 3, SystemArg::Keeps},
    {"pthread_setspecific", 1, SystemArg::Keeps},
    {"pthread_attr_setstack", 1, SystemArg::Keeps},
    {"tsearch", 0, SystemArg::Keeps},
    {"tsearch", 1, SystemArg::Keeps},
    {"hsearch", 0, SystemArg::KeepsDeep},
    {"hsearch_r", 0, SystemArg::KeepsDeep},
    {"on_exit", 1, SystemArg::Keeps},
    {"__cxa_atexit", 1, SystemArg::Keeps},
    {"__cxa_thread_atexit", 1, SystemArg::Keeps},
    {"fopencookie", 0, SystemArg::Keeps},
    {"funopen", 0, SystemArg::Keeps},
    {"epoll_ctl", 3, SystemArg::KeepsDeep},
    {"timer_create", 1, SystemArg::KeepsDeep},
    {"mq_notify", 1, SystemArg::KeepsDeep},
    {"sigaltstack", 0, SystemArg::KeepsDeep},
    {"aio_read", 0, SystemArg::Keeps},
    {"aio_write", 0, SystemArg::Keeps},
    {"lio_listio", 1, SystemArg::Keeps},
    {"makecontext", 0, SystemArg::KeepsDeep},
    {"setstate", 0, SystemArg::Keeps},
    {"initstate", 1, SystemArg::Keeps},
    {"atexit", 0, SystemArg::Keeps},
};

/// Functions whose result is one of their arguments, or points into it,
/// and is never null when the argument is not: the result keeps the block
/// reachable, and a null test of the result is a null test of the block.
/// Those that may return null for a valid block (strchr, strtok, fgets)
/// are not here: the block stays reachable through the argument. realpath
/// and getcwd return their buffer or null: they are here, so that freeing
/// the result frees the buffer; a null result then reads as a null buffer,
/// and a buffer leaked on that branch alone is missed.
struct ReturnRule {
  const char *Name;
  unsigned Arg;
};
const ReturnRule ReturnRules[] = {
    {"memcpy", 0},  {"memmove", 0}, {"memset", 0},  {"mempcpy", 0},
    {"strcpy", 0},  {"strncpy", 0}, {"stpcpy", 0},  {"stpncpy", 0},
    {"strcat", 0},  {"strncat", 0}, {"wcscpy", 0},  {"wcsncpy", 0},
    {"wcscat", 0},  {"wcsncat", 0}, {"wmemcpy", 0}, {"wmemmove", 0},
    {"wmempcpy", 0}, {"wmemset", 0},
    {"realpath", 1}, {"getcwd", 0},
};

bool isPlatformSpelling(llvm::StringRef Spelled) {
  auto [First, Rest] = Spelled.split('/');
  if (!Rest.empty())
    return llvm::is_contained(PlatformDirs, First);
  return llvm::is_contained(StandardHeaders, Spelled);
}

} // namespace

/// The name the `#include` that entered \p FID spelled, without its
/// delimiters; empty when it cannot be read (a predefined buffer, a macro).
static llvm::StringRef spelledName(const SourceManager &SM, FileID FID) {
  SourceLocation Inc = SM.getIncludeLoc(FID);
  if (Inc.isInvalid() || Inc.isMacroID())
    return {};
  bool Invalid = false;
  const char *P = SM.getCharacterData(Inc, &Invalid);
  if (Invalid || !P)
    return {};
  char Close;
  if (*P == '<')
    Close = '>';
  else if (*P == '"')
    Close = '"';
  else
    return {};
  size_t N = 1;
  while (N < 256 && P[N] && P[N] != Close && P[N] != '\n')
    ++N;
  if (P[N] != Close)
    return {};
  return llvm::StringRef(P + 1, N - 1);
}

bool isPlatformFunction(const FunctionDecl *FD, const SourceManager &SM) {
  const FunctionDecl *First = FD->getFirstDecl();
  SourceLocation L = First->getLocation();
  if (L.isInvalid())
    return FD->getBuiltinID() != 0;
  L = SM.getExpansionLoc(L);
  if (!SM.isInSystemHeader(L))
    return false;
  // C++: the standard library's free functions whose result cannot carry a
  // pointer; members, constructors and anything returning an object keep
  // their own models.
  if (isa<CXXMethodDecl>(FD))
    return false;
  if (!FD->isExternC() && FD->getDeclContext()->isNamespace()) {
    QualType R = FD->getReturnType();
    if (!R->isVoidType() && !R->isBooleanType() && !R->isIntegerType())
      return false;
  }
  FileID FID = SM.getFileID(L);
  return isPlatformSpelling(spelledName(SM, FID));
}

SystemArg systemArgFate(llvm::StringRef Name, unsigned Arg) {
  for (const ArgRule &R : ArgRules)
    if (Name == R.Name && Arg == R.Arg)
      return R.Fate;
  return SystemArg::Lends;
}

std::optional<unsigned> systemReturnedArg(llvm::StringRef Name) {
  for (const ReturnRule &R : ReturnRules)
    if (Name == R.Name)
      return R.Arg;
  return std::nullopt;
}

bool lendsByConst(const ParmVarDecl *P) {
  QualType T = P->getType();
  if (!T->isPointerType() && !T->isReferenceType())
    return false;
  QualType Pointee = T->getPointeeType();
  // `T *const &` hands over a copy of the pointer itself.
  return Pointee.isConstQualified() && !Pointee->isPointerType() &&
         !Pointee->isMemberPointerType();
}

} // namespace leakhound
