#include <stdlib.h>

static const char *last_seen;

/* Reads the text and keeps nothing. */
void log_text(const char *text) {
  if (text)
    abort();
}

/* Keeps the text it is given: whoever passes it no longer owns it. */
void remember_text(const char *text) { last_seen = text; }
