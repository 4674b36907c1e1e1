#include "service.h"

// Closes a queue, but another one than the pool's.
Queue Spare;
void Pool::shutdown() {}
void drain_spare() { Spare.close(); }

int main() {
  Service S;
  S.start();
  S.stop();
  Pool P;
  P.start();
  P.shutdown();
  drain_spare();
}
