#pragma once
extern int errno;
#define EINTR 4
