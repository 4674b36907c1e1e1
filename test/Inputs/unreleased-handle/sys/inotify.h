#pragma once
#define IN_NONBLOCK 2048
#ifdef __cplusplus
extern "C" {
#endif
int inotify_init(void);
int inotify_init1(int);
int inotify_add_watch(int, const char *, unsigned);
#ifdef __cplusplus
}
#endif
