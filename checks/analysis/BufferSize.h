//===--- BufferSize.h - lower bounds on the size of buffers ---*- C++ -*-===//
//
// Estimates how large a buffer can get, for leak-retained-subview.
//
// Terms:
//  - A *count* is an integer expression (an element count or a byte count).
//    countOf() gives a lower bound for it: the value when it folds to a
//    constant (Expr::EvaluateAsInt), propagated through local variables (every
//    definition of the variable must give a bound; the smallest wins) and
//    simple arithmetic (+ - * / <<, min, max, ?:).
//  - An *unbounded source* is a count the program takes from its input without
//    bounding it: 'st_size' of a 'stat', ftell/lseek/tellg, the result of
//    std::filesystem::file_size, a number parsed from text (strto*, ato*,
//    std::sto*), or an integer variable an input call fills (through its
//    address, `in.read((char *)&len, 4)`, or by reference, `in >> len`).
//    A variable compared in an 'if' condition or clamped with std::min is
//    bounded, so it loses the fact.
//  - An *input length* is the result of read/recv/recvfrom/pread/fread/
//    SSL_read/BIO_read: the input decides it, up to the length asked for.
//    Its estimate is that length, marked UpTo (the message says so).
//  - A *derived whole input*: an object constructed from, or returned by a
//    function given, an unbounded-size buffer (a document parsed from a
//    whole file, an image decoded from it) holds data of unbounded size.
//  - A *buffer* (BufferRef) is a variable, or a field of a variable or of
//    '*this', of a type that owns memory: std::basic_string, std::vector,
//    a built-in array, or a smart pointer to one of them or to any object.
//  - The *peak* of a buffer is a lower bound on the largest number of bytes it
//    held before a point: its initializer, every growth call on it before that
//    point in the function (reserve, resize, assign, append, insert, =),
//    accumulation inside loops (iteration count times one element; a loop
//    whose condition performs input is a read loop until EOF, unbounded), and
//    whole-stream reads (std::istreambuf_iterator, 'ss << in.rdbuf()',
//    'std::getline(in, s, '\0')').
//  - Calls to functions defined in this TU are followed through their return
//    statements up to a small depth; returns of an empty value are error paths
//    and are ignored.
//
// Every estimate is a lower bound or "unknown": an estimate never claims a
// buffer is large unless the code makes it so. Function bodies are scanned at
// most once (FunctionFacts are cached) and recursion depth is bounded.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_BUFFERSIZE_H
#define LEAKHOUND_CHECKS_ANALYSIS_BUFFERSIZE_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <memory>
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
class ValueDecl;
class FieldDecl;
class ReturnStmt;
class VarDecl;
class Stmt;
} // namespace clang

namespace leakhound {

/// A lower bound on a size, or the fact that the input decides it.
struct SizeEstimate {
  enum KindTy { Unknown, AtLeast, Unbounded };
  KindTy Kind = Unknown;
  uint64_t Bytes = 0;                ///< the lower bound when AtLeast
  const clang::Stmt *Site = nullptr; ///< where the size was established
  clang::SourceLocation Loc;         ///< Site's location, or a declaration's
  const char *Why = "";              ///< for Unbounded: the source
  /// AtLeast from an input length: the input decides the size, up to Bytes
  /// (a receive into a Bytes-long buffer).
  bool UpTo = false;

  void setSite(const clang::Stmt *S);
  static SizeEstimate atLeast(uint64_t B, clang::SourceLocation L) {
    SizeEstimate E;
    E.Kind = AtLeast;
    E.Bytes = B;
    E.Loc = L;
    return E;
  }

