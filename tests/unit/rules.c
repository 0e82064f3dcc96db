/* unit tests of lib/rules: both text formats, matching, search keys */
#include <string.h>

#include "rules.h"
#include "unit.h"

static struct rule r;
static struct rules_client c;
static const char *err;

static int
ours(const char *s)
{
	err = NULL;
	return rules_parse(s, strlen(s), &r, &err);
}

static int
tcp(const char *s)
{
	err = NULL;
	return rules_parse_tcp(s, strlen(s), &r, &err);
}

static void
client(const char *ip, const char *host)
{
	unsigned char a[16];

	(void)cidr_addr(ip, a);
	rules_client_init(&c, a, host, NULL);
}

static int
rank(const char *pat)
{
	return rules_tcp_rank(pat, strlen(pat), &c);
}

int
main(void)
{
	CHECK(rules_kind("", 0) == RULES_NONE);
	CHECK(rules_kind("  # x", 5) == RULES_NONE);
	CHECK(rules_kind("127.:allow", 10) == RULES_TCP);
	CHECK(rules_kind(":deny", 5) == RULES_TCP);
	CHECK(rules_kind("::1 allow", 9) == RULES_OURS);
	CHECK(rules_kind("* deny", 6) == RULES_OURS);

	CHECK(ours("# comment") == 0);
	CHECK(ours("   ") == 0);
	CHECK(ours("10.0.0.0/8 allow A=1 -B C=\"x y\" D= # c") == 1);
	CHECK(!r.deny && r.envlen == 19 &&
	    memcmp(r.env, "+A=1\0-B\0+C=x y\0+D=\0", 19) == 0);
	CHECK(r.net.bits == 104);
	CHECK(ours("* deny \"no\\r\\n\\x00\"") == 1);
	CHECK(r.deny && r.star && r.msglen == 5 &&
	    memcmp(r.msg, "no\r\n\0", 5) == 0);
	CHECK(ours("::1 deny") == 1 && r.net.bits == 128 && r.msglen == 0);
	CHECK(ours("10.0.0.1/8 allow") == -1 && err != NULL);
	CHECK(ours("10.0.0.0/8") == -1);
	CHECK(ours("10.0.0.0/8 permit") == -1);
	CHECK(ours("* deny A=1") == -1);
	CHECK(ours("* allow \"m\"") == -1);
	CHECK(ours("* deny \"a\" \"b\"") == -1);
	CHECK(ours("* deny \"a") == -1);
	CHECK(ours("* deny \"\\q\"") == -1);
	CHECK(ours("* allow 1A=2") == -1);
	CHECK(ours("* allow -") == -1);
	CHECK(ours("* allow A=\"x\"y") == -1);
	CHECK(ours("host.example allow") == -1);

	CHECK(tcp("# comment") == 0);
	CHECK(tcp("no colon here") == 0);
	CHECK(tcp("127.:allow,RELAYCLIENT=\"\",X=/a b/ \t\r") == 1);
	CHECK(!r.deny && r.patlen == 4 && r.envlen == 21 &&
	    memcmp(r.env, "+RELAYCLIENT=\0+X=a b\0", 21) == 0);
	CHECK(tcp(":deny") == 1 && r.deny && r.patlen == 0);
	CHECK(tcp("1.2.3.4:allowx") == -1);
	CHECK(tcp("1.2.3.4:allow,") == -1);
	CHECK(tcp("1.2.3.4:allow,X") == -1);
	CHECK(tcp("1.2.3.4:allow,X=\"a") == -1);
	CHECK(tcp("1.2.3.4:allow,=\"a\"") == -1);
	CHECK(tcp("1.2.3.4:allow,X=\"a\"y") == -1);
	CHECK(tcp("1.2.3.a-b:allow") == -1);
	CHECK(tcp("1.2.3.4-5x:allow") == -1);
	CHECK(tcp("=a-b.example:allow") == 1);

	/* tcpserver's order: address, =host, prefixes, =.domain, =, "" */
	client("10.1.2.3", "mail.example.com");
	CHECK(rank("10.1.2.3") == 0);
	CHECK(rank("=mail.example.com") == 1);
	CHECK(rank("10.1.2.") == 2);
	CHECK(rank("10.1.") == 3);
	CHECK(rank("10.") == 4);
	CHECK(rank("=.example.com") == 5);
	CHECK(rank("=.com") == 6);
	CHECK(rank("=") == 7);
	CHECK(rank("") == 8);
	CHECK(rank("10.1.2.1-5") == 0);
	CHECK(rank("10.1.2.4-5") == -1);
	CHECK(rank("10.1-2.") == 3);
	CHECK(rank("10.1.2.03") == -1);
	CHECK(rank("10.1.2") == -1);
	client("10.1.2.3", NULL);
	CHECK(rank("=") == -1 && rank("") == 4);
	client("::ffff:10.1.2.3", NULL);
	CHECK(rank("10.1.2.3") == 0);

	/* ours: longest prefix, IPv4 clients never meet IPv6 prefixes */
	client("10.1.2.3", NULL);
	CHECK(ours("10.0.0.0/8 allow") == 1 && rules_score(&r, &c) == 105);
	CHECK(ours("10.1.2.3 allow") == 1 && rules_score(&r, &c) == 129);
	CHECK(ours("* allow") == 1 && rules_score(&r, &c) == 0);
	CHECK(ours("::/0 allow") == 1 && rules_score(&r, &c) == -1);
	CHECK(ours("11.0.0.0/8 allow") == 1 && rules_score(&r, &c) == -1);
	client("2001:db8::1", NULL);
	CHECK(ours("::/0 allow") == 1 && rules_score(&r, &c) == 1);
	CHECK(ours("2001:db8::/64 allow") == 1 && rules_score(&r, &c) == 65);
	return UNIT_END();
}
