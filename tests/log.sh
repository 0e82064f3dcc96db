# tests/log.sh: what the log-*.t tests share, sourced after tests/lib.sh.

# client [HOST]: stdin to the server at HOST (127.0.0.1) and $PORT, its
# reply to stdout, the sending half shut down at the end of stdin.
# (log-halfclose.t needs a client that goes on sending after the
# server's EOF, which svc-connect does not: tests/helpers/tcpc.)
CLIENT=svc-connect
client() {
	$CLIENT "${1:-127.0.0.1}" "$PORT"
}

# endline: the last "svc-log: end" line of the log
endline() {
	grep '^svc-log: end' "$T/log" | tail -n 1
}

# field LINE KEY: the value of KEY=... in LINE
field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# ms SECS: "1.250" -> 1250
ms() {
	echo "$1" | awk '{ printf "%d\n", $1 * 1000 }'
}

# converse: a client whose input the test writes to fd 3 bit by bit,
# waiting for answers in between; what it receives goes to $T/out
converse() {
	rm -f "$T/in" "$T/out"
	mkfifo "$T/in"
	client <"$T/in" >"$T/out" &
	cpid=$!
	exec 3>"$T/in"
}

# hangup: close the client's input and wait for it to end
hangup() {
	exec 3>&-
	wait "$cpid" || fail "client failed"
}
