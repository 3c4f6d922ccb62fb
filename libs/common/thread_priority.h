// The scheduling priority of the calling thread: background work (a long import) runs below the
// threads that answer requests, so that on a busy machine an answer waits less for the CPU.
#pragma once

namespace civitas {

// Raises the calling thread's nice value by `increment` (Linux: per thread; 10 is the usual
// "background" step). Best effort: a refusal leaves the thread as it was.
void LowerThisThreadsPriority(int increment);

}  // namespace civitas
