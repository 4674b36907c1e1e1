// Shared declarations of the example service.
#pragma once
#ifdef __cplusplus
extern "C" {
#endif

struct request {
  char *path;
  char *body;
  int length;
};

/* request_parser.c */
struct request *parse_request(const char *raw);
void free_request(struct request *r);
int count_headers(const char *raw);
char *copy_path_checked(const char *raw);

/* config_loader.c */
int load_config(const char *path, char *out, int size);
int count_plugins(const char *dir);

#ifdef __cplusplus
}
#endif
