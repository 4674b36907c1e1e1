#pragma once
#include <cstddef>
extern "C" ssize_t recv(int fd, void *buf, size_t n, int flags);
