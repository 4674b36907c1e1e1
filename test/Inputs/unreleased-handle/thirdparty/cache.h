#pragma once
/* A library installed as a system header that is not the platform's: its
   functions keep what they are given unless they take it as const. */
void cache_put(const char *key, void *value);
int cache_hash(const char *key);
