/*
 * lnk_access: the logic of svc-access, a link of the chain: allow or deny
 * one connection by address rules, and set or unset environment
 * variables by rule.  Called by svc-access's main, which then execs the
 * rest of the command line, and by svc-listend's child when it runs the
 * chain in-process.  The rules are a text file of ours or of tcprules'
 * (-f), the cdb that tcprules compiles (-x), or an index of ours (-i,
 * compiled by -c for large lists); each is read anew for every
 * connection, so a change takes effect on the next one.
 *
 * Reads TCPREMOTEIP (required), TCPREMOTEPORT (for log lines),
 * TCPREMOTEHOST and TCPREMOTEINFO (for tcprules' =host and info@ rules).
 * Sets and unsets what the matching rule says.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cdb.h"
#include "cidr.h"
#include "die.h"
#include "fd.h"
#include "link.h"
#include "prog.h"
#include "ruleidx.h"
#include "rules.h"
#include "scan.h"

#define USAGE "svc-access [-qvX] {-f rules | -x rules.cdb | -i index} " \
    "prog [arg ...] | svc-access -c rules index"
#define OPTSTR "cf:i:qvXx:"

#define DENIED 100		/* exit status of a denied connection */
#define DATAMAX 65536		/* bytes of a tcprules cdb record */
#define NAMEMAX 1100	/* "FILE:LINE" or "FILE:KEY" in a log line */

enum { TEXT = 'f', CDB = 'x', INDEX = 'i' };

static int mode, compile, absent_ok;
static const char *path;

/* what the connection came to, for the log line */
struct verdict {
	int deny, code;
	const struct rule *rule;	/* NULL: none matched, or an error */
	char name[NAMEMAX];		/* the rule's place; "" for none */
	const char *error;		/* why the file could not be used */
};

static struct rule rule, scratch;
static struct rules_client client;

static const struct prog_info proginfo = { "svc-access", NULL, USAGE,
	    "Allow or deny this connection by the first rule that matches\n"
	    "its address, apply the rule's environment changes, run prog.\n"
	    "  -f rules      a text file, ours or tcprules' (told apart by\n"
	    "                its first rule line), read per connection\n"
	    "  -x rules.cdb  the cdb tcprules compiled, read per connection\n"
	    "  -i index      an index compiled by svc-access -c\n"
	    "  -X            allow when the rules file does not exist\n"
	    "  -c            compile the rules file (ours) into index, "
	    "atomically\n"
	    "  -q            no deny lines\n"
	    "  -v            log allowed connections too\n"
	    "  --help, --version\n"
	    "Ours: ADDR[/LEN] or *, allow or deny, then VAR=value and -VAR\n"
	    "(allow) or \"message\" (deny); the longest prefix wins; no "
	    "match: deny.\n"
	    "tcprules': tcpserver's search order; no match: allow.\n"
	    "Exit: 100 denied or bad usage, 111 rules unreadable, 126/127\n"
	    "prog not runnable/not found, else prog's own status.\n",
};

static char **
parse(int argc, char *argv[])
{
	int ch;

	mode = compile = absent_ok = 0;	/* a chain may hold two */
	path = NULL;
	opterr = 0;
	while ((ch = getopt(argc, argv, OPTS_FIRST OPTSTR)) != -1) {
		switch (ch) {
		case 'f':
		case 'x':
		case 'i':
			if (mode != 0)
				die(DIE_PERM, "one of -f, -x and -i");
			if (*optarg == '\0')
				die(DIE_PERM, "-%c wants a file name", ch);
			mode = ch;
			path = optarg;
			break;
		case 'c': compile = 1; break;
		case 'X': absent_ok = 1; break;
		case 'q': log_level = 0; break;
		case 'v': log_level = 2; break;
		default:
			die_opt(USAGE, OPTSTR);
		}
	}
	argv += optind;
	if (compile) {
		if (mode != 0 || argv[0] == NULL || argv[1] == NULL ||
		    argv[2] != NULL)
			die(DIE_PERM, "-c wants a rules file and an index file "
			    "name, and no other option but -v");
		return argv;
	}
	if (argv[0] == NULL)
		die_usage(USAGE);
	if (mode == 0)
		die(DIE_PERM, "no rules: use -f, -x or -i");
	return argv;
}

