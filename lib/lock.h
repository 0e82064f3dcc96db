#ifndef LOCK_H
#define LOCK_H

#include <sys/types.h>

/*
 * lock: exclusive locks on single bytes of a file, taken through a
 * descriptor.  Where the system has open-file-description locks (Linux;
 * POSIX.1-2024 F_OFD_SETLK) a lock belongs to the open file: it is shared
 * with every process that inherits the descriptor and ends when the last
 * of them exits or closes it.  Elsewhere it is a POSIX.1-2008 record lock:
 * it belongs to the process, survives exec, is not inherited by fork and
 * ends when the process exits or closes any descriptor of the file.
 * Bytes past the end of the file can be locked.
 */

/* take byte off, waiting while another holder has it */
int lock_wait(int fd, off_t off);
/*
 * take byte off, waiting at most secs seconds (1 or more) while another
 * holder has it; -1 with ETIMEDOUT when it is still held then
 */
int lock_wait_for(int fd, off_t off, unsigned secs);
/* take byte off if no other holder has it; -1 with EAGAIN if one has */
int lock_try(int fd, off_t off);
/* release byte off */
int lock_drop(int fd, off_t off);
/* 1 if another holder has a byte of [off, off + len), 0 if none has */
int lock_held(int fd, off_t off, off_t len);
/* "ofd" or "posix": the kind of lock these calls take */
const char *lock_kind(void);

#endif
