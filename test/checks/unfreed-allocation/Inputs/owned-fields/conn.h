struct conn {
  char *name;
  char *alias;
  char *tag;
};
struct conn *conn_new(const char *n);
void conn_free(struct conn *c);
void conn_drop_alias(struct conn *c);

extern char *last_error;
extern char *last_warning;
void set_error(const char *m);
void clear_error(void);
