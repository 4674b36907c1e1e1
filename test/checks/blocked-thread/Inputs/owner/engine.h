void *engine_init(void);
void *storage_init(void);
