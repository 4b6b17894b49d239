#include "server/platform/process_tuning.h"

#ifdef _WIN32
#include <io.h>
#include <windows.h>

#include <cstdio>
#else
#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace kibridge::platform {

#ifdef _WIN32

void lower_this_thread_priority() { ::SetThreadPriority(::GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL); }
void raise_open_file_limit() {}
void return_free_memory() {}
bool stderr_is_terminal() { return ::_isatty(::_fileno(stderr)) != 0; }

#else

void lower_this_thread_priority() { ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10); }

void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

void return_free_memory() { ::malloc_trim(0); }

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

#endif

}  // namespace kibridge::platform
