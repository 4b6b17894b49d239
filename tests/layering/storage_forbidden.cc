// Compiled by ctest's layering.storage_forbidden with storage's include path: storage sits below
// the HTTP layer, so this include must not be found, and the test expects the compiler to fail.
#include "server/http/http_util.h"
