//===--- PathOrder.h - which statements can run after which -*- C++ -*-===//
//
// Orders the statements of one function by its control-flow graph instead of
// their position in the source: a statement *reaches* another when some path
// runs the second after the first (around a loop's back edge too), and a
// path *avoids* a set of statements when it runs none of them in between.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_PATHORDER_H
#define LEAKHOUND_CHECKS_ANALYSIS_PATHORDER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang {
class ASTContext;
class CFG;
class CFGBlock;
class FunctionDecl;
class ParentMap;
class Stmt;
} // namespace clang

namespace leakhound {

class PathOrder {
public:
  PathOrder(const clang::FunctionDecl *F, clang::ASTContext &Ctx);
  ~PathOrder();

  /// Whether the CFG could be built and every question can be answered.
  bool valid() const { return Cfg != nullptr; }
  /// Some path runs \p To after \p From (null: the function's entry)
  /// without running any statement of \p Avoid in between.
  bool reaches(const clang::Stmt *From, const clang::Stmt *To,
               llvm::ArrayRef<const clang::Stmt *> Avoid);

private:
  struct Pos {
    const clang::CFGBlock *Block = nullptr;
    unsigned Index = 0;
  };
  Pos locate(const clang::Stmt *S);

  std::unique_ptr<clang::CFG> Cfg;
  std::unique_ptr<clang::ParentMap> PM;
  llvm::DenseMap<const clang::Stmt *, Pos> Elements;
};

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_PATHORDER_H
