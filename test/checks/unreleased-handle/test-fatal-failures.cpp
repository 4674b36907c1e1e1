// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle -isystem %inputs/testing
// A test framework's fatal assertion (gtest's ASSERT_*, FAIL(), GTEST_SKIP())
// fails the test and leaves it by a `return` its macro writes: like a failed
// `assert`, that path reports nothing. A non-fatal EXPECT_* goes on, a
// library macro that returns a value or a bare `return;` is an ordinary
// return, and so is the return of the project's own assertion macro.
// (A descriptor passed to the framework's comparison, `ASSERT_GE(fd, 0)`,
// is no longer followed: a library function may keep an integer it is
// given. So the scenarios test the descriptor with plain conditions.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <status/status.h>
#include <sys/socket.h>
#include <unistd.h>

#define MY_ASSERT(c)                                                           \
  if (!(c))                                                                    \
  return

// socketpair's result is compared inside the framework: on the failure
// path the engine cannot tell that nothing was opened.
TEST(Sockets, no_leak_when_assert_eq_fails) {
  int fds[2];
  ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
  close(fds[0]);
  close(fds[1]);
}

TEST(Sockets, no_leak_when_later_assert_true_fails) {
  int fd = open("/tmp/x", O_RDONLY);
  if (fd < 0)
    return;
  char buf[4];
  ASSERT_TRUE(read(fd, buf, sizeof buf) == 4);
  close(fd);
}

TEST(Sockets, no_leak_on_fail_or_skip) {
  int fd = open("/tmp/x", O_RDONLY);
  if (fd < 0)
    return;
  char buf[4];
  if (read(fd, buf, sizeof buf) < 0)
    FAIL();
  if (buf[0] == 0)
    GTEST_SKIP();
  close(fd);
}

// A helper that asserts: its fatal failure returns from the helper only,
// and that return reports nothing either.
void no_leak_helper_asserting(const char *path, int n) {
  int fd = open(path, O_RDONLY);
  ASSERT_TRUE(fd >= 0);
  ASSERT_GE(n, 1);
  close(fd);
}

// Inside a lambda of a test.
TEST(Sockets, no_leak_assert_in_lambda) {
  auto f = [](const char *path) {
    int fd = open(path, O_RDONLY);
    ASSERT_TRUE(fd >= 0);
    ASSERT_TRUE(path[0] == '/');
    close(fd);
  };
  f("/tmp/x");
}

// A failed EXPECT_* does not end the test: the descriptor is lost at the
// end of the function.
TEST(Sockets, leaks_after_nonfatal_expect) {
  int fd = open("/tmp/x", O_RDONLY);
  ASSERT_TRUE(fd >= 0);
  char buf[4];
  EXPECT_TRUE(read(fd, buf, sizeof buf) == 4);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fd' opened by 'open' is leaked when 'fd' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:12: note: file descriptor opened here by 'open'

// Every assertion passes, and nothing closes the descriptor.
TEST(Sockets, leaks_when_asserts_pass) {
  int fds[2];
  ASSERT_EQ(0, pipe(fds));
  close(fds[0]);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file descriptor 'fds[1]' opened by 'pipe' is leaked when 'fds' goes out of scope; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-4]]:21: note: file descriptor opened here by 'pipe'

// The project's own assertion macro returns like any return.
void leaks_on_own_assert_macro(const char *path, int n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return;
  MY_ASSERT(n > 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
  // CHECK-MESSAGES: :[[@LINE-5]]:12: note: file descriptor opened here by 'open'
  close(fd);
}

// A library macro that propagates an error returns to a caller that goes
// on: the descriptor is lost.
int leaks_on_library_error_return(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  char buf[4];
  RETURN_IF_ERROR(read(fd, buf, sizeof buf) == 4 ? 0 : -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
  // CHECK-MESSAGES: :[[@LINE-6]]:12: note: file descriptor opened here by 'open'
  close(fd);
  return 0;
}

// A library's precondition check with a bare `return;`.
void leaks_on_library_bare_return(const char *path, int n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return;
  RETURN_IF_FAIL(n > 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
  // CHECK-MESSAGES: :[[@LINE-5]]:12: note: file descriptor opened here by 'open'
  close(fd);
}
