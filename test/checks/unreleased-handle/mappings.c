// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// Mappings: mmap acquires, munmap releases; MAP_FAILED, not null, is the
// value of a failed mmap, so a branch on it ends tracking.
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

long leaks_mapping_on_return(int fd, size_t n) {
  char *p = mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return -1;
  return p[0];
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: mapping 'p' mapped by 'mmap' is leaked when the function returns; unmap it with 'munmap' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: mapping mapped here by 'mmap'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'p' is not 'MAP_FAILED'

long no_leak_mapping_unmapped(int fd, size_t n) {
  char *p = mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return -1;
  long v = p[0];
  munmap(p, n);
  return v;
}

int leaks_mapping_after_msync_error(int fd, size_t n) {
  void *p = mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return -1;
  if (msync(p, n, 0) != 0)
    return -2;
  return munmap(p, n);
}
// CHECK-MESSAGES: :[[@LINE-3]]:5: warning: mapping 'p' mapped by 'mmap' is leaked when the function returns; unmap it with 'munmap' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-8]]:13: note: mapping mapped here by 'mmap'
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 'p' is not 'MAP_FAILED'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming the condition is true

void *no_leak_mapping_returned(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return MAP_FAILED;
  return mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
}