static void
do_compile(char *argv[])
{
	const char *err = NULL;
	unsigned long line = 0;
	long n;

	n = ruleidx_write(argv[0], argv[1], &line, &err);
	if (n == -2)
		die(DIE_PERM, "%s:%lu: %s", die_q(argv[0]), line, err);
	if (n == -1)
		die_sys(DIE_TEMP, "unable to compile %s into %s",
		    die_q(argv[0]), die_q(argv[1]));
	debug("compiled rules=%ld index=%s", n, die_q(argv[1]));
}

static void
log_verdict(const struct verdict *v, const unsigned char addr[16])
{
	char mem[1536], ip[CIDR_TEXTLEN];
	const char *port = getenv("TCPREMOTEPORT");
	unsigned long p;
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	buf_puts(&b, PROG);
	buf_puts(&b, v->deny ? ": deny remote=" : ": allow remote=");
	(void)cidr_fmt(addr, 128, ip, sizeof ip);
	if (!cidr_is4(addr))
		buf_puts(&b, "[");
	buf_puts(&b, ip);
	if (!cidr_is4(addr))
		buf_puts(&b, "]");
	if (port != NULL && scan_range(port, 0, 65535, &p) == 0) {
		buf_puts(&b, ":");
		buf_putu(&b, p);
	}
	if (v->name[0] != '\0') {
		buf_puts(&b, " rule=");
		buf_putv(&b, v->name);
	} else if (v->error == NULL)
		buf_puts(&b, " rule=default");
	if (v->error != NULL) {
		if (v->name[0] == '\0') {
			buf_puts(&b, " file=");
			buf_putv(&b, path);
		}
		buf_puts(&b, " error=");
		buf_putv(&b, v->error);
	}
	buf_endline(&b);
	die_writeline(b.p, b.len);
}

/* "FILE:LINE" for the verdict's name */
static void
name_line(struct verdict *v, const char *file, unsigned long line)
{
	(void)snprintf(v->name, sizeof v->name, "%.1024s:%lu", file, line);
}

/* a system error on the rules file: deny; 111 unless it is not there */
static void
file_error(struct verdict *v, int err)
{
	v->deny = 1;
	v->code = err == ENOENT || err == EBADMSG || err == EPROTO ||
	    err == EFBIG ? DENIED : DIE_TEMP;
	if (err == EBADMSG)
		v->error = "truncated or damaged";
	else if (err == EPROTO)
		v->error = mode == CDB ? "an svc-access index, not a "
		    "tcprules cdb: use -i" : "not an svc-access index";
	else
		v->error = strerror(err);
}

static void
judge_text(int fd, struct verdict *v)
{
	const char *err = NULL;
	int kind, r;

	r = rules_lookup(fd, &client, &rule, &scratch, &kind, &err);
	if (r == -1) {
		file_error(v, errno);
		return;
	}
	if (r == -2) {
		v->deny = 1;
		v->error = err;
		name_line(v, path, rule.line);
		return;
	}
	if (r == 1) {
		v->rule = &rule;
		v->deny = rule.deny;
		name_line(v, path, rule.line);
	} else
		v->deny = kind != RULES_TCP;	/* tcpserver's default */
}

