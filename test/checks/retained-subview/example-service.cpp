// The bundled example fires on the retained slice and on the kept capacity,
// and stays silent on the copied line and the fitted chunk.
// RUN: %clang_tidy_plugin -checks=-*,leak-retained-subview %S/../../../examples/src/log_slices.cpp -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: not %leakhound --quiet -j 1 --checks=-*,leak-retained-subview %S/../../../examples/src/log_slices.cpp -- -std=c++20 | FileCheck %s --implicit-check-not='{{warning|error}}:'

// CHECK: log_slices.cpp:43:41: warning: view 'firstLine' keeps the whole unbounded-size buffer 'contents' alive in global 'logIndex' [leak-retained-subview]
// CHECK: log_slices.cpp:58:26: warning: 'chunk' keeps the capacity of its 1048576-byte buffer alive in global 'recentChunks' after shrinking [leak-retained-subview]
