#ifndef RATE_H
#define RATE_H

#include <stdint.h>

/*
 * "N/s", "N/m" or "N/h", N from 1 to max: N into *n and the nanoseconds
 * one token takes into *interval; -1 on anything else
 */
int rate_scan(const char *s, unsigned long max, unsigned long *n,
    uint64_t *interval);

#endif
