#pragma once
typedef struct _IO_FILE FILE;
typedef __SIZE_TYPE__ size_t;
#ifdef __cplusplus
extern "C" {
#endif
extern FILE *stdin, *stdout, *stderr;
FILE *fopen(const char *, const char *);
FILE *fdopen(int, const char *);
FILE *freopen(const char *, const char *, FILE *);
FILE *tmpfile(void);
FILE *popen(const char *, const char *);
FILE *fmemopen(void *, size_t, const char *);
FILE *open_memstream(char **, size_t *);
int fclose(FILE *);
int pclose(FILE *);
int fileno(FILE *);
int fprintf(FILE *, const char *, ...);
int printf(const char *, ...);
int fputs(const char *, FILE *);
char *fgets(char *, int, FILE *);
size_t fread(void *, size_t, size_t, FILE *);
size_t fwrite(const void *, size_t, size_t, FILE *);
int fflush(FILE *);
int ferror(FILE *);
int setvbuf(FILE *, char *, int, size_t);
int puts(const char *);
#ifdef __cplusplus
}
#endif
