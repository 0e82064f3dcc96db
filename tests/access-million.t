# access-million.t: a blocklist of 1,000,000 random rules (IPv4 /32 and
# /24, IPv6 /128 and /64) compiled into an index and looked up: 200 of
# them, picked across the file, each found with its own line; clients
# that no rule names get the "*" rule; the lookup reads a few blocks,
# never the whole file.  Timing is for the benchmark, not this test.
. tests/lib.sh

awk 'BEGIN {
	srand(20261130)
	print "127.0.0.0/8 allow FOO=wide"
	for (i = 0; i < 1000000; i++) {
		r = rand()
		if (r < 0.5)
			printf "%d.%d.%d.%d deny\n", 1 + int(rand() * 126),
			    int(rand() * 256), int(rand() * 256), int(rand() * 256)
		else if (r < 0.7)
			printf "%d.%d.%d.0/24 deny\n", 128 + int(rand() * 95),
			    int(rand() * 256), int(rand() * 256)
		else if (r < 0.85)
			printf "2001:db8:%x:%x::/64 deny\n", int(rand() * 65536),
			    int(rand() * 65536)
		else
			printf "2001:db9:%x:%x:%x:%x:%x:%x deny\n",
			    int(rand() * 65536), int(rand() * 65536),
			    int(rand() * 65536), int(rand() * 65536),
			    int(rand() * 65536), int(rand() * 65536)
	}
	print "127.0.0.2 allow FOO=two"
	print "* allow FOO=star"
}' >"$T/million" || fail "generate"
svc-access -c "$T/million" "$T/million.idx" || fail "compile"

# picks: every 5000th rule, as "query-address rule-address"
awk 'NR > 1 && NR % 5000 == 0 {
	a = $1
	if (a ~ /\/24$/) { sub(/0\/24$/, "77", a) }
	else if (a ~ /\/64$/) { sub(/::\/64$/, "::5", a) }
	print a, $1
}' "$T/million" >"$T/picks"
[ "$(wc -l <"$T/picks")" = 200 ] || fail "picks: $(wc -l <"$T/picks")"
while read -r q rule; do
	out=$(env TCPREMOTEIP="$q" svc-access -i "$T/million.idx" true 2>&1)
	[ $? = 100 ] || fail "$q ($rule): not denied: $out"
	line=${out##*:}
	echo "$line $rule" >>"$T/found"
done <"$T/picks"
# each logged line holds the rule that was picked (or its twin: the
# same address listed earlier, which comes first)
awk 'NR == FNR { want[$1] = $2; next }
    FNR in want { if ($1 != want[FNR]) { print "line " FNR ": " $1 " not " want[FNR]; bad = 1 }; delete want[FNR] }
    END { for (l in want) { print "line " l " not in the file"; bad = 1 }; exit bad }' \
    "$T/found" "$T/million" || fail "a lookup found the wrong line"

ask() {
	env TCPREMOTEIP="$1" svc-access -i "$T/million.idx" \
	    sh -c 'echo "${FOO-unset}"' 2>/dev/null
}
expect_eq "$(ask 127.0.0.1)" wide "127.0.0.1, line 1"
expect_eq "$(ask 127.0.0.2)" two "127.0.0.2, the /32 at the end"
expect_eq "$(ask 192.0.2.1)" star "192.0.2.1, no rule"
expect_eq "$(ask 2001:db8::1:2:3:4)" star "an IPv6 address no rule names"

# over loopback, and the text file gives the same answer as the index
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-access -v -i "$T/million.idx" \
    $FAST sh -c 'echo "${FOO-unset}"'
expect_eq "$(client -T 20 -i 127.0.0.2 127.0.0.1 "$PORT" </dev/null)" two \
    "over loopback"
expect_log "svc-access: allow remote=127.0.0.2:"
log_has "rule=$T/million:1000002" || fail "allow names the source line"
stop "$LPID"
q=$(sed -n '2p' "$T/picks" | cut -d' ' -f1)
a=$(env TCPREMOTEIP="$q" svc-access -i "$T/million.idx" true 2>&1)
b=$(env TCPREMOTEIP="$q" svc-access -f "$T/million" true 2>&1)
expect_eq "${a##*:}" "${b##*:}" "$q: index and text"

# the lookup reads a handful of blocks, not the file
if command -v strace >/dev/null 2>&1; then
	n=$(TCPREMOTEIP=192.0.2.1 strace -y -e trace=pread64,read \
	    svc-access -i "$T/million.idx" hello 2>&1 |
	    grep -c "million\.idx>")
	[ "$n" -ge 3 ] && [ "$n" -le 12 ] ||
	    fail "$n reads of the index for one lookup"
fi
exit 0
