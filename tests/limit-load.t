# limit-load.t: many processes at once update one state file without
# losing or double-counting: 500 connections, 100 at a time, against
# -c 10 never run more than 10 copies of the service, and admit exactly
# as many as the log says (-v); 200 at a time against -r 50/h admit
# exactly 50
. tests/lib.sh
. tests/limit.sh

# each copy stays 500 ms, so that even a slow (sanitizer) build has more
# than 10 wanting to run at once
serve -v -c 10 -m 'full\n' conccount "$T/counts" 500
load -b 127.0.1.1 -a 50 -n 500 -k 100
cat "$T/load"
ok=$(tally 'HELLO\n')
no=$(tally 'full\n')
expect_eq "$((ok + no))" 500 "replies"
denied=$(log_count 'reason=total-conc limit=10')
expect_eq "$no" "$denied" "refusals against deny lines"
expect_eq "$ok" "$(log_count 'svc-limit: admit')" "admissions against admit lines"
expect_eq "$(log_count 'svc-listen: accept')" 500 "accepted"
counts=$(conccount -p "$T/counts")
echo "$counts"
expect "$counts" "now=0 "
expect "$counts" " all=$ok"
most=${counts#*most=}
most=${most%% *}
[ "$most" -le 10 ] || fail "$most copies at once, limit 10"
stop "$LPID"
newlog

rm -f "$T/state"
serve -r 50/h -m 'full\n' hello
expect_eq "$(served 200 -c 100 -i 127.0.2.1-200)" 50 "admitted of 200 at once"
expect_eq "$(log_count 'reason=total-rate')" 150 "deny lines"
[ "$denied" -gt 0 ] ||
    skip "-c 10: never more than $most at once, nothing refused: too slow"
