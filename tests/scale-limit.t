# scale-limit.t: svc-limit counts exactly at 65,000 sources, end to end:
# with -R 1/h and -n 65536, 65,000 loopback addresses each connect twice;
# every first connection is admitted and every second refused (the table
# it replaced admitted all 65,000 twice).  130,000 connections: run once,
# through the fast path, not again with -X, and not under SAN=1, where
# limit-capacity.t checks the same fill at a smaller size.
. tests/lib.sh
. tests/limit.sh
[ "${O:-.}" = san ] && skip "130,000 connections under the sanitizers take too long; limit-capacity.t covers the same fill"

twice() {
	load -b "$2" -a "$1" -n "$1" -k 32
	first=$(tally 'HELLO\n'):$(tally 'busy\n')
	load -b "$2" -a "$1" -n "$1" -k 32
	second=$(tally 'HELLO\n'):$(tally 'busy\n')
}

serve -n 65536 -R 1/h -m 'busy\n' hello
twice 65000 127.64.0.1
expect_eq "$first" "65000:0" "65,000 sources, first"
expect_eq "$second" "0:65000" "65,000 sources, second"
expect_eq "$(log_count 'full of live sources')" 0 "capacity warnings"
exit 0
