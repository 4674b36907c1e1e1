//===--- Main.cpp - leakhound entry point ---------------------------------===//

#include "Leakhound.h"

int main(int Argc, const char **Argv) {
  return leakhound::leakhoundMain(Argc, Argv);
}
