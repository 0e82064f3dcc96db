# limit-capacity.t: with -R 1/h, N sources each connecting twice get
# exactly N admitted and N refused while N is at most -n (1,000 and
# 4,000 sources in 4,096 entries; an eighth of that under SAN=1); at
# capacity, fail open forgets the least recently seen with a warning, -F
# refuses new sources.  The 65,000-source row is scale-limit.t, end to
# end, and tests/unit/limtab.c through lib/limtab directly.
. tests/lib.sh
. tests/limit.sh

# twice N BASE: N sources from BASE on, each twice; both tallies
twice() {
	load -b "$2" -a "$1" -n "$1" -k 32
	first=$(tally 'HELLO\n'):$(tally 'busy\n')
	load -b "$2" -a "$1" -n "$1" -k 32
	second=$(tally 'HELLO\n'):$(tally 'busy\n')
}

# the sanitizer build starts each svc-limit many times slower: the same
# fill (24%, then 98%) at an eighth of the size there
n=4096 a=1000 b=3000
[ "${O:-.}" = san ] && n=512 a=125 b=375
serve -n $n -R 1/h -m 'busy\n' hello
twice $a 127.2.0.1
expect_eq "$first" "$a:0" "$a sources, first"
expect_eq "$second" "0:$a" "$a sources, second"
twice $b 127.3.0.1		# a + b sources now, in n entries
expect_eq "$first" "$b:0" "$((a + b)) sources, first"
expect_eq "$second" "0:$b" "$((a + b)) sources, second"
# the first a are still remembered
twice $a 127.2.0.1
expect_eq "$first:$second" "0:$a:0:$a" "$a sources, third"
expect_eq "$(log_count 'full of live sources')" 0 "capacity warnings"
stop "$LPID"

# at capacity: -n 64 is 128 slots, all one window; 200 live sources
rm -f "$T/state"
serve -n 64 -R 1/h -m 'busy\n' hello
twice 200 127.4.0.1
expect_eq "${first%:*}" 200 "fail open: new sources"
[ "${second%:*}" -gt 0 ] || fail "fail open: nothing forgotten: $second"
expect_log "svc-limit: warning: state file $T/state is full of live sources (-n 64): since the last warning, 1 new sources took the place of the least recently seen, whose counts restart"
expect_eq "$(log_count 'reason=full')" 0 "fail open refusals"
stop "$LPID"

rm -f "$T/state"
serve -n 64 -R 1/h -m 'busy\n' -F hello
twice 200 127.5.0.1
expect_eq "$first" "128:72" "fail closed, first"
expect_eq "$second" "0:200" "fail closed, second"
expect_eq "$(log_count 'reason=full limit=64')" 144 "full refusals"
expect_log "svc-limit: warning: state file $T/state is full of live sources (-n 64): since the last warning, 1 new sources were refused (-F)"
n=$(log_count 'full of live sources')
[ "$n" -ge 1 ] && [ "$n" -le 10 ] || fail "$n capacity warnings"
exit 0
