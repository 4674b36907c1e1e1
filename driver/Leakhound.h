//===--- Leakhound.h - the leakhound command ------------------*- C++ -*-===//
//
// Exit codes (docs/user-guide.md):
//   0  no findings (at or above --fail-on)
//   1  findings
//   2  usage error, bad input, or a TU that crashed, timed out or could not
//      be analysed (the other TUs' findings are still reported)
//   3  some TU had compile errors (analysed as far as it parsed)
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_DRIVER_LEAKHOUND_H
#define LEAKHOUND_DRIVER_LEAKHOUND_H

namespace leakhound {

enum ExitCode {
  ExitClean = 0,
  ExitFindings = 1,
  ExitError = 2,
  ExitCompileErrors = 3,
};

int leakhoundMain(int Argc, const char **Argv);

} // namespace leakhound

#endif // LEAKHOUND_DRIVER_LEAKHOUND_H
