#ifndef SPAWN_H
#define SPAWN_H

#include <sys/types.h>
#include <signal.h>
#include <stddef.h>

/*
 * spawn: the one way the suite starts a program in a child.
 *
 * The reset policy, the suite's only one: a service starts clean,
 * whatever its starter inherited.  The child puts every signal in
 * sig_childreset() back to SIG_DFL (each one this process catches, and
 * each one found ignored with sig_note_ignored) and empties its signal
 * mask; gets back the descriptor limit the process started with
 * (os_nofile_raise); with ownfds, a descriptor table of its own that
 * holds fds 0 to max(fd0, fd1, 2, keep[i]) only, however many we have
 * open (on Linux, where its making costs nothing per descriptor;
 * elsewhere the others are close-on-exec anyway); fd0 and fd1 go on fds
 * 0 and 1 where they are not -1, keep[i] on fd 3 + i (each above
 * 2 + nkeep); then path
 * is exec'd with argv and envp (envp NULL: this environment).  A path
 * without a slash is looked up on PATH by execvp, with this environment
 * (envp is then ignored); a file without #! runs under /bin/sh.
 *
 * If the exec fails, the child writes errline (errlen bytes, 0: none) to
 * fd 2 and exits die_execcode(errno): 127 not found, 126 not runnable.
 */
struct spawn {
	const char *path;
	char *const *argv;
	char *const *envp;
	int fd0, fd1;
	int ownfds;		/* keep only fds 0 to max(fd0, fd1, 2, keep) */
	const int *keep;	/* nkeep descriptors the program gets as 3, 4... */
	int nkeep;
	const char *errline;
	size_t errlen;
};

/*
 * Start sp in a child (vfork where the system has it: nothing of ours
 * runs in the child before the exec).  Returns its pid, or -1 with errno
 * when no child could be made.  With execerr not NULL, *execerr is the
 * exec's errno once the child could not exec (the child has then exited
 * and is the caller's to reap), else 0; this costs a pipe where there is
 * no vfork.
 */
pid_t spawn_start(const struct spawn *sp, int *execerr);

/*
 * A child that only exits with code (vfork where the system has it): the
 * pid a listener reports for a connection that a link inside it ended.
 */
pid_t spawn_exit(int code);

/*
 * The two spawners spawn_start replaced, kept for code written against
 * them; new code calls spawn_start.  os_spawn: path with envp, sock on
 * fds 0 and 1, errline on a failed exec; sigs must be caught through
 * sig_catch.  os_spawnp: argv[0] on PATH, c0 and c1 (not -1) on fds 0
 * and 1, the signals in reset reset too; -1 with exec's errno when it
 * could not run (the child reaped).
 */
pid_t os_spawn(const char *path, char *const argv[], char *const envp[],
    int sock, const int *sigs, int nsig, const char *errline, size_t errlen);
pid_t os_spawnp(char *const argv[], int c0, int c1, const sigset_t *reset);

#endif
