#pragma once
typedef struct __dirstream DIR;
struct dirent {
  char d_name[256];
};
#ifdef __cplusplus
extern "C" {
#endif
DIR *opendir(const char *);
DIR *fdopendir(int);
struct dirent *readdir(DIR *);
int dirfd(DIR *);
void rewinddir(DIR *);
int closedir(DIR *);
#ifdef __cplusplus
}
#endif
