#include "BlockedThreadCheck.h"
