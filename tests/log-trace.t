# log-trace.t: -x logs every chunk as it passes, both ways, in order: a
# binary request without a newline, then a reply written in two writes
# (the second only after more input came) shows as two chunks.  -X adds
# a hex dump.  Counts in the end line are exact.
. tests/lib.sh
. tests/log.sh

# prog reads 6 bytes, writes ONE, reads 4 more, writes TWO
prog='dd bs=1 count=6 >/dev/null 2>&1; printf ONE;
dd bs=1 count=4 >/dev/null 2>&1; printf "TWO\r\n"'

# chat: send the request, wait for ONE before sending more, so that the
# program's two writes are two separate chunks for certain
chat() {
	converse
	printf '\001\000\377req' >&3
	wait_for "the first part of the reply" 10 grep -q ONE "$T/out"
	printf 'more' >&3
	hangup
	expect_eq "$(cat "$T/out")" "$(printf 'ONETWO\r\n')" "reply"
}

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x sh -c "$prog"
chat
expect_log 'svc-log: end'
pid=$(field "$(endline)" pid)
expect_log "svc-log: $pid < 0 6 \"\\x01\\x00\\xffreq\""
expect_log "svc-log: $pid > 0 3 \"ONE\""
expect_log "svc-log: $pid < 6 4 \"more\""
expect_log "svc-log: $pid > 3 5 \"TWO\\r\\n\""
expect_log "svc-log: $pid > 8 eof"
expect "$(endline)" ' status=0 '
expect_eq "$(field "$(endline)" in)" 10 "in="
expect_eq "$(field "$(endline)" out)" 8 "out="
# in the order they passed: ONE before more, more before TWO
order=$(grep "^svc-log: $pid [<>] [0-9]* [0-9]" "$T/log" | cut -d' ' -f3-5)
expect_eq "$(echo $order)" "< 0 6 > 0 3 < 6 4 > 3 5" "order of chunks"
stop "$LPID"

# -X: a hex line for each 16 bytes, after the quoted one
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -X sh -c "$prog"
chat
expect_log 'svc-log: end'
pid=$(field "$(endline)" pid)
expect_log "svc-log: $pid < 0 6 \"\\x01\\x00\\xffreq\""
expect_log "svc-log: $pid < 0 hex 01 00 ff 72 65 71"
expect_log "|...req|"
expect_log "svc-log: $pid > 3 hex 54 57 4f 0d 0a"
stop "$LPID"

# a chunk longer than a line is split, each part with its own offset,
# no line over 512 bytes, and the parts add up to the chunk
newlog
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%c", i % 7 ? "a" : "\""; }' \
    >"$T/long"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x cat
out=$(client <"$T/long")
expect_eq "$out" "$(cat "$T/long")" "echo"
expect_log 'svc-log: end'
pid=$(field "$(endline)" pid)
grep "^svc-log: $pid < [0-9]* [0-9]" "$T/log" | awk '
	length($0) > 511 { print "long line: " length($0); bad = 1 }
	$4 != next_off { print "offset " $4 ", want " next_off; bad = 1 }
	{ s = $0; sub(/^[^"]*"/, "", s); sub(/"$/, "", s);
	  n = gsub(/\\x[0-9a-f][0-9a-f]/, "", s); n += gsub(/\\./, "", s);
	  n += length(s);
	  if (n != $5) { print "length " $5 " but " n " bytes"; bad = 1 }
	  next_off += $5; lines++ }
	END { if (next_off != 3000) { print "total " next_off; bad = 1 }
	  if (lines < 2) { print "not split"; bad = 1 }
	  exit bad }' || fail "the long chunk's lines do not add up"
exit 0
