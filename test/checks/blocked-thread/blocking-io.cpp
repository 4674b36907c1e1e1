// RUN: %check_leak %s leak-blocked-thread %t -- -std=c++20 -isystem %inputs/blocked-thread

// Blocking I/O is a wait: a thread parked in read/recv/accept (or in poll
// without a timeout) returns only when its descriptor is woken. A joiner
// that wakes it (close, shutdown, a write to a self-pipe) only after the
// join hangs in the join.

#include <atomic>
#include <poll.h>
#include <sys_socket.h>
#include <thread>
#include <unistd.h>

// stop() joins the reader, then closes its descriptor: too late.
class JoinBeforeClose {
public:
  void start() {
    T = std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread started here can block its joiner forever: it can be parked in 'read' on 'Fd', and 'JoinBeforeClose::stop' calls 'close' only after joining it [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+5]]:14: note: the thread can be parked here until the descriptor is woken (data, the other end closing, 'shutdown')
    // CHECK-MESSAGES: :[[@LINE+9]]:7: note: joined here, before anything wakes the thread
    // CHECK-MESSAGES: :[[@LINE+9]]:5: note: 'close' comes only after the join
    // CHECK-MESSAGES: :[[@LINE-5]]:9: note: fix: wake the thread before joining it in 'JoinBeforeClose::stop': 'shutdown' the socket, or write to a self-pipe or eventfd it also waits on; close the descriptor after the join
      char B[64];
      while (read(Fd, B, sizeof B) > 0) {
      }
    });
  }
  void stop() {
    T.join();
    close(Fd);
  }

private:
  int Fd = -1;
  std::thread T;
};

void use_join_before_close(JoinBeforeClose &R) {
  R.start();
  R.stop();
}

// shutdown() wakes the reader before the join: fine.
class ShutdownBeforeJoin {
public:
  void start() {
    T = std::thread([this] {
      char B[64];
      while (recv(Fd, B, sizeof B, 0) > 0) {
      }
    });
  }
  void stop() {
    shutdown(Fd, SHUT_RDWR);
    T.join();
    close(Fd);
  }

private:
  int Fd = -1;
  std::thread T;
};

void use_shutdown_before_join(ShutdownBeforeJoin &R) {
  R.start();
  R.stop();
}