  static SizeEstimate atLeast(uint64_t B, const clang::Stmt *S) {
    SizeEstimate E;
    E.Kind = AtLeast;
    E.Bytes = B;
    E.setSite(S);
    return E;
  }
  static SizeEstimate unbounded(const char *Why, const clang::Stmt *S) {
    SizeEstimate E;
    E.Kind = Unbounded;
    E.Why = Why;
    E.setSite(S);
    return E;
  }
  bool isLarge(uint64_t Threshold) const {
    return Kind == Unbounded || (Kind == AtLeast && Bytes >= Threshold);
  }
  /// "1048576-byte", "input-sized (up to 65536 bytes)" or "unbounded-size".
  std::string describe() const;
  /// The larger of two estimates (Unbounded wins, Unknown loses).
  static SizeEstimate max(const SizeEstimate &A, const SizeEstimate &B);
  /// The smaller of two lower bounds (Unknown wins).
  static SizeEstimate min(const SizeEstimate &A, const SizeEstimate &B);
};

/// A buffer: a variable, or one field of a variable or of '*this'.
struct BufferRef {
  const clang::ValueDecl *Root = nullptr; ///< null for a field of '*this'
  const clang::FieldDecl *Field = nullptr;
  bool valid() const { return Root || Field; }
  bool operator==(const BufferRef &O) const {
    return Root == O.Root && Field == O.Field;
  }
  bool sameRoot(const BufferRef &O) const {
    return Root ? Root == O.Root : (!O.Root && Field == O.Field);
  }
};

/// Strips parentheses, implicit casts, temporaries, functional casts,
/// copy/move constructions and std::move/std::forward.
const clang::Expr *stripValue(const clang::Expr *E);

/// The buffer an expression designates: 'v', 'p->v', '*p', 'this->f', 's.f'.
BufferRef bufferRefOf(const clang::Expr *E);

/// Types.
bool isStdRecord(clang::QualType T, llvm::StringRef Name);
bool isOwningBufferType(clang::QualType T); ///< string, vector, array
bool isSmartPointer(clang::QualType T);
bool isViewType(clang::QualType T); ///< string_view, span, pointer, iterator
/// The first template argument of a class template specialization.
clang::QualType firstTemplateArg(clang::QualType T);
/// A call that reads input (read, recv, fread, getline, istream::read, ...).
bool isInputCall(const clang::Expr *E);

/// Lazily computed lower bounds on counts and buffer sizes.
class BufferSizeEstimator {
public:
  explicit BufferSizeEstimator(clang::ASTContext &Ctx);
  ~BufferSizeEstimator();

  /// Lower bound on an integer expression evaluated in F.
  SizeEstimate countOf(const clang::Expr *E, const clang::FunctionDecl *F,
                       unsigned Depth = 0);
  /// Bytes of the buffer an expression produces (construction, call, var).
  SizeEstimate valueBytes(const clang::Expr *E, const clang::FunctionDecl *F,
                          unsigned Depth = 0);
  /// Peak bytes of a buffer before Before (everything if invalid).
  SizeEstimate peakBytes(BufferRef B, const clang::FunctionDecl *F,
                         clang::SourceLocation Before, unsigned Depth = 0);
  /// Element size of a buffer type (1 for strings, sizeof(T) for vector<T>).
  uint64_t elementSize(clang::QualType T);

  struct MemberEvent {
    const clang::Expr *Call; ///< CXXMemberCallExpr / CXXOperatorCallExpr
    llvm::StringRef Name;    ///< method or operator name ("+=")
    const clang::Stmt *Loop; ///< innermost enclosing loop, or null
    BufferRef Object;
  };
  /// What one scan of a function body found.
  struct FunctionFacts {
    llvm::SmallVector<MemberEvent, 16> Events;
    llvm::DenseMap<const clang::VarDecl *,
                   llvm::SmallVector<const clang::Expr *, 2>>
        Defs;
    llvm::DenseSet<const clang::VarDecl *> Bounded;
    llvm::DenseSet<const clang::VarDecl *> InputFilled;
    llvm::SmallVector<const clang::ReturnStmt *, 4> Returns;
  };
  /// The scanned facts of F's body (cached).
  const FunctionFacts &facts(const clang::FunctionDecl *F);
  /// Member calls and assignments on B in F, in source order.
  llvm::SmallVector<MemberEvent, 8> eventsOn(BufferRef B,
                                             const clang::FunctionDecl *F);
  /// Bytes one member event makes the buffer hold (growth calls only).
  SizeEstimate eventGrowth(const MemberEvent &Ev, uint64_t Elem,
                           const clang::FunctionDecl *F, unsigned Depth = 0);
  /// Iteration count lower bound of a loop (Unbounded for read loops).
  SizeEstimate loopIterations(const clang::Stmt *Loop,
                              const clang::FunctionDecl *F, unsigned Depth);

  clang::ASTContext &context() { return Ctx; }

private:
  SizeEstimate constructBytes(clang::QualType T,
                              llvm::ArrayRef<const clang::Expr *> Args,
                              const clang::Stmt *Site,
                              const clang::FunctionDecl *F, unsigned Depth);
  /// The first argument that is a buffer of unbounded size, as its
  /// estimate (what an object built from the arguments holds) explained by
  /// \p Why, or Unknown.
  SizeEstimate wholeInputAmong(llvm::ArrayRef<const clang::Expr *> Args,
                               const char *Why, const clang::FunctionDecl *F,
                               unsigned Depth);
  SizeEstimate rangeBytes(const clang::Expr *First, const clang::Expr *Last,
                          const clang::FunctionDecl *F, unsigned Depth);
  SizeEstimate returnedValue(const clang::FunctionDecl *Callee, bool Count,
                             unsigned Depth);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionFacts>>
      Cache;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_BUFFERSIZE_H
