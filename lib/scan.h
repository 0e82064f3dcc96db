#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

/* strict decimal: digits only, no sign, no overflow; -1 on anything else */
int scan_ulong(const char *s, unsigned long *out);
/* scan_ulong, then require lo <= value <= hi */
int scan_range(const char *s, unsigned long lo, unsigned long hi,
    unsigned long *out);
/* seconds with up to 3 decimals ("2", "0.5"; not "1.2345") into ms */
int scan_msecs(const char *s, unsigned long *ms);
/* the most seconds an option takes, in every program: ms fit an int */
#define SCAN_SECS_MAX 2000000
/* decode \r \n \t \0 \\ \xNN escapes of s into out (cap bytes); length or -1 */
long scan_escapes(const char *s, char *out, size_t cap);

/*
 * "N[:msg]": N from 1 to hi into *max, msg's escapes decoded into out
 * (cap bytes, length in *outlen, 0 without msg); -1 bad N, -2 bad msg
 */
int scan_countmsg(const char *arg, unsigned long hi, unsigned long *max,
    char *out, size_t cap, long *outlen);

#endif
