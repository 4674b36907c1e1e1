// RUN: %check_leak --fixes %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// The driver offers the same three fixes (--export-fixes).
// RUN: not %leakhound --quiet -j 1 --checks=-*,leak-unreleased-handle --export-fixes=%t.yaml %s -- -isystem %inputs/unreleased-handle > /dev/null
// RUN: grep -c ReplacementText %t.yaml | FileCheck %s --check-prefix=DRIVER-FIXES
// DRIVER-FIXES: 3
// A fix-it inserts the release before the return that loses the handle,
// where that is mechanical: the return stands in a block, the handle is
// open on every path reaching it and named by a local variable, and the
// return value does not use it. Elsewhere the message says how to fix.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int fix_inserts_close(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (read(fd, buf, 4) != 4) {
    return -2;
  }
  close(fd);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-5]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming the condition is true
// CHECK-FIXES: {{^}}    close(fd);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -2;{{$}}

int fix_inserts_fclose(const char *path, char *buf) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  if (!fgets(buf, 8, f)) {
    return -2;
  }
  fclose(f);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-5]]:5: warning: file 'f' opened by 'fopen' is leaked when the function returns; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:13: note: file opened here by 'fopen'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 'f' is not null
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'fgets(buf, 8, f)' is null
// CHECK-FIXES: {{^}}    fclose(f);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -2;{{$}}

int no_fix_return_without_braces(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (read(fd, buf, 4) != 4)
    return -2;
  close(fd);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-9]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-9]]:7: note: assuming 'fd' is not negative
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming the condition is true
// CHECK-FIXES: {{^}}  if (read(fd, buf, 4) != 4){{$}}
// CHECK-FIXES-NEXT: {{^}}    return -2;{{$}}

int no_fix_return_uses_descriptor(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  {
    return (int)read(fd, buf, 4);
  }
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-8]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 'fd' is not negative
// CHECK-FIXES: {{^}}    return (int)read(fd, buf, 4);{{$}}

int no_fix_maybe_not_open(const char *path) {
  int fd = open(path, O_RDONLY);
  write(fd, "x", 1);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:12: note: file descriptor opened here by 'open'
// CHECK-FIXES: {{^}}  write(fd, "x", 1);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return 0;{{$}}

/* The path tests the result of a function of another file: the driver
   still offers the fix (it does not send the finding through the merge). */
int header_is_valid(const char *buf);

int fix_kept_when_path_reads_other_file(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (read(fd, buf, 4) != 4) {
    close(fd);
    return -3;
  }
  if (!header_is_valid(buf)) {
    return -4;
  }
  close(fd);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-5]]:5: warning: file descriptor 'fd' opened by 'open' is leaked when the function returns; close it with 'close' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-14]]:12: note: file descriptor opened here by 'open'
// CHECK-MESSAGES: :[[@LINE-14]]:7: note: assuming 'fd' is not negative
// CHECK-FIXES: {{^}}  if (!header_is_valid(buf)) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    close(fd);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -4;{{$}}
