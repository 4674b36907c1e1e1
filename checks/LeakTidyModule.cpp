//===--- LeakTidyModule.cpp - the leak-* checks, registered once ----------===//
//
// Registration only. The same module is linked into the clang-tidy plugin and
// into the leakhound driver, so both front-ends run identical checks.
//
//===----------------------------------------------------------------------===//

#include "BlockedThreadCheck.h"
#include "RetainedSubviewCheck.h"
#include "UnboundedContainerCheck.h"
#include "UnfreedAllocationCheck.h"
#include "UnreleasedHandleCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::leak {

class LeakModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<BlockedThreadCheck>("leak-blocked-thread");
    Factories.registerCheck<RetainedSubviewCheck>("leak-retained-subview");
    Factories.registerCheck<UnboundedContainerCheck>(
        "leak-unbounded-container");
    Factories.registerCheck<UnfreedAllocationCheck>(
        "leak-unfreed-allocation");
    Factories.registerCheck<UnreleasedHandleCheck>("leak-unreleased-handle");
  }
};

static ClangTidyModuleRegistry::Add<LeakModule>
    X("leak-module", "Checks for memory-leak patterns (leakhound).");

} // namespace clang::tidy::leak

// The driver references this symbol so that a static link keeps the module.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int LeakhoundModuleAnchorSource = 0;
