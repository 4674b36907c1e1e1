//===--- ResourceKinds.h - what the ownership engine can track --*- C++ -*-===//
//
// A *resource kind* is a class of things a program acquires and must give
// back: heap memory, a stdio stream, a directory stream, a file descriptor,
// a memory mapping. The ownership engine (Ownership.cpp) follows every kind
// with the same dataflow, summaries, witness paths and cross-TU merge; what
// tells the kinds apart is data, one row of a table (ResourceKinds.cpp):
//  * its *acquirers*: functions whose result is a fresh resource of the
//    kind, each with the releaser that gives it back (`fopen` -> `fclose`,
//    `popen` -> `pclose`), and, for a few, an argument whose resource the
//    call takes over (`fdopen` takes its descriptor);
//  * its *releasers*: functions that give back the resource passed to them
//    (`fclose`, `closedir`, `close`, `munmap`), at a given argument;
//  * its *value*: how the program holds it (a pointer, or an `int` for a
//    descriptor) and its *none* value, what a failed acquisition returns
//    (null; `MAP_FAILED`; any negative `int`), so that a branch that tests
//    for it ends tracking on that branch;
//  * its words for messages: the noun ("file"), what acquiring it is
//    called ("opened") and what releasing it is called ("close");
//  * the names of the check options that add the project's own acquirers
//    and releasers (`Allocators`/`Deallocators` for memory,
//    `Acquirers`/`Releasers` for handles).
// A *family* is the set of kinds one check reports: leak-unfreed-allocation
// reports memory (the default, whose rules live in OwnershipCalls.cpp as
// before), leak-unreleased-handle every other kind. The engine runs once
// per family, so a TU with no handle acquisition costs the handle check a
// walk of the bodies and no dataflow.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_RESOURCEKINDS_H
#define LEAKHOUND_CHECKS_ANALYSIS_RESOURCEKINDS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class QualType;
} // namespace clang

namespace leakhound {

/// A function that returns a fresh resource.
struct Acquirer {
  const char *Name;
  const char *Releaser;
  /// An argument whose resource the acquirer takes over (`fdopen`'s
  /// descriptor), or -1.
  int Takes = -1;
  /// An `int[2]` argument through which the acquirer returns two fresh
  /// descriptors (`pipe`, `socketpair`) instead of a result, or -1. The
  /// call returns 0 when it succeeds.
  int Pair = -1;
};

/// A function that gives back the resource passed at argument Arg.
struct Releaser {
  const char *Name;
  unsigned Arg = 0;
};

struct ResourceKind {
  enum class Value { Pointer, Descriptor };
  enum class None { Null, Negative, AllOnesPointer };
  const char *Id;          ///< "memory", "file", "directory", ...
  const char *Noun;        ///< "file", "directory stream", ...
  const char *Acquired;    ///< "opened", "mapped".
  const char *ReleaseVerb; ///< "close", "unmap".
  const char *Released;    ///< "closed", "unmapped".
  Value Held;
  None NoneValue;
  /// The pointee type names that identify the kind's values (`FILE`,
  /// `DIR`), empty when the type says nothing (memory, mappings).
  llvm::ArrayRef<const char *> PointeeNames;
  llvm::ArrayRef<Acquirer> Acquirers;
  llvm::ArrayRef<Releaser> Releasers;
  bool isMemory() const { return llvm::StringRef(Id) == "memory"; }
};

/// Which kinds one run of the engine follows.
enum class ResourceFamily { Memory, Handles };

/// Every kind, memory first.
llvm::ArrayRef<ResourceKind> resourceKinds();
/// The kind with identifier \p Id, or null.
const ResourceKind *kindById(llvm::StringRef Id);

/// The kind of \p Family whose acquirer is named \p Name, or null; \p Out
/// receives the acquirer.
const ResourceKind *acquirerOf(ResourceFamily Family, llvm::StringRef Name,
                               const Acquirer **Out = nullptr);
/// The kind of \p Family whose releaser is named \p Name, or null.
const ResourceKind *releaserOf(ResourceFamily Family, llvm::StringRef Name,
                               const Releaser **Out = nullptr);
/// The handle kind whose values have type \p T (a `FILE *`, a `DIR *`),
/// or null.
const ResourceKind *kindOfType(clang::QualType T);
/// Whether \p T can hold a resource of \p Family: for memory any pointer;
/// for handles a pointer to a known handle type, `void *` (mappings), or
/// an integer (descriptors).
bool mayHold(ResourceFamily Family, clang::QualType T);

/// Whether a value of type \p T may be a file descriptor: a signed integer
/// type other than a character, a boolean or an enumeration (`int`,
/// `evutil_socket_t`, `ssize_t`).
bool isDescriptorType(clang::QualType T);

/// For `dup2`/`dup3`: the argument whose descriptor the call returns (the
/// target, which keeps its owner), or -1.
int returnedDescriptor(llvm::StringRef Name);

/// Whether the platform function \p Name uses an `int` argument as a file
/// descriptor without keeping it (`read`, `write`, `fstat`, `setsockopt`,
/// `close`...): a caller that passes a value there treats it as one.
bool usesDescriptor(llvm::StringRef Name);

/// Whether \p Name is any library acquirer or releaser of \p Family (a
/// cheap test a prefilter can ask of a call's callee).
inline bool isHandleFunction(ResourceFamily Family, llvm::StringRef Name) {
  return acquirerOf(Family, Name) || releaserOf(Family, Name);
}

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_RESOURCEKINDS_H
