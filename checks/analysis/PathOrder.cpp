//===--- PathOrder.cpp - which statements can run after which -------------===//
//
// See PathOrder.h. A statement is located at the CFG element that evaluates
// it, or at the nearest enclosing expression or statement that is one; the
// search is a breadth-first walk over blocks.
//
//===----------------------------------------------------------------------===//

#include "PathOrder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace leakhound {

PathOrder::PathOrder(const FunctionDecl *F, ASTContext &Ctx) {
  if (!F || !F->getBody())
    return;
  CFG::BuildOptions Opts;
  std::unique_ptr<CFG> G =
      CFG::buildCFG(F, F->getBody(), &Ctx, Opts);
  if (!G)
    return;
  PM = std::make_unique<ParentMap>(F->getBody());
  for (const CFGBlock *B : *G) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>())
        Elements.try_emplace(CS->getStmt(), Pos{B, I});
      ++I;
    }
    // A block's terminator condition is evaluated at its end.
    if (const Stmt *T = B->getTerminatorStmt())
      Elements.try_emplace(T, Pos{B, I});
  }
  Cfg = std::move(G);
}

PathOrder::~PathOrder() = default;

PathOrder::Pos PathOrder::locate(const Stmt *S) {
  for (unsigned N = 0; S && N < 64; ++N) {
    auto It = Elements.find(S);
    if (It != Elements.end())
      return It->second;
    S = PM->getParent(S);
  }
  return Pos();
}

bool PathOrder::reaches(const Stmt *From, const Stmt *To,
                        llvm::ArrayRef<const Stmt *> Avoid) {
  if (!Cfg)
    return false;
  Pos T = locate(To);
  if (!T.Block)
    return false;
  Pos F;
  if (From) {
    F = locate(From);
    if (!F.Block)
      return false;
  } else {
    F = Pos{&Cfg->getEntry(), 0};
  }
  llvm::SmallVector<Pos, 8> Blocks;
  for (const Stmt *A : Avoid)
    if (Pos P = locate(A); P.Block)
      Blocks.push_back(P);
  // Whether an avoided statement sits in block B strictly between Lo and Hi
  // (element indices; Lo is exclusive, Hi exclusive).
  auto Blocked = [&](const CFGBlock *B, int Lo, int Hi) {
    for (const Pos &P : Blocks)
      if (P.Block == B && (int)P.Index > Lo && (int)P.Index < Hi)
        return true;
    return false;
  };
  const int Start = From ? (int)F.Index : -1;
  if (F.Block == T.Block && Start < (int)T.Index &&
      !Blocked(F.Block, Start, T.Index))
    return true;
  if (Blocked(F.Block, Start, 1 << 30))
    return false;
  llvm::SmallVector<const CFGBlock *, 16> Work;
  llvm::DenseMap<const CFGBlock *, bool> Seen;
  auto Push = [&](const CFGBlock *B) {
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      if (const CFGBlock *N = S.getReachableBlock())
        if (Seen.try_emplace(N, true).second)
          Work.push_back(N);
  };
  Push(F.Block);
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (B == T.Block && !Blocked(B, -1, T.Index))
      return true;
    if (Blocked(B, -1, 1 << 30))
      continue;
    Push(B);
  }
  return false;
}

} // namespace leakhound
