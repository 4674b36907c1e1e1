// RUN: %check_leak --plugin-only %s leak-unbounded-container %t -- -std=c++17 -isystem %inputs/unbounded-container
// RUN: not %leakhound --quiet --checks=-*,leak-unbounded-container %s -- -std=c++17 -isystem %inputs/unbounded-container 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// Broken code invents no finding (the driver exits 3: compile errors).
#include <map>
#include <vector>

static std::vector<int> grownByBrokenCode;
void broken_function(int v) {
  grownByBrokenCode.push_back(undeclared_identifier);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: error: use of undeclared identifier 'undeclared_identifier' [clang-diagnostic-error]
}

