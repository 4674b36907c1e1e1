// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
// Arrays of owned pointers: blocks stored into the elements of an array
// whose elements a loop releases before the array itself is released (the
// error path of a parser, of a growing list) are released with it, however
// many times the loop runs on the path the analysis follows (the count of
// stored elements and the loop's bound go together).
#include <stdlib.h>
#include <string.h>

struct request {
  int nquestions;
  char **questions;
};

void consume(struct request *r);

// Each question is stored at questions[nquestions++]; the error path frees
// questions[0 .. nquestions-1], then the array.
int parse_request(int count, const char **names) {
  int i;
  struct request *r = malloc(sizeof *r);
  if (r == NULL)
    return -1;
  memset(r, 0, sizeof *r);
  r->questions = calloc(count, sizeof(char *));
  if (r->questions == NULL)
    goto err;
  for (i = 0; i < count; ++i) {
    if (names[i] == NULL)
      goto err;
    char *q = malloc(strlen(names[i]) + 1);
    if (!q)
      goto err;
    strcpy(q, names[i]);
    r->questions[r->nquestions++] = q;
  }
  consume(r);
  return 0;
err:
  if (r->questions) {
    for (i = 0; i < r->nquestions; ++i)
      free(r->questions[i]);
    free(r->questions);
  }
  free(r);
  return -1;
}

// A local array grown by realloc, one element per round; on failure the
// loop frees the elements stored so far, then the array.
int list_files(const char **names, int n, char ***out, int *out_count) {
  char **files = NULL;
  int count = 0;
  int i;
  for (int k = 0; k < n; k++) {
    count++;
    char **tmp = realloc(files, (size_t)count * sizeof(char *));
    if (!tmp) {
      for (i = 0; i < count - 1; i++)
        free(files[i]);
      free(files);
      return 1;
    }
    files = tmp;
    files[count - 1] = malloc(strlen(names[k]) + 1);
    if (!files[count - 1]) {
      for (i = 0; i < count - 1; i++)
        free(files[i]);
      free(files);
      return 1;
    }
    strcpy(files[count - 1], names[k]);
  }
  *out = files;
  *out_count = count;
  return 0;
}

// Leaks: the error path releases the array without its elements.
int parse_request_leaky(int count, const char **names) {
  struct request *r = malloc(sizeof *r);
  if (r == NULL)
    return -1;
  memset(r, 0, sizeof *r);
  r->questions = calloc(count, sizeof(char *));
  if (r->questions == NULL)
    goto err;
  for (int i = 0; i < count; ++i) {
    if (names[i] == NULL)
      goto err;
    char *q = malloc(strlen(names[i]) + 1);
    if (!q)
      goto err;
    strcpy(q, names[i]);
    r->questions[r->nquestions++] = q;
  }
  consume(r);
  return 0;
err:
  free(r->questions);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'q' is leaked when 'r->questions' is released; release it with 'free' first
  // CHECK-MESSAGES: :[[@LINE-11]]:15: note: memory allocated here by 'malloc'
  free(r);
  return -1;
}

// Leaks: a loop frees the elements on one error path, but another error
// path releases the array alone.
int list_files_leaky(const char **names, int n, char ***out) {
  char **files = calloc(n, sizeof(char *));
  if (!files)
    return 1;
  for (int k = 0; k < n; k++) {
    files[k] = malloc(strlen(names[k]) + 1);
    if (!files[k]) {
      for (int i = 0; i < k; i++)
        free(files[i]);
      free(files);
      return 1;
    }
    if (names[k][0] == '\0') {
      free(files);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: memory pointed to by 'files[k]' is leaked when 'files' is released; release it with 'free' first
      // CHECK-MESSAGES: :[[@LINE-10]]:16: note: memory allocated here by 'malloc'
      return 2;
    }
    strcpy(files[k], names[k]);
  }
  *out = files;
  return 0;
}
