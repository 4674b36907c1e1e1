#include "service.h"

// The same program, but its shutdown stops nothing: Pool::shutdown exists
// and closes the queue, but nothing calls it; Service::stop is never called.
void Pool::shutdown() { Jobs.close(); }

int main() {
  Service S;
  S.start();
  Pool P;
  P.start();
}
