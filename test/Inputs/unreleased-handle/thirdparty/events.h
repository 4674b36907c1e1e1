#pragma once
/* An event library installed as a system header: it keeps the descriptor
   it is asked to watch. */
void events_watch(int fd, int what);
