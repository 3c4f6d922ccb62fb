// The scheduling priority of the calling thread: background work (a long import) runs below the
// threads that answer requests, so that on a busy machine an answer waits less for the CPU.
#pragma once

namespace civitas {

// Sets the calling thread's nice value to at least `level` (Linux: per thread; 10 is the usual
// "background" level). Absolute, so calling it again on a pooled thread changes nothing; threads
// the caller starts afterwards inherit it. Best effort: a refusal leaves the thread as it was.
void RunThisThreadAtNice(int level);

}  // namespace civitas
