//===--- CrossTU.cpp - the checks that take part in the cross-TU merge ----===//
//
// One entry per check that writes facts. A check without an entry here has
// its facts merged by mergeJsonUnion and produces no merged findings.
//
//===----------------------------------------------------------------------===//

#include "ContainerFacts.h"
#include "Facts.h"
#include "OwnershipFacts.h"
#include "RetainedSubviewAnalysis.h"
#include "ThreadLifecycle.h"

namespace leakhound {

llvm::ArrayRef<CrossTUHandler> crossTUHandlers() {
  static const CrossTUHandler Handlers[] = {
      {"leak-unfreed-allocation", mergeUnfreedAllocation,
       resolveUnfreedAllocation},
      {"leak-unreleased-handle", mergeUnfreedAllocation,
       resolveUnreleasedHandle},
      {"leak-unbounded-container", nullptr, resolveUnboundedContainers},
      {"leak-retained-subview", nullptr, resolveRetainedSubviews},
      {"leak-blocked-thread", nullptr, resolveBlockedThreads},
  };
  return Handlers;
}

} // namespace leakhound
