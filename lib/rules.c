/*
 * rules: parse access rules in our format and in tcprules' text format,
 * and match them against a client the way each format means: ours by
 * the longest prefix (the first line among equals), tcprules' by
 * tcpserver's search order (address, =host, address prefixes, =.domain,
 * =, then the empty default), the first line among equals.  Nothing here
 * allocates: a file is read through once per connection.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cidr.h"
#include "rules.h"

static int
isspc(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isname(int c, int first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	    (!first && isdig(c));
}

static int
starts(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && memcmp(s, word, k) == 0;
}

int
rules_kind(const char *s, size_t n)
{
	const char *colon;
	size_t i;

	for (i = 0; i < n && isspc((unsigned char)s[i]); i++)
		continue;
	if (i == n || s[i] == '#')
		return RULES_NONE;
	/* no IPv6 address has "allow" or "deny" after a colon */
	if ((colon = memchr(s, ':', n)) != NULL) {
		i = (size_t)(colon - s) + 1;
		if (starts(s + i, n - i, "allow") ||
		    starts(s + i, n - i, "deny"))
			return RULES_TCP;
	}
	return RULES_OURS;
}

/* append an entry kind + a[an] + b[bn] + NUL to r->env */
static int
add_env(struct rule *r, int kind, const char *a, size_t an, const char *b,
    size_t bn)
{
	if (an + bn + 2 > sizeof r->env - r->envlen)
		return -1;
	r->env[r->envlen++] = (char)kind;
	memcpy(r->env + r->envlen, a, an);
	r->envlen += an;
	memcpy(r->env + r->envlen, b, bn);
	r->envlen += bn;
	r->env[r->envlen++] = '\0';
	return 0;
}

