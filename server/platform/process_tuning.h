// Small adjustments of the running process that each platform makes its own way. None throws;
// each does what the platform allows and otherwise nothing (they tune, they are never needed for
// correctness).
#pragma once

namespace kibridge::platform {

// Lowers the calling thread's scheduling priority (and only this thread's), so a background pull
// yields the CPU to the threads answering KiCad. Linux: nice 10 for this thread (Linux applies
// nice values per thread). Windows: THREAD_PRIORITY_BELOW_NORMAL.
void lower_this_thread_priority();

// Raises the limit on open files to the most the process may have: each held connection is a
// file, and Linux's soft default (1024) is far below what the worker pool serves. Windows has no
// such per-process limit on sockets: nothing to do.
void raise_open_file_limit();

// Hands the allocator's free pages back to the operating system after a burst of large
// transient allocations (a library render builds many large strings): glibc keeps them
// otherwise, and the resident size stays at the burst's peak (malloc_trim). Windows' heap
// returns large blocks on its own: nothing to do.
void return_free_memory();

// Whether standard error is a terminal (a progress bar may redraw its line) rather than a file,
// a pipe or a Windows console redirected to either.
bool stderr_is_terminal();

}  // namespace kibridge::platform
