#include "conn.h"

connecter::connecter(int fd, address *proxy) : fd_(fd), proxy_(proxy) {}
connecter::~connecter() { delete proxy_; }

prober::prober(int fd, address *target) : port_(target->port + fd) {}
