#pragma once
typedef struct FILE FILE;
#ifdef __cplusplus
extern "C" {
#endif
int printf(const char *, ...);
int fprintf(FILE *, const char *, ...);
int puts(const char *);
int fputs(const char *, FILE *);
int snprintf(char *, __SIZE_TYPE__, const char *, ...);
FILE *fopen(const char *, const char *);
int fclose(FILE *);
extern FILE *stderr;
#ifdef __cplusplus
}
#endif
