// Compiled by ctest's layering.storage_allowed with storage's include path: a header of its
// own folder is found (the control for layering.storage_forbidden).
#include "storage/utc_time.h"
