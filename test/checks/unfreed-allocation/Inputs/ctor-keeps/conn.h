struct address {
  int port;
};

// Keeps the proxy address it is given (a member initializer) and deletes it
// in its destructor.
class connecter {
public:
  connecter(int fd, address *proxy);
  ~connecter();

private:
  int fd_;
  address *proxy_;
};

// Only reads the address it is given.
class prober {
public:
  prober(int fd, address *target);
  int port() const { return port_; }

private:
  int port_;
};
