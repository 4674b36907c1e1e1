#include "conn.h"

connecter *connect_via_proxy(int fd) {
  address *proxy = new address();
  connecter *c = new connecter(fd, proxy);
  return c;
}

int probe(int fd) {
  address *target = new address();
  prober p(fd, target);
  return p.port();
}
