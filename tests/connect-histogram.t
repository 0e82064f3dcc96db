# connect-histogram.t: load mode's -H: a latency histogram on stderr after
# the bench line, whose buckets count every connection that worked once,
# with 1-2-5 bounds in increasing order; nothing of it without -H
. tests/lib.sh

# hist_ok FILE WANT: FILE (stderr of -H) holds a header, the column
# line and buckets: contiguous bounds of the 1-2-5 series, counts
# summing to WANT, cumulative percentages up to 100.0, and bars of '#'
# as long as the count is large (40 for the fullest, none for 0)
hist_ok() {
	awk -v want="$2" '
	function series(v,    m) {	# 0, or 1, 2 or 5 times a power of 10
		if (v == 0)
			return 1
		for (m = 1; m <= v; m *= 10)
			if (v == m || v == 2 * m || v == 5 * m)
				return 1
		return 0
	}
	/^svc-connect: warning: failed/ { next }
	++n == 1 {
		if ($0 !~ /^svc-connect: latency histogram of [0-9]+ conn/)
			bad = bad " header: " $0
		next
	}
	n == 2 {
		if ($2 != "from" || $3 != "to" || $4 != "count" || $5 != "cum%")
			bad = bad " columns: " $0
		next
	}
	{
		if ($1 != "svc-connect:" || NF < 5 || NF > 6)
			bad = bad " row: " $0
		if ($2 >= $3 || !series($2) || !series($3))
			bad = bad " bounds: " $0
		if (rows > 0 && $2 != to)
			bad = bad " gap before: " $0
		to = $3
		sum += $4
		bar = NF == 6 ? length($6) : 0
		if (($4 > 0) != (bar > 0) || $6 ~ /[^#]/)
			bad = bad " bar: " $0
		if (bar > most)
			most = bar
		if (rows == 0 && $4 == 0)
			bad = bad " empty first bucket: " $0
		last = $0
		cum = $5
		rows++
	}
	END {
		if (rows == 0)
			bad = bad " no buckets"
		if (sum != want)
			bad = bad " counts sum to " sum ", not " want
		if (cum != "100.0%")
			bad = bad " last cum% " cum
		if (most != 40)
			bad = bad " longest bar " most
		if (bad != "") {
			print bad
			exit 1
		}
		print rows
	}' "$1"
}

start -P "$T/port" svc-listen -q -c 20 -p "$T/port" 127.0.0.1:0 hello
svc-connect -H -n 200 -c 8 -e 'HELLO\n' 127.0.0.1 "$PORT" >"$T/out" \
    2>"$T/err" || fail "status $?: $(cat "$T/out" "$T/err")"
expect "$(cat "$T/out")" "svc-connect: bench conns=200 errors=0 "
expect_eq "$(wc -l <"$T/out")" 1 "lines on stdout"
hist_ok "$T/err" 200 >"$T/rows" || fail "histogram: $(cat "$T/rows")
$(cat "$T/err")"
expect "$(head -n 1 "$T/err")" "latency histogram of 200 connections, from"
# the same run without -H: the bench line alone, nothing on stderr
svc-connect -n 50 -c 8 -e 'HELLO\n' 127.0.0.1 "$PORT" >"$T/out" \
    2>"$T/err" || fail "status $?"
expect "$(cat "$T/out")" "svc-connect: bench conns=50 errors=0 "
expect_eq "$(cat "$T/err")" "" "stderr without -H"
stop "$LPID"

# two groups far apart: from 127.0.0.2 the reply comes after a second,
# so the buckets span at least a factor 10 with empty ones in between,
# still contiguous; every third connection (127.0.0.3) gets a wrong
# reply and is not in the histogram: 30 - 10 = 20 counted
start -P "$T/port" svc-listen -q -c 40 -p "$T/port" 127.0.0.1:0 sh -c '
case $TCPREMOTEIP in
127.0.0.2) sleep 1; echo HELLO ;;
127.0.0.3) echo WRONG ;;
*) echo HELLO ;;
esac'
svc-connect -H -n 30 -c 30 -i 127.0.0.1-3 -e 'HELLO\n' 127.0.0.1 "$PORT" \
    >"$T/out" 2>"$T/err"
expect_eq "$?" 111 "status with wrong replies"
expect "$(cat "$T/out")" "svc-connect: bench conns=30 errors=10 "
hist_ok "$T/err" 20 >"$T/rows" || fail "histogram: $(cat "$T/rows")
$(cat "$T/err")"
[ "$(cat "$T/rows")" -ge 2 ] || fail "one bucket for latencies a second apart:
$(cat "$T/err")"
expect "$(cat "$T/err")" "latency histogram of 20 connections that worked"
# the slow ten are in buckets from 1 s up, and only there
awk '$2 ~ /^[0-9]+$/ && $2 >= 1000000 { n += $4 } END { print n + 0 }' \
    "$T/err" >"$T/slow"
expect_eq "$(cat "$T/slow")" 10 "latencies of a second or more"
# the failure line comes first, the histogram after it
expect "$(head -n 1 "$T/err")" "svc-connect: warning: failed"
