#include "libs/common/thread_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace civitas {

void RunThisThreadAtNice(int level) {
  // On Linux, PRIO_PROCESS with a thread id reads and sets that thread's nice value alone.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if ((now == -1 && errno != 0) || now >= level) return;
  setpriority(PRIO_PROCESS, tid, level);
}

}  // namespace civitas
