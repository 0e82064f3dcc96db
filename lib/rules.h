#ifndef RULES_H
#define RULES_H

#include <stddef.h>

#include "cidr.h"

/*
 * Access rules, one a line, in two text formats told apart by their first
 * rule line: ours ("10.0.0.0/8 allow VAR=value -VAR", "* deny \"msg\"")
 * and tcprules' ("10.:allow,VAR=\"value\"").  A rule's environment
 * changes are kept as tcprules keeps them in its cdb: NUL-terminated
 * entries "+VAR=value" (set) and, ours only, "-VAR" (unset).
 */
#define RULES_LINEMAX 4096	/* a longer line is malformed */
#define RULES_ENVMAX 8192	/* bytes of environment entries a rule */
#define RULES_MSGMAX 1024	/* bytes of a deny message */
#define RULES_HOSTMAX 255	/* a longer TCPREMOTEHOST matches no =rule */
#define RULES_KEYS 192
#define RULES_KEYBUF 40960

enum { RULES_NONE, RULES_OURS, RULES_TCP };

struct rule {
	int deny;
	int star;		/* ours: "*", below every prefix */
	struct cidr net;	/* ours: the prefix */
	const char *pat;	/* tcprules: the address before ':' */
	size_t patlen;
	unsigned long line;	/* where it was read; 0 for none */
	size_t envlen, msglen;
	char env[RULES_ENVMAX];
	char msg[RULES_MSGMAX];	/* written to a denied client */
};

/* a client as the rules see it: its address and tcpserver's search keys */
struct rules_client {
	unsigned char addr[16];
	size_t nkeys;
	size_t off[RULES_KEYS], len[RULES_KEYS];
	char buf[RULES_KEYBUF];
};

/* reads a rules file line by line without allocating */
struct rules_reader {
	int fd, eof;
	unsigned long line;	/* number of the line last returned */
	size_t start, end;
	char buf[RULES_LINEMAX * 4];
};

/* RULES_OURS or RULES_TCP for a rule line, RULES_NONE blank or comment */
int rules_kind(const char *s, size_t n);
/* parse a line of ours: 1 rule, 0 blank or comment, -1 with *err */
int rules_parse(const char *s, size_t n, struct rule *r, const char **err);
/* parse a line of tcprules': 1 rule, 0 ignored (as tcprules does), -1 */
int rules_parse_tcp(const char *s, size_t n, struct rule *r,
    const char **err);
/* a tcprules cdb record's data into r (deny, env); -1 EBADMSG if too long */
int rules_decode_tcp(const char *data, size_t n, struct rule *r);
/* set up c for address addr, TCPREMOTEHOST host, TCPREMOTEINFO info */
void rules_client_init(struct rules_client *c, const unsigned char addr[16],
    const char *host, const char *info);
/* our rule r against c: -1 no match, else its rank (higher wins) */
int rules_score(const struct rule *r, const struct rules_client *c);
/* a tcprules address against c: -1 no match, else the first key matched */
int rules_tcp_rank(const char *pat, size_t n, const struct rules_client *c);
/* start reading fd */
void rules_reader_init(struct rules_reader *rd, int fd);
/* the next line, without its newline: 1, 0 at the end, -1 (EFBIG long) */
int rules_getline(struct rules_reader *rd, const char **s, size_t *n);
/*
 * the rule of the file on fd for c, read through: 1 found (in *best),
 * 0 none, -1 a read failed (errno), -2 a malformed line (best->line,
 * *err); *kind the file's format.  tmp is scratch space.
 */
int rules_lookup(int fd, const struct rules_client *c, struct rule *best,
    struct rule *tmp, int *kind, const char **err);

#endif
