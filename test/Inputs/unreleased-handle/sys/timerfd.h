#pragma once
#define CLOCK_MONOTONIC 1
#ifdef __cplusplus
extern "C" {
#endif
int timerfd_create(int, int);
#ifdef __cplusplus
}
#endif
