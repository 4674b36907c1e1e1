#include "RetainedSubviewCheck.h"
