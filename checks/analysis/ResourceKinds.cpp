//===--- ResourceKinds.cpp - the table of resource kinds ------------------===//
//
// The rows of the kind table (see ResourceKinds.h for the terms). Memory's
// row names the kind only: its allocators, deallocators and the C library's
// borrowers keep their long-standing rules in OwnershipCalls.cpp. Every
// other row is the whole model of its kind; the check options add rows'
// worth of project functions (OwnershipOptions::Allocators/Deallocators,
// read by the engine whatever the family).
//
// Limits kept deliberately: `freopen` returns the stream it was given (it
// reopens it, no new stream is created), so it is a borrower, not an
// acquirer; `dup2`/`dup3` make their target a copy of the source and
// return the target: whoever owned the target (the process, for the
// standard descriptors; the caller, for a descriptor it opened) still owns
// it, so they acquire nothing new and their result is the target.
// `pipe`, `pipe2` and `socketpair` return two descriptors through an
// `int[2]` argument (Acquirer::Pair): each element is a descriptor of its
// own, closed on its own.
//
//===----------------------------------------------------------------------===//

#include "ResourceKinds.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"

namespace leakhound {

static const Acquirer FileAcquirers[] = {
    {"fopen", "fclose"},          {"fopen64", "fclose"},
    {"fdopen", "fclose", 0},      {"tmpfile", "fclose"},
    {"tmpfile64", "fclose"},      {"fmemopen", "fclose"},
    {"open_memstream", "fclose"}, {"open_wmemstream", "fclose"},
    {"fopencookie", "fclose"},    {"popen", "pclose"},
};
static const Releaser FileReleasers[] = {{"fclose"}, {"pclose"}};
static const char *const FileTypes[] = {"FILE", "_IO_FILE"};

static const Acquirer DirAcquirers[] = {
    {"opendir", "closedir"},
    {"fdopendir", "closedir", 0},
};
static const Releaser DirReleasers[] = {{"closedir"}};
static const char *const DirTypes[] = {"DIR", "__dirstream"};

static const Acquirer FdAcquirers[] = {
    {"open", "close"},          {"open64", "close"},
    {"openat", "close"},        {"openat64", "close"},
    {"creat", "close"},         {"creat64", "close"},
    {"socket", "close"},        {"accept", "close"},
    {"accept4", "close"},       {"dup", "close"},
    {"epoll_create", "close"},  {"epoll_create1", "close"},
    {"eventfd", "close"},       {"timerfd_create", "close"},
    {"signalfd", "close"},      {"inotify_init", "close"},
    {"inotify_init1", "close"}, {"memfd_create", "close"},
    {"mkstemp", "close"},       {"mkostemp", "close"},
    {"posix_openpt", "close"},  {"pipe", "close", -1, 0},
    {"pipe2", "close", -1, 0},  {"socketpair", "close", -1, 3},
};
static const Releaser FdReleasers[] = {{"close"}};

static const Acquirer MapAcquirers[] = {
    {"mmap", "munmap"},
    {"mmap64", "munmap"},
};
static const Releaser MapReleasers[] = {{"munmap"}};

static const ResourceKind Kinds[] = {
    {"memory", "memory", "allocated", "release", "released", ResourceKind::Value::Pointer,
     ResourceKind::None::Null, {}, {}, {}},
    {"file", "file", "opened", "close", "closed", ResourceKind::Value::Pointer,
     ResourceKind::None::Null, FileTypes, FileAcquirers, FileReleasers},
    {"directory", "directory stream", "opened", "close", "closed",
     ResourceKind::Value::Pointer, ResourceKind::None::Null, DirTypes,
     DirAcquirers, DirReleasers},
    {"descriptor", "file descriptor", "opened", "close", "closed",
     ResourceKind::Value::Descriptor, ResourceKind::None::Negative, {},
     FdAcquirers, FdReleasers},
    {"mapping", "mapping", "mapped", "unmap", "unmapped", ResourceKind::Value::Pointer,
     ResourceKind::None::AllOnesPointer, {}, MapAcquirers, MapReleasers},
};

llvm::ArrayRef<ResourceKind> resourceKinds() { return Kinds; }

const ResourceKind *kindById(llvm::StringRef Id) {
  for (const ResourceKind &K : Kinds)
    if (Id == K.Id)
      return &K;
  return nullptr;
}

static bool inFamily(ResourceFamily F, const ResourceKind &K) {
  return K.isMemory() == (F == ResourceFamily::Memory);
}

const ResourceKind *acquirerOf(ResourceFamily Family, llvm::StringRef Name,
                               const Acquirer **Out) {
  for (const ResourceKind &K : Kinds)
    if (inFamily(Family, K))
      for (const Acquirer &A : K.Acquirers)
        if (Name == A.Name) {
          if (Out)
            *Out = &A;
          return &K;
        }
  return nullptr;
}

const ResourceKind *releaserOf(ResourceFamily Family, llvm::StringRef Name,
                               const Releaser **Out) {
  for (const ResourceKind &K : Kinds)
    if (inFamily(Family, K))
      for (const Releaser &R : K.Releasers)
        if (Name == R.Name) {
          if (Out)
            *Out = &R;
          return &K;
        }
  return nullptr;
}

/// The name of the type \p T points to, through typedefs one at a time
/// (`FILE` is a typedef of `struct _IO_FILE`).
static bool pointeeNamed(clang::QualType T,
                         llvm::ArrayRef<const char *> Names) {
  if (!T->isPointerType())
    return false;
  clang::QualType P = T->getPointeeType();
  for (unsigned Depth = 0; Depth < 4 && !P.isNull(); ++Depth) {
    llvm::StringRef N;
    if (const auto *TT = P->getAs<clang::TypedefType>())
      N = TT->getDecl()->getName();
    else if (const auto *RD = P->getAsRecordDecl())
      N = RD->getName();
    for (const char *Want : Names)
      if (!N.empty() && N == Want)
        return true;
    const auto *TT = llvm::dyn_cast<clang::TypedefType>(P.getTypePtr());
    if (!TT)
      break;
    P = TT->desugar();
  }
  return false;
}

const ResourceKind *kindOfType(clang::QualType T) {
  if (T.isNull())
    return nullptr;
  for (const ResourceKind &K : Kinds)
    if (!K.PointeeNames.empty() && pointeeNamed(T, K.PointeeNames))
      return &K;
  return nullptr;
}

bool isDescriptorType(clang::QualType T) {
  if (T.isNull())
    return false;
  T = T.getCanonicalType();
  return T->isSignedIntegerType() && !T->isCharType() && !T->isEnumeralType();
}

int returnedDescriptor(llvm::StringRef Name) {
  return Name == "dup2" || Name == "dup3" ? 1 : -1;
}

/// Platform functions that read, write or configure through a descriptor
/// argument and leave it open.
static const char *const DescriptorUsers[] = {
    "read",        "write",      "pread",       "pwrite",     "pread64",
    "pwrite64",    "readv",      "writev",      "send",       "recv",
    "sendto",      "recvfrom",   "sendmsg",     "recvmsg",    "fstat",
    "fstat64",     "fstatat",    "fsync",       "fdatasync",  "ftruncate",
    "lseek",       "lseek64",    "ioctl",       "fcntl",      "setsockopt",
    "getsockopt",  "bind",       "listen",      "connect",    "accept",
    "accept4",     "shutdown",   "getsockname", "getpeername", "epoll_ctl",
    "epoll_wait",  "fchmod",     "fchown",      "flock",      "lockf",
    "isatty",      "tcgetattr",  "tcsetattr",   "sendfile",   "splice",
    "fdopen",      "fdopendir",  "dup",         "dup2",       "dup3",
    "posix_fadvise", "fallocate", "inotify_add_watch", "timerfd_settime",
    "eventfd_read", "eventfd_write", "close",
};

bool usesDescriptor(llvm::StringRef Name) {
  for (const char *N : DescriptorUsers)
    if (Name == N)
      return true;
  return false;
}

bool mayHold(ResourceFamily Family, clang::QualType T) {
  if (T.isNull())
    return false;
  if (Family == ResourceFamily::Memory)
    return T->isPointerType();
  if (T->isIntegerType() && !T->isBooleanType() && !T->isCharType())
    return true;
  if (!T->isPointerType())
    return false;
  return T->isVoidPointerType() || kindOfType(T) != nullptr;
}

} // namespace leakhound