static int
hexval(int c)
{
	if (isdig(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * a double-quoted token at s[*i] (the quote itself) decoded into out
 * (cap bytes): \r \n \t \0 \\ \" \xNN; its length, or -1
 */
static long
quoted(const char *s, size_t n, size_t *i, char *out, size_t cap)
{
	size_t k = *i + 1, len = 0;
	int c, h, l;

	for (;;) {
		if (k == n)
			return -1;
		c = (unsigned char)s[k++];
		if (c == '"')
			break;
		if (c == '\\') {
			if (k == n)
				return -1;
			switch (s[k++]) {
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '0': c = '\0'; break;
			case '\\': c = '\\'; break;
			case '"': c = '"'; break;
			case 'x':
				if (n - k < 2 || (h = hexval(s[k])) == -1 ||
				    (l = hexval(s[k + 1])) == -1)
					return -1;
				c = h * 16 + l;
				k += 2;
				break;
			default:
				return -1;
			}
		}
		if (len == cap)
			return -1;
		out[len++] = (char)c;
	}
	*i = k;
	return (long)len;
}

int
rules_parse(const char *s, size_t n, struct rule *r, const char **err)
{
	char addr[CIDR_TEXTLEN], val[RULES_LINEMAX];
	size_t i = 0, t, eq;
	long len;
	int hasmsg = 0;

	r->deny = r->star = 0;
	r->envlen = r->msglen = 0;
	r->pat = NULL;
	r->patlen = 0;
	while (i < n && isspc((unsigned char)s[i]))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	for (t = i; i < n && !isspc((unsigned char)s[i]); i++)
		continue;
	if (i - t == 1 && s[t] == '*')
		r->star = 1;
	else {
		if (i - t >= sizeof addr) {
			*err = "not an address or address/length";
			return -1;
		}
		memcpy(addr, s + t, i - t);
		addr[i - t] = '\0';
		if (cidr_parse(addr, &r->net) == -1) {
			*err = errno == EDOM ? "bits set after the prefix "
			    "length" : "not an address, address/length or *";
			return -1;
		}
	}
	while (i < n && isspc((unsigned char)s[i]))
		i++;
	for (t = i; i < n && !isspc((unsigned char)s[i]); i++)
		continue;
	if (i - t == 5 && memcmp(s + t, "allow", 5) == 0)
		r->deny = 0;
	else if (i - t == 4 && memcmp(s + t, "deny", 4) == 0)
		r->deny = 1;
	else {
		*err = "expected allow or deny after the address";
		return -1;
	}
	for (;;) {
		while (i < n && isspc((unsigned char)s[i]))
			i++;
		if (i == n || s[i] == '#')
			return 1;
		if (s[i] == '"') {
			if (!r->deny || hasmsg) {
				*err = r->deny ? "more than one message" :
				    "a message is for deny rules";
				return -1;
			}
			if ((len = quoted(s, n, &i, r->msg, sizeof r->msg))
			    == -1) {
				*err = "bad message: an unknown escape, no "
				    "closing quote, or over 1024 bytes";
				return -1;
			}
			r->msglen = (size_t)len;
			hasmsg = 1;
		} else if (s[i] == '-') {
			for (t = ++i; i < n && isname(s[i], i == t); i++)
				continue;
			if (i == t || (i < n && !isspc((unsigned char)s[i]))) {
				*err = "-VAR wants a variable name";
				return -1;
			}
			if (r->deny || add_env(r, '-', s + t, i - t, "", 0)
			    == -1) {
				*err = r->deny ? "deny rules change no "
				    "environment" : "too many variables";
				return -1;
			}
			continue;
		} else {
			for (t = i; i < n && isname(s[i], i == t); i++)
				continue;
			if (i == t || i == n || s[i] != '=') {
				*err = "expected VAR=value, -VAR or "
				    "\"message\"";
				return -1;
			}
			eq = i++;
			if (i < n && s[i] == '"') {
				if ((len = quoted(s, n, &i, val, sizeof val))
				    == -1 || memchr(val, '\0', (size_t)len)) {
					*err = "bad quoted value";
					return -1;
				}
			} else {
				for (len = 0; i < n && !isspc((unsigned char)
				    s[i]) && s[i] != '"'; i++) {
					if ((size_t)len == sizeof val) {
						*err = "value too long";
						return -1;
					}
					val[len++] = s[i];
				}
			}
			if (r->deny || add_env(r, '+', s + t, eq - t + 1, val,
			    (size_t)len) == -1) {
				*err = r->deny ? "deny rules change no "
				    "environment" : "too many variables";
				return -1;
			}
		}
		if (i < n && !isspc((unsigned char)s[i])) {
			*err = "expected a space after a quoted value";
			return -1;
		}
	}
}

/*
 * tcprules expands "a.b.c.X-Y" (the first '-', outside =host and
 * info@ rules) into one key per number; the parts of such a pattern,
 * or 0 when it is no range, -1 when tcprules refuses it
 */
static int
range(const char *p, size_t n, size_t *left, size_t *right,
    unsigned long *bot, unsigned long *top)
{
	const char *dash = memchr(p, '-', n);
	size_t i, d;

	if (dash == NULL || memchr(p, '=', n) != NULL ||
	    memchr(p, '@', n) != NULL)
		return 0;
	d = (size_t)(dash - p);
	for (i = d; i > 0 && p[i - 1] != '.'; i--)
		if (!isdig(p[i - 1]))
			return -1;
	*left = i;
	for (*bot = 0; i < d; i++)
		if (*bot < 1000)	/* anything past 255 is one range */
			*bot = *bot * 10 + (unsigned long)(p[i] - '0');
	for (*top = 0, i = d + 1; i < n && isdig(p[i]); i++)
		if (*top < 1000)
			*top = *top * 10 + (unsigned long)(p[i] - '0');
	if (i < n && p[i] != '.')
		return -1;
	*right = i;
	return 1;
}

int
rules_parse_tcp(const char *s, size_t n, struct rule *r, const char **err)
{
	const char *colon, *eq, *close;
	size_t i, l, rt;
	unsigned long b, t;

	r->deny = r->star = 0;
	r->envlen = r->msglen = 0;
	if (n == 0 || s[0] == '#')
		return 0;
	while (n > 0 && (isspc((unsigned char)s[n - 1])))
		n--;
	if ((colon = memchr(s, ':', n)) == NULL)
		return 0;	/* tcprules skips a line without a colon */
	r->pat = s;
	r->patlen = (size_t)(colon - s);
	i = r->patlen + 1;
	if (range(r->pat, r->patlen, &l, &rt, &b, &t) == -1) {
		*err = "bad address range";
		return -1;
	}
	if (starts(s + i, n - i, "allow"))
		i += 5;
	else if (starts(s + i, n - i, "deny")) {
		r->deny = 1;
		i += 4;
	} else {
		*err = "expected allow or deny after ':'";
		return -1;
	}
	while (i < n) {
		/* ",VAR=qvalueq" with any quoting character q */
		if (s[i] != ',' ||
		    (eq = memchr(s + i, '=', n - i)) == NULL ||
		    eq == s + i + 1 || eq + 1 == s + n ||
		    (close = memchr(eq + 2, eq[1], (size_t)(s + n - eq - 2)))
		    == NULL) {
			*err = "expected ,VAR=\"value\"";
			return -1;
		}
		if (add_env(r, '+', s + i + 1, (size_t)(eq - s - i), eq + 2,
		    (size_t)(close - eq - 2)) == -1) {
			*err = "too many variables";
			return -1;
		}
		i = (size_t)(close - s) + 1;
	}
	return 1;
}

int
rules_decode_tcp(const char *data, size_t n, struct rule *r)
{
	const char *nul;
	size_t k;

	r->deny = r->star = 0;
	r->envlen = r->msglen = 0;
	/* as tcpserver reads it: 'D' denies, "+VAR=value" sets, rest ignored */
	while ((nul = memchr(data, '\0', n)) != NULL) {
		k = (size_t)(nul - data);
		if (k > 0 && data[0] == 'D')
			r->deny = 1;
		else if (k > 0 && data[0] == '+' && memchr(data, '=', k)) {
			if (k + 1 > sizeof r->env - r->envlen) {
				errno = EBADMSG;
				return -1;
			}
			memcpy(r->env + r->envlen, data, k + 1);
			r->envlen += k + 1;
		}
		data += k + 1;
		n -= k + 1;
	}
	return 0;
}

static void
addkey(struct rules_client *c, const char *a, size_t an, const char *b,
    size_t bn)
{
	size_t at = c->nkeys ? c->off[c->nkeys - 1] + c->len[c->nkeys - 1] : 0;

	if (c->nkeys == RULES_KEYS || an + bn > sizeof c->buf - at)
		return;		/* cannot happen within the caps */
	memcpy(c->buf + at, a, an);
	memcpy(c->buf + at + an, b, bn);
	c->off[c->nkeys] = at;
	c->len[c->nkeys++] = an + bn;
}

void
rules_client_init(struct rules_client *c, const unsigned char addr[16],
    const char *host, const char *info)
{
	char ip[CIDR_TEXTLEN];
	size_t iplen, hl = 0, il = 0, k;

	memcpy(c->addr, addr, 16);
	c->nkeys = 0;
	if (cidr_fmt(addr, 128, ip, sizeof ip) == -1)
		ip[0] = '\0';
	iplen = strlen(ip);
	if (host != NULL && ((hl = strlen(host)) == 0 || hl > RULES_HOSTMAX))
		host = NULL;
	if (info != NULL && ((il = strlen(info)) == 0 || il > RULES_HOSTMAX))
		info = NULL;
	if (info != NULL) {
		addkey(c, info, il, "@", 1);
		c->len[c->nkeys - 1] += iplen;
		memcpy(c->buf + c->off[c->nkeys - 1] + il + 1, ip, iplen);
		if (host != NULL) {
			addkey(c, info, il, "@=", 2);
			c->len[c->nkeys - 1] += hl;
			memcpy(c->buf + c->off[c->nkeys - 1] + il + 2, host,
			    hl);
		}
	}
	addkey(c, ip, iplen, "", 0);
	if (host != NULL)
		addkey(c, "=", 1, host, hl);
	for (k = iplen; k > 0; k--)
		if (ip[k - 1] == '.' || ip[k - 1] == ':')
			addkey(c, ip, k, "", 0);
	if (host != NULL) {
		for (k = 0; k < hl; k++)
			if (host[k] == '.')
				addkey(c, "=", 1, host + k, hl - k);
		addkey(c, "=", 1, "", 0);
	}
	addkey(c, "", 0, "", 0);
}

int
rules_score(const struct rule *r, const struct rules_client *c)
{
	if (r->star)
		return 0;
	/* an IPv4 client matches IPv4 rules only, not ::/0 and the like */
	if (cidr_is4(c->addr) && (r->net.bits < 96 || !cidr_is4(r->net.addr)))
		return -1;
	return cidr_match(&r->net, c->addr) ? (int)r->net.bits + 1 : -1;
}

/* the tcprules pattern p (a range or not) against one key */
static int
pat_match(const char *p, size_t n, const char *k, size_t kn)
{
	size_t l, rt, i, mid;
	unsigned long b, t, v;

	if (range(p, n, &l, &rt, &b, &t) != 1)
		return n == kn && memcmp(p, k, n) == 0;
	if (kn < l + (n - rt) + 1 || memcmp(p, k, l) != 0 ||
	    memcmp(p + rt, k + kn - (n - rt), n - rt) != 0)
		return 0;
	mid = kn - l - (n - rt);
	if (mid > 3 || (mid > 1 && k[l] == '0'))
		return 0;	/* tcprules writes numbers without zeros */
	for (v = 0, i = l; i < l + mid; i++) {
		if (!isdig(k[i]))
			return 0;
		v = v * 10 + (unsigned long)(k[i] - '0');
	}
	return v >= b && v <= t && v <= 255;
}

int
rules_tcp_rank(const char *pat, size_t n, const struct rules_client *c)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (pat_match(pat, n, c->buf + c->off[i], c->len[i]))
			return (int)i;
	return -1;
}

void
rules_reader_init(struct rules_reader *rd, int fd)
{
	rd->fd = fd;
	rd->eof = 0;
	rd->line = 0;
	rd->start = rd->end = 0;
}

int
rules_getline(struct rules_reader *rd, const char **s, size_t *n)
{
	char *nl;
	ssize_t r;

	for (;;) {
		nl = memchr(rd->buf + rd->start, '\n', rd->end - rd->start);
		if (nl != NULL || (rd->eof && rd->end > rd->start)) {
			*s = rd->buf + rd->start;
			*n = nl != NULL ? (size_t)(nl - *s) : rd->end -
			    rd->start;
			rd->start += *n + (nl != NULL);
			rd->line++;
			if (*n > RULES_LINEMAX) {
				errno = EFBIG;
				return -1;
			}
			return 1;
		}
		if (rd->eof)
			return 0;
		if (rd->end - rd->start > RULES_LINEMAX) {
			rd->line++;
			errno = EFBIG;
			return -1;
		}
		memmove(rd->buf, rd->buf + rd->start, rd->end - rd->start);
		rd->end -= rd->start;
		rd->start = 0;
		r = read(rd->fd, rd->buf + rd->end, sizeof rd->buf - rd->end);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			rd->eof = 1;
		rd->end += (size_t)r;
	}
}

int
rules_lookup(int fd, const struct rules_client *c, struct rule *best,
    struct rule *tmp, int *kind, const char **err)
{
	struct rules_reader rd;
	const char *s;
	size_t n;
	int r, rank, top = -1;

	*kind = RULES_NONE;
	best->line = 0;
	rules_reader_init(&rd, fd);
	while ((r = rules_getline(&rd, &s, &n)) == 1) {
		if (*kind == RULES_NONE)
			*kind = rules_kind(s, n);
		if (*kind == RULES_NONE)
			continue;
		if (*kind == RULES_OURS)
			r = rules_parse(s, n, tmp, err);
		else
			r = rules_parse_tcp(s, n, tmp, err);
		if (r == -1) {
			best->line = rd.line;
			return -2;
		}
		if (r == 0)
			continue;
		rank = *kind == RULES_OURS ? rules_score(tmp, c) :
		    (int)c->nkeys - rules_tcp_rank(tmp->pat, tmp->patlen, c);
		if (*kind == RULES_TCP && rank > (int)c->nkeys)
			rank = -1;	/* no key matched */
		if (rank > top) {
			top = rank;
			tmp->line = rd.line;
			memcpy(best, tmp, sizeof *best);
			best->pat = NULL;	/* points into the reader */
		}
	}
	if (r == -1) {
		if (errno == EFBIG) {
			best->line = rd.line;
			*err = "line too long";
			return -2;
		}
		return -1;
	}
	if (top < 0)
		best->line = 0;
	return top >= 0;
}
