#include "service.h"

// The owner's shutdown path, in another file: both ways out are taken.
void Pool::shutdown() { Jobs.close(); }

int main() {
  Service S;
  S.start();
  Pool P;
  P.start();
  S.stop();
  P.shutdown();
}
