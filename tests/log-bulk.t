# log-bulk.t: 50 MB of random bytes through svc-log -x cat come back
# unchanged, and the trace accounts for every byte both ways: each line's
# offset follows on from the one before, no line is over 512 bytes, and
# the totals and the end line's counts are the 50 MB.
. tests/lib.sh
. tests/log.sh

size=50000000
head -c "$size" /dev/urandom >"$T/data" || fail "no /dev/urandom"

# the trace goes through awk (it is ~190 MB of text), the rest to the log
mkfifo "$T/trace"
awk -v out="$T/log" '
	/^svc-log: [0-9]+ [<>] [0-9]+ [0-9]+ "/ {
		if (length($0) > 511) { bad++; if (bad < 5) print "long: " length($0) }
		if ($4 != next_off[$3]) { bad++; if (bad < 5) print $3 " offset " $4 ", want " next_off[$3] }
		next_off[$3] += $5
		next
	}
	{ print >>out; fflush(out) }
	END { printf "in=%d out=%d bad=%d\n", next_off["<"], next_off[">"], bad }
' <"$T/trace" >"$T/awk.out" &
apid=$!
PIDS="$PIDS $apid"
start -P "$T/port" sh -c 'exec "$@" 2>"$0"' "$T/trace" \
    svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x cat
client <"$T/data" >"$T/back" || fail "client failed"
cmp -s "$T/data" "$T/back" || fail "what came back differs from what was sent"
expect_eq "$(cksum <"$T/back")" "$(cksum <"$T/data")" "checksum"
# awk may hold back lines until its input ends (mawk fills its buffer):
# read the log once svc-log and the listener have closed the pipe
stop "$LPID"
wait_for "the end of the trace" 120 test -s "$T/awk.out"
wait "$apid"
expect_eq "$(cat "$T/awk.out")" "in=$size out=$size bad=0" "the trace"
line=$(endline)
expect "$line" ' status=0 '
expect_eq "$(field "$line" in)" "$size" "in="
expect_eq "$(field "$line" out)" "$size" "out="
exit 0
