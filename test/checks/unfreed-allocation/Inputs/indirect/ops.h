#include <stddef.h>

struct sink_ops {
  void *(*make)(size_t);
  void (*put)(char *);
  void (*drop)(void *);
};

extern const struct sink_ops log_ops;
extern void (*on_done)(char *);
extern void (*on_error)(char *);
void set_error_handler(void (*f)(char *));
