#include "memory_policy.h"

#include <malloc.h>

namespace moddesk::ui {

void setMemoryPolicy()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 * 1024); // also turns glibc's moving threshold off
#endif
}

} // namespace moddesk::ui