static void
judge_cdb(int fd, struct verdict *v)
{
	static char data[DATAMAX];
	struct cdb db;
	uint32_t pos, len;
	size_t i;
	int r = 0;

	if (cdb_init(&db, fd) == -1 ||
	    (r = cdb_find(&db, "svc-access index", 16, &pos, &len)) != 0) {
		file_error(v, r == 1 ? EPROTO : errno);
		return;
	}
	for (i = 0; i < client.nkeys; i++) {
		r = cdb_find(&db, client.buf + client.off[i], client.len[i],
		    &pos, &len);
		if (r == -1 || (r == 1 && len > sizeof data)) {
			file_error(v, r == -1 ? errno : EBADMSG);
			return;
		}
		if (r == 1)
			break;
	}
	if (r == 0)
		return;			/* tcpserver's default: allow */
	if (cdb_read(&db, data, len, pos) == -1 ||
	    rules_decode_tcp(data, len, &rule) == -1) {
		file_error(v, errno);
		return;
	}
	v->rule = &rule;
	v->deny = rule.deny;
	(void)snprintf(v->name, sizeof v->name, "%.1024s:%.*s", path,
	    (int)client.len[i], client.buf + client.off[i]);
}

static void
judge_index(int fd, struct verdict *v)
{
	static struct ruleidx x;
	int r;

	if (ruleidx_open(&x, fd) == -1 ||
	    (r = ruleidx_find(&x, client.addr, &rule)) == -1) {
		file_error(v, errno);
		return;
	}
	v->deny = 1;
	if (r == 1) {
		v->rule = &rule;
		v->deny = rule.deny;
		name_line(v, x.src, rule.line);
	}
}

/* the rule's "+VAR=value" and "-VAR" entries, in order */
static void
apply_env(const struct rule *r)
{
	char name[RULES_ENVMAX];
	const char *e, *eq;
	size_t i, n;

	for (i = 0; i < r->envlen; i += n + 1) {
		e = r->env + i;
		n = strlen(e);
		if (e[0] == '-' && unsetenv(e + 1) == -1)
			die_sys(DIE_TEMP, "unable to unset %s", die_q(e + 1));
		/* a name setenv(3) refuses is no variable: skipped */
		if (e[0] != '+' || (eq = strchr(e, '=')) == NULL || eq == e + 1)
			continue;
		memcpy(name, e + 1, (size_t)(eq - e - 1));
		name[eq - e - 1] = '\0';
		if (setenv(name, eq + 1, 1) == -1)
			die_sys(DIE_TEMP, "unable to set %s", die_q(name));
	}
}

/*
 * The whole of svc-access but the exec: parse argv, decide, and return
 * the argv to exec next, or NULL with the exit status in *code.  It sets
 * the environment: only ever run in a process of the connection's own.
 */
static char **
run(int argc, char *argv[], int *code)
{
	struct verdict v;
	unsigned char addr[16];
	const char *ip;
	char **next;
	int fd;

	next = parse(argc, argv);
	if (compile) {
		do_compile(next);
		*code = 0;
		return NULL;
	}
	if ((ip = getenv("TCPREMOTEIP")) == NULL)
		die(DIE_PERM, "TCPREMOTEIP unset (run under svc-listen or "
		    "another UCSPI server)");
	if (cidr_addr(ip, addr) == -1)
		die(DIE_PERM, "TCPREMOTEIP is not an address: %s", die_q(ip));
	rules_client_init(&client, addr, getenv("TCPREMOTEHOST"),
	    getenv("TCPREMOTEINFO"));
	memset(&v, 0, sizeof v);
	v.code = DENIED;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		if (errno == ENOENT && absent_ok)
			v.error = NULL;		/* -X: no rules, allow */
		else
			file_error(&v, errno);
	} else {
		if (mode == TEXT)
			judge_text(fd, &v);
		else if (mode == CDB)
			judge_cdb(fd, &v);
		else
			judge_index(fd, &v);
		(void)close(fd);
	}
	if (v.deny) {
		if (log_level >= 1)
			log_verdict(&v, addr);
		if (v.rule != NULL)	/* the message, then the linger */
			link_refuse(v.rule->msg, v.rule->msglen);
		*code = v.code;
		return NULL;
	}
	if (v.rule != NULL)
		apply_env(v.rule);
	if (log_level >= 2)
		log_verdict(&v, addr);
	return next;
}

const struct link link_access = { &proginfo, run, NULL,
    OPTS_FIRST OPTSTR };
