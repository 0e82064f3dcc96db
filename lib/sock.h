#ifndef SOCK_H
#define SOCK_H

#include <sys/types.h>
#include <sys/socket.h>

#define SOCK_IPLEN 64		/* an address in text, IPv6 included */
#define SOCK_ADDRLEN 72		/* "[address]:port" */

/* an address of either family, with its length */
struct sock_addr {
	union {
		struct sockaddr sa;
		struct sockaddr_storage ss;
	} u;
	socklen_t len;
};

/* canonical text of sa's address (IPv4-mapped shown as IPv4), and port */
int sock_ntop(const struct sockaddr *sa, char *ip, size_t iplen,
    unsigned *port);
/* "1.2.3.4:5678" or "[::1]:5678" into out (SOCK_ADDRLEN bytes) */
int sock_fmt(const struct sockaddr *sa, char *out, size_t outlen);
/* the address family of sa, IPv4-mapped IPv6 counted as AF_INET */
int sock_family(const struct sockaddr *sa);
/* 1 when sa is the any-address of its family (0.0.0.0, ::) */
int sock_wildcard(const struct sockaddr *sa);
/* 16 bytes identifying sa's address (IPv4 as mapped IPv6), for tables */
void sock_key(const struct sockaddr *sa, unsigned char key[16]);
/*
 * Split "HOST:PORT", "[V6]:PORT" or "PORT" in place; *host is NULL when
 * absent.  -1 for an unbracketed IPv6 address or an empty part.
 */
int sock_split(char *arg, char **host, char **port);
/*
 * 1 when host is an IPv4 address in a form other than four decimal
 * numbers ("1.2.3", "127.1", "0x7f.1", "010.0.0.1"), which getaddrinfo
 * would take, through inet_aton, as some other address; else 0.
 */
int sock_v4short(const char *host);
/*
 * A host operand, "NAME", "ADDR" or "[V6]", its brackets taken off in
 * place into *host; -1 when empty, an unclosed '[' or brackets around
 * anything but an IPv6 address.
 */
int sock_host(char *arg, char **host);
#endif
