#ifndef SIG_H
#define SIG_H

#include <signal.h>

#define SIG_MAX 65	/* above every signal number Linux and the BSDs use */

/* read end of the self-pipe; each caught signal writes its number there */
extern int sig_pipe;
/* create the self-pipe (nonblocking, close-on-exec) */
int sig_pipe_init(void);
/* route sig into the self-pipe */
int sig_catch(int sig);
/* install handler for sig (SA_RESTART, full mask while it runs) */
int sig_handle(int sig, void (*handler)(int));
/*
 * The signals a child must put back to SIG_DFL before it execs: each one
 * sig_handle (or sig_catch) installed a handler for, and each one
 * sig_note_ignored found ignored; sig_defaults empties it.
 */
const sigset_t *sig_childreset(void);
/* read one caught signal number from the self-pipe; 0 when none is left */
int sig_next(void);
/* sig back to SIG_DFL (async-signal-safe: a handler or a child may call it) */
int sig_default(int sig);
/* every signal back to SIG_DFL, the mask left as it is */
void sig_defaults(void);
/* add sig to sig_childreset (one the caller set up without sig_handle) */
void sig_note_reset(int sig);
/* add the signals ignored now (found, say, under nohup) to sig_childreset */
void sig_note_ignored(void);
/* unblock every signal */
void sig_unblock_all(void);
/* block every signal, the mask before into old (for a window such as a fork) */
void sig_block_all(sigset_t *old);
/* restore a mask saved by sig_block_all */
void sig_setmask(const sigset_t *old);
/* the signal's name without "SIG" ("TERM"), or its number as text */
const char *sig_name(int sig);

#endif
