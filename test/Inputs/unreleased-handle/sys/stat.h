#pragma once
struct stat {
  long st_size;
};
#ifdef __cplusplus
extern "C" {
#endif
int fstat(int, struct stat *);
#ifdef __cplusplus
}
#endif
