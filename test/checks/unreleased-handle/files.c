// RUN: %check_leak %s leak-unreleased-handle %t -- -isystem %inputs/unreleased-handle
// FILE * streams: acquired by fopen and its relatives, released by fclose
// (pclose for popen). Library functions that use a stream without keeping
// it (fileno, fprintf, fread, fgets) lend it: the caller still owns it.
#include <stdio.h>
#include <stdlib.h>

int leaks_on_error_return(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  char line[64];
  if (!fgets(line, sizeof line, f))
    return -2;
  fclose(f);
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-4]]:5: warning: file 'f' opened by 'fopen' is leaked when the function returns; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:13: note: file opened here by 'fopen'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 'f' is not null
// CHECK-MESSAGES: :[[@LINE-8]]:7: note: assuming 'fgets(line, sizeof line, f)' is null

int no_leak_closed_on_every_path(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -1;
  char line[64];
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return -2;
  }
  fclose(f);
  return 0;
}

int leaks_after_fileno(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  return fileno(f);
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file 'f' opened by 'fopen' is leaked when the function returns; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: file opened here by 'fopen'
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'f' is not null

void leaks_after_fprintf(const char *path) {
  FILE *f = fopen(path, "w");
  if (f)
    fprintf(f, "%d\n", 1);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file 'f' opened by 'fopen' is leaked when 'f' goes out of scope; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: file opened here by 'fopen'
// CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming 'f' is not null

void leaks_result_never_stored(const char *path) {
  fopen(path, "w");
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file opened by 'fopen' is leaked: the result is never stored or closed [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-3]]:3: note: file opened here by 'fopen'

FILE *no_leak_returned_to_caller(const char *path) {
  FILE *f = fopen(path, "r");
  if (f)
    fprintf(f, "opened\n");
  return f;
}

void leaks_caller_of_opener(void) {
  FILE *f = no_leak_returned_to_caller("x");
  fputs("y", f);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file 'f' opened by 'no_leak_returned_to_caller' is leaked when 'f' goes out of scope; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-4]]:13: note: file opened here by 'no_leak_returned_to_caller'

FILE *saved_stream;

void no_leak_stored_in_global(const char *path) {
  saved_stream = fopen(path, "a");
}

struct logger {
  FILE *out;
};

int no_leak_stored_through_out_parameter(struct logger *l, const char *p) {
  FILE *f = fopen(p, "a");
  if (!f)
    return -1;
  l->out = f;
  return 0;
}

void leaks_when_overwritten(const char *a, const char *b) {
  FILE *f = fopen(a, "r");
  f = fopen(b, "r");
  if (f)
    fclose(f);
}
// CHECK-MESSAGES: :[[@LINE-4]]:3: warning: file 'f' opened by 'fopen' is leaked when 'f' is overwritten; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-6]]:13: note: file opened here by 'fopen'

int no_leak_goto_cleanup(const char *a, const char *b) {
  int rc = -1;
  FILE *in = fopen(a, "r");
  FILE *out = NULL;
  if (!in)
    goto done;
  out = fopen(b, "w");
  if (!out)
    goto done;
  rc = 0;
done:
  if (out)
    fclose(out);
  if (in)
    fclose(in);
  return rc;
}

int leaks_goto_cleanup_forgets_one(const char *a, const char *b) {
  int rc = -1;
  FILE *in = fopen(a, "r");
  FILE *out = NULL;
  if (!in)
    goto done;
  out = fopen(b, "w");
  if (!out)
    goto done;
  rc = 0;
done:
  if (in)
    fclose(in);
  return rc;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file 'out' opened by 'fopen' is leaked when the function returns; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-10]]:9: note: file opened here by 'fopen'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 'out' is not null
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'in' is not null

int leaks_popen_stream(const char *cmd) {
  FILE *p = popen(cmd, "r");
  if (!p)
    return -1;
  char buf[32];
  return fgets(buf, sizeof buf, p) != NULL;
}
// CHECK-MESSAGES: :[[@LINE-2]]:3: warning: file 'p' opened by 'popen' is leaked when the function returns; close it with 'pclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-7]]:13: note: file opened here by 'popen'
// CHECK-MESSAGES: :[[@LINE-7]]:7: note: assuming 'p' is not null

int no_leak_popen_pclosed(const char *cmd) {
  FILE *p = popen(cmd, "r");
  if (!p)
    return -1;
  return pclose(p);
}

void leaks_tmpfile(void) {
  FILE *t = tmpfile();
  if (t)
    fwrite("x", 1, 1, t);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file 't' opened by 'tmpfile' is leaked when 't' goes out of scope; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-5]]:13: note: file opened here by 'tmpfile'
// CHECK-MESSAGES: :[[@LINE-5]]:7: note: assuming 't' is not null

void leaks_memory_streams(char *buf, size_t n) {
  char *text;
  size_t len;
  FILE *m = fmemopen(buf, n, "r");
  FILE *s = open_memstream(&text, &len);
  if (s) {
    fputs("x", s);
    fclose(s);
    free(text);
  }
  if (m)
    fflush(m);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: warning: file 'm' opened by 'fmemopen' is leaked when 'm' goes out of scope; close it with 'fclose' first [leak-unreleased-handle]
// CHECK-MESSAGES: :[[@LINE-11]]:13: note: file opened here by 'fmemopen'
// CHECK-MESSAGES: :[[@LINE-10]]:7: note: assuming 's' is null
// CHECK-MESSAGES: :[[@LINE-6]]:7: note: assuming 'm' is not null

void no_leak_freopen_standard_stream(const char *path) {
  if (!freopen(path, "r", stdin))
    return;
}

int no_leak_fdopen_closes_through_stream(int fd) {
  FILE *f = fdopen(fd, "r");
  if (!f)
    return -1;
  fclose(f);
  return 0;
}

void no_leak_setvbuf_on_stream(const char *path, char *buf) {
  FILE *f = fopen(path, "w");
  if (!f)
    return;
  setvbuf(f, buf, 0, 64);
  fclose(f);
}
