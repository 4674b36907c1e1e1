#pragma once
#define EFD_NONBLOCK 2048
#ifdef __cplusplus
extern "C" {
#endif
int eventfd(unsigned, int);
#ifdef __cplusplus
}
#endif
