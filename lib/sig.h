#ifndef SIG_H
#define SIG_H

#include <signal.h>

/* read end of the self-pipe; each caught signal writes its number there */
extern int sig_pipe;

/* create the self-pipe (nonblocking, close-on-exec) */
int sig_pipe_init(void);
/* route sig into the self-pipe */
int sig_catch(int sig);
/* install handler for sig (SA_RESTART, full mask while it runs) */
int sig_handle(int sig, void (*handler)(int));
/* read one caught signal number from the self-pipe; 0 when none is left */
int sig_next(void);
/* every signal back to SIG_DFL and an empty mask, as a child should start */
void sig_restore(void);
/* every signal back to SIG_DFL, the mask left as it is */
void sig_defaults(void);
/* unblock every signal */
void sig_unblock_all(void);
/* block or unblock every signal (for a window that must not be interrupted) */
void sig_block_all(sigset_t *old);
/* restore a mask saved by sig_block_all */
void sig_setmask(const sigset_t *old);
/* the signal's name without "SIG" ("TERM"), or its number as text */
const char *sig_name(int sig);

#endif
