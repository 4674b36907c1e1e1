//===--- PerContext.h - one object per ASTContext, shared by checks -*- C++ -*-===//
//
// perContext<T>(Ctx) gives every caller in a translation unit the same T,
// made on first use from the context (T(ASTContext &)). The entry is dropped
// when the context is destroyed (ASTContext::AddDeallocation), before its
// address can be reused by the next TU.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_CHECKS_ANALYSIS_PERCONTEXT_H
#define LEAKHOUND_CHECKS_ANALYSIS_PERCONTEXT_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <mutex>

namespace leakhound {

template <typename T> std::shared_ptr<T> perContext(clang::ASTContext &Ctx) {
  static std::mutex Lock;
  // Never destroyed: a context may outlive static destruction's order.
  static auto *ByContext =
      new llvm::DenseMap<const clang::ASTContext *, std::shared_ptr<T>>;
  std::lock_guard<std::mutex> G(Lock);
  auto [It, New] = ByContext->try_emplace(&Ctx);
  if (New) {
    It->second = std::make_shared<T>(Ctx);
    Ctx.AddDeallocation(
        [](void *C) {
          std::lock_guard<std::mutex> G(Lock);
          ByContext->erase(static_cast<const clang::ASTContext *>(C));
        },
        &Ctx);
  }
  return It->second;
}

} // namespace leakhound

#endif // LEAKHOUND_CHECKS_ANALYSIS_PERCONTEXT_H
