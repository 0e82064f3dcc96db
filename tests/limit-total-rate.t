# limit-total-rate.t: -r counts all sources together, and a connection
# refused by one limit spends nothing of another
. tests/lib.sh
. tests/limit.sh

serve -r 6/m -m 'full\n' hello
load -b 127.0.1.1 -a 10 -n 10 -k 3
expect_eq "$(tally 'HELLO\n')" 6 "admitted of 10 sources"
expect_eq "$(tally 'full\n')" 4 "refused"
expect_eq "$(log_count 'reason=total-rate limit=6/m')" 4 "deny lines"
expect_not "$(grep reason=total-rate "$T/log")" "source="
stop "$LPID"
newlog

# -R 1/m -r 3/m: the second from .2 is refused by its own rate without
# spending a total token, so .3 and .4 still fit and .5 does not
rm -f "$T/state"
serve -R 1/m -r 3/m -m 'no\n' hello
expect_eq "$(from 127.0.0.2)" HELLO ".2"
expect_eq "$(from 127.0.0.2)" no ".2 again"
expect_eq "$(from 127.0.0.3)" HELLO ".3"
expect_eq "$(from 127.0.0.4)" HELLO ".4"
expect_eq "$(from 127.0.0.5)" no ".5"
expect_log "remote=127.0.0.5"
expect_eq "$(log_count 'reason=rate ')" 1 "per-source denials"
expect_eq "$(log_count 'reason=total-rate ')" 1 "total denials"
