// A library's error-propagation and precondition macros: their returns are
// ordinary returns (the caller goes on), unlike a test's fatal failure.
#ifndef MOCK_STATUS_H
#define MOCK_STATUS_H
void status_warn(const char *What);
#define RETURN_IF_ERROR(e)                                                     \
  do {                                                                         \
    int status_rc_ = (e);                                                      \
    if (status_rc_ != 0)                                                       \
      return status_rc_;                                                       \
  } while (0)
#define RETURN_IF_FAIL(e)                                                      \
  do {                                                                         \
    if (!(e)) {                                                                \
      status_warn(#e);                                                         \
      return;                                                                  \
    }                                                                          \
  } while (0)
#endif