// An accept loop stopped by a flag: the flag does not wake accept, and the
// listening socket is shut down only after the join.
class AcceptLoop {
public:
  void start() {
    T = std::thread([this] { serve(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread started here can block its joiner forever: it can be parked in 'accept' on 'Listen', and 'AcceptLoop::stop' calls 'shutdown' only after joining it [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:30: note: the thread calls 'serve' here
    // CHECK-MESSAGES: :[[@LINE+14]]:15: note: the thread can be parked here until the descriptor is woken (data, the other end closing, 'shutdown')
    // CHECK-MESSAGES: :[[@LINE+6]]:7: note: joined here, before anything wakes the thread
    // CHECK-MESSAGES: :[[@LINE+6]]:5: note: 'shutdown' comes only after the join
    // CHECK-MESSAGES: :[[@LINE-6]]:9: note: fix: wake the thread before joining it in 'AcceptLoop::stop': 'shutdown' the socket, or write to a self-pipe or eventfd it also waits on; close the descriptor after the join
  }
  void stop() {
    Running = false;
    T.join();
    shutdown(Listen, SHUT_RDWR);
  }

private:
  void serve() {
    while (Running) {
      int C = accept(Listen, nullptr, nullptr);
      if (C >= 0)
        close(C);
    }
  }
  int Listen = -1;
  std::atomic<bool> Running{true};
  std::thread T;
};

void use_accept_loop(AcceptLoop &S) {
  S.start();
  S.stop();
}

// A self-pipe written after the join instead of before it.
class PollSelfPipeLate {
public:
  void start() {
    T = std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread started here can block its joiner forever: it can be parked in 'poll', and 'PollSelfPipeLate::stop' calls 'write' only after joining it [leak-blocked-thread]
    // CHECK-MESSAGES: :[[@LINE+6]]:9: note: the thread can be parked here until the descriptor is woken (data, the other end closing, 'shutdown')
    // CHECK-MESSAGES: :[[@LINE+10]]:7: note: joined here, before anything wakes the thread
    // CHECK-MESSAGES: :[[@LINE+10]]:5: note: 'write' comes only after the join
    // CHECK-MESSAGES: :[[@LINE-5]]:9: note: fix: wake the thread before joining it in 'PollSelfPipeLate::stop': 'shutdown' the socket, or write to a self-pipe or eventfd it also waits on; close the descriptor after the join
      pollfd Fds[2] = {{Sock, POLLIN, 0}, {Wake[0], POLLIN, 0}};
      while (Running)
        poll(Fds, 2, -1);
    });
  }
  void stop() {
    Running = false;
    T.join();
    write(Wake[1], "x", 1);
  }

private:
  int Sock = -1;
  int Wake[2] = {-1, -1};
  std::atomic<bool> Running{true};
  std::thread T;
};

void use_poll_self_pipe_late(PollSelfPipeLate &P) {
  P.start();
  P.stop();
}

// The same, written before the join: fine.
class PollSelfPipe {
public:
  void start() {
    T = std::thread([this] {
      pollfd Fds[2] = {{Sock, POLLIN, 0}, {Wake[0], POLLIN, 0}};
      while (Running)
        poll(Fds, 2, -1);
    });
  }
  void stop() {
    Running = false;
    write(Wake[1], "x", 1);
    T.join();
    close(Wake[1]);
  }

private:
  int Sock = -1;
  int Wake[2] = {-1, -1};
  std::atomic<bool> Running{true};
  std::thread T;
};

void use_poll_self_pipe(PollSelfPipe &P) {
  P.start();
  P.stop();
}

// poll with a timeout returns by itself: fine.
class PollWithTimeout {
public:
  void start() {
    T = std::thread([this] {
      pollfd Fds[1] = {{Sock, POLLIN, 0}};
      while (Running)
        poll(Fds, 1, 100);
    });
  }
  void stop() {
    Running = false;
    T.join();
    close(Sock);
  }

private:
  int Sock = -1;
  std::atomic<bool> Running{true};
  std::thread T;
};

void use_poll_with_timeout(PollWithTimeout &P) {
  P.start();
  P.stop();
}

// A descriptor made non-blocking with fcntl: read does not park.
class NonBlockingReader {
public:
  void start() {
    fcntl(Fd, 4, 04000);
    T = std::thread([this] {
      char B[64];
      while (Running)
        read(Fd, B, sizeof B);
    });
  }
  void stop() {
    Running = false;
    T.join();
    close(Fd);
  }

private:
  int Fd = -1;
  std::atomic<bool> Running{true};
  std::thread T;
};

void use_non_blocking_reader(NonBlockingReader &R) {
  R.start();
  R.stop();
}

// recv with MSG_DONTWAIT does not park.
class DontWaitReader {
public:
  void start() {
    T = std::thread([this] {
      char B[64];
      while (Running)
        recv(Fd, B, sizeof B, MSG_DONTWAIT);
    });
  }
  void stop() {
    Running = false;
    T.join();
    close(Fd);
  }

private:
  int Fd = -1;
  std::atomic<bool> Running{true};
  std::thread T;
};

void use_dont_wait_reader(DontWaitReader &R) {
  R.start();
  R.stop();
}

// Reading until the other end closes, then joined: the peer ends the read,
// nothing in the program is known to hang.
void read_until_end_of_input(int Fd) {
  std::thread T([Fd] {
    char B[64];
    while (read(Fd, B, sizeof B) > 0) {
    }
  });
  T.join();
}

// The joiner closes a log file after the join, not the socket the thread
// reads: nothing says the join waits for that close.
class ClosesOtherDescriptor {
public:
  void start() {
    T = std::thread([this] {
      char B[64];
      while (recv(Sock, B, sizeof B, 0) > 0) {
      }
    });
  }
  void stop() {
    T.join();
    close(Log);
  }

private:
  int Sock = -1, Log = -1;
  std::thread T;
};

void use_closes_other_descriptor(ClosesOtherDescriptor &R) {
  R.start();
  R.stop();
}
