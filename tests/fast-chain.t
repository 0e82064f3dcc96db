# fast-chain.t: the chain's fast path gives what the exec'd chain gives.
# -v names the links that run in-process (none with -X); a program of a
# link's name found first on PATH is exec'd, never short-circuited; a
# refusal, a bad option, a program not found and svc-log's end line come
# out the same, byte for byte and line for line, fast and exec'd.
. tests/lib.sh

# run MODE ARG...: a service (MODE "" or -X) with ARG... as its chain;
# three connections; their replies into $T/MODE.out, the log's lines,
# numbers taken out, sorted, into $T/MODE.log
run() {
	_m=$1
	shift
	newlog
	start -P "$T/port" svc-listen $_m -p "$T/port" 127.0.0.1:0 "$@"
	for _i in 1 2 3; do
		client 127.0.0.1 "$PORT" </dev/null 2>&1 | od -c
		wait_for "end line $_i" 10 log_atleast "$_i" "svc-listen: end"
	done >"$T/x$_m.out"
	stop "$LPID"
	# (svc-log -x's trace is left out: whether the client's EOF comes
	# before the program's end is a race in either way)
	sed -e '/^svc-log: [0-9]* [<>] /d' \
	    -e 's/\(pid\|duration\)=[0-9.]*/\1=N/g' \
	    -e 's/:[0-9][0-9]*\( \|$\)/:N\1/g' -e 's/^svc-log: [0-9]* /svc-log: N /' \
	    "$T/log" |
	    grep -v 'svc-listen: \(start\|stop\|fast\)' | sort >"$T/x$_m.log"
}

# same ARG...: the chain gives the same replies and lines both ways
same() {
	rm -f "$T/state"
	run "" "$@"
	rm -f "$T/state"
	run -X "$@"
	cmp -s "$T/x.out" "$T/x-X.out" ||
	    fail "replies differ for $*: $(cat "$T/x.out") / $(cat "$T/x-X.out")"
	cmp -s "$T/x.log" "$T/x-X.log" ||
	    fail "log lines differ for $*: $(diff "$T/x.log" "$T/x-X.log")"
}

# -v says which links run in-process
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
    svc-limit -f "$T/state" -R 1000/s svc-log hello
expect_log "svc-listen: fast links=svc-limit,svc-log"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "fast reply"
expect_log "svc-log: end remote=127.0.0.1:"
stop "$LPID"
newlog
start -P "$T/port" svc-listen -v -X -p "$T/port" 127.0.0.1:0 \
    svc-limit -f "$T/state" -R 1000/s svc-log hello
expect_log "svc-listen: start"
log_has "fast links" && fail "-X still runs links in-process"
stop "$LPID"

# refused from the second connection on, with a message
same svc-limit -f "$T/state" -R 1/h -m 'busy\r\n' svc-log hello
expect "$(cat "$T/x.log")" "svc-limit: deny remote=127.0.0.1:N reason=rate"
expect "$(cat "$T/x.log")" "svc-listen: end pid=N remote=127.0.0.1:N status=100"
[ "$(grep -c 'svc-log: end' "$T/x.log")" = 1 ] || fail "one svc-log line"
# a bad option, per connection, as the exec'd link fails
same svc-limit -R 5/x hello
expect "$(cat "$T/x.log")" "svc-limit: fatal: -R wants"
same svc-limit -f "$T/state" -R 1000/s svc-log -Q hello
expect "$(cat "$T/x.log")" "svc-log: usage: unknown option -Q"
# --help goes to the client, as from the program
same svc-limit -f "$T/state" -R 1000/s svc-log --help
# a program not found: svc-log's fatal line, no end line of its
same svc-log nosuch-prog-$$
expect "$(cat "$T/x.log")" "svc-log: fatal: unable to run"
expect "$(cat "$T/x.log")" "status=127"
grep -q 'svc-log: end' "$T/x.log" && fail "end line for a program not run"
# the program's status and the byte counts (TCP_INFO: Linux) of svc-log's end line
same svc-limit -f "$T/state" -R 1000/s svc-log sh -c 'echo HELLO; exit 7'
if counts_tcp; then
	expect "$(cat "$T/x.log")" "svc-log: end remote=127.0.0.1:N pid=N \
status=7 duration=N in=0 out=6"
else
	expect "$(cat "$T/x.log")" "svc-log: end remote=127.0.0.1:N pid=N \
status=7 duration=N
"
fi
# two links, the second exec'd for a mode of its own: a forked child
same svc-limit -f "$T/state" -R 1000/s svc-log -x hello

# svc-access sets the environment: the chain runs in a forked child,
# with the variables a rule set, and its refusals as exec'd
printf '127.0.0.0/8 allow FOO=bar\n* deny\n' >"$T/allow"
same svc-access -f "$T/allow" svc-limit -f "$T/state" -R 1000/s \
    svc-log sh -c 'echo "FOO=$FOO"'
expect "$(cat "$T/x.out")" "F   O   O   =   b   a   r"
printf '127.0.0.1 deny "go away\\r\\n"\n* allow\n' >"$T/deny"
same svc-access -f "$T/deny" svc-log hello
expect "$(cat "$T/x.log")" "svc-access: deny remote=127.0.0.1:N"
expect "$(cat "$T/x.out")" "g   o       a   w   a   y  \\r  \\n"

# a program of a link's name earlier on PATH is the one that runs
mkdir "$T/bin"
printf '#!/bin/sh\necho SHADOW-$(basename $0)\n' >"$T/bin/svc-limit"
cp "$T/bin/svc-limit" "$T/bin/svc-log"
chmod +x "$T/bin/svc-limit" "$T/bin/svc-log"
newlog
PATH="$T/bin:$PATH" start -P "$T/port" svc-listen -v -p "$T/port" \
    127.0.0.1:0 svc-limit -R 1000/s hello
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" SHADOW-svc-limit \
    "shadowed svc-limit"
log_has "fast links" && fail "a shadowed svc-limit ran in-process"
stop "$LPID"
# a later link shadowed: the earlier one in-process, then the shadow
newlog
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
    svc-limit -f "$T/state" -R 1000/s env PATH="$T/bin:$PATH" svc-log hello
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" SHADOW-svc-log \
    "shadowed svc-log"
stop "$LPID"
newlog
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
    svc-limit -f "$T/state" -R 1000/s "$T/bin/svc-log" hello
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" SHADOW-svc-log \
    "svc-log by a path of another file"
expect_log "svc-listen: fast links=svc-limit"
stop "$LPID"
# our own link named by its absolute path runs in-process
newlog
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
    "$TOP/$O/bin/svc-limit" -f "$T/state" -R 1000/s "$TOP/$O/bin/svc-log" hello
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "by path"
expect_log "svc-listen: fast links=svc-limit,svc-log"
stop "$LPID"

# a mutex held by another process: the listener never waits for it; the
# connection's own child does, and fails as the exec'd link fails
newlog
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
    svc-limit -f "$T/state" -C 5 svc-log hello
expect_log "svc-listen: fast links=svc-limit,svc-log run=listener"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "before the lock"
listener=$LPID
start sh -c 'exec holdlock "$0" 0 w >"$1"' "$T/state" "$T/held"
holder=$LPID
wait_for "the lock" 10 grep -q held "$T/held"
client 127.0.0.1 "$PORT" </dev/null >"$T/locked" 2>&1 &
waiter=$!
# the listener goes on accepting meanwhile (the lock waits 5 seconds)
svc-connect -q -w 5 -z 127.0.0.1 "$PORT" || fail "no connect"
wait_for "the accept of a third connection" 4 log_atleast 3 "svc-listen: accept"
wait "$waiter"
expect_log "svc-limit: fatal: unable to lock $T/state: another process held it for 5 seconds"
expect_log "status=111"
stop "$holder"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "after the lock"
stop "$listener"

# svc-log twice: the second in a process of its own, as exec'd (the
# pids differ from the exec'd chain's, so only the lines' shape is
# compared)
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 \
    svc-log svc-log sh -c 'echo HELLO; exit 3'
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "svc-log twice"
expect_log "svc-listen: end pid="
expect_eq "$(log_count 'svc-log: end')" 2 "end lines of svc-log twice"
expect_eq "$(log_count 'status=3')" 3 "status 3 in every end line"
stop "$LPID"

# svc-limit's slot, taken in a forked child (svc-access first): held by
# the program, refused to a second client, free again once the holder
# is killed with SIGKILL
newlog
rm -f "$T/state"
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
    svc-access -f "$T/allow" svc-limit -f "$T/state" -C 1 -m 'busy\n' \
    sh -c 'echo HELLO; exec cat'
expect_log "svc-listen: fast links=svc-access,svc-limit run=child"
listener=$LPID
start svc-connect 127.0.0.1 "$PORT" sh -c 'exec cat <&6 >"$0"' "$T/h1"
wait_for "the holder to be served" 10 grep -q HELLO "$T/h1"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" busy "second client"
pid=$(sed -n 's/^svc-listen: accept pid=\([0-9]*\) .*/\1/p' "$T/log" |
    head -n 1)
kill -KILL "$pid"
wait_for "pid $pid to end" 10 log_has "end pid=$pid "
start svc-connect 127.0.0.1 "$PORT" sh -c 'exec cat <&6 >"$0"' "$T/h2"
wait_for "a new holder to be served" 10 grep -q HELLO "$T/h2"
stop "$LPID"	# the holder, then the listener: nothing left running
stop "$listener"

# svc-proxy first (a forked child): svc-log's end line, written by the
# listener, names the client the header named, as the exec'd one does
for m in "" -X; do
	newlog
	start -P "$T/port" svc-listen $m -p "$T/port" 127.0.0.1:0 \
	    svc-proxy svc-log sh -c 'echo "$TCPREMOTEIP"'
	expect_eq "$(svc-connect -P v1,192.0.2.7:40000,127.0.0.1:80 \
	    127.0.0.1 "$PORT" </dev/null)" 192.0.2.7 "proxied address $m"
	expect_log "svc-log: end remote=192.0.2.7:40000 pid="
	stop "$LPID"
done

# the descriptor limit the listener raised for itself is the one it was
# for the program, in a forked child (svc-access first) as in the
# listener and exec'd
printf '127.0.0.0/8 allow\n' >"$T/allowall"
for chain in "svc-access -f $T/allowall svc-log" "svc-log"; do
	for m in "" -X; do
		newlog
		start -P "$T/port" sh -c 'ulimit -Sn 256 && exec "$@"' sh \
		    svc-listen -v $m -p "$T/port" 127.0.0.1:0 $chain \
		    sh -c 'ulimit -Sn'
		expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" 256 \
		    "the program's descriptor limit under $chain $m"
		[ -z "$m" ] && expect_log "svc-listen: fast links="
		stop "$LPID"
	done
done

# -v names only the links that run in-process: not one exec'd by a
# program of the chain (env), nor one that runs as a process of its own
# (svc-log -x, a second svc-log)
names() {
	newlog
	start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 "$@"
	expect_log "svc-listen: start"
	expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "reply of $*"
	# the connection's end before the stop: a chain still running then
	# would write its svc-log line into the next run's log
	wait_for "end line" 10 log_atleast 1 "svc-listen: end"
	stop "$LPID"
	sed -n 's/^svc-listen: fast //p' "$T/log"
}
expect_eq "$(names svc-limit -f "$T/state" -C 5 env svc-log hello)" \
    "links=svc-limit run=listener" "-v behind env"
expect_eq "$(names svc-access -f "$T/allowall" svc-limit -f "$T/state" \
    -C 5 svc-log -x hello)" "links=svc-access,svc-limit run=child" \
    "-v before svc-log -x"
expect_eq "$(names svc-limit -f "$T/state" -C 5 svc-log svc-log hello)" \
    "links=svc-limit,svc-log run=listener" "-v before a second svc-log"
expect_eq "$(names svc-access -f "$T/allowall" svc-log -x hello)" "" \
    "-v with one link in-process"
same svc-limit -f "$T/state" -C 5 env svc-log hello
same svc-access -f "$T/allowall" svc-limit -f "$T/state" -C 5 \
    svc-log -x hello
same svc-limit -f "$T/state" -C 5 svc-log svc-log hello

# the program made unrunnable after the start: the line says why, as the
# exec'd link's does (the listener found it at start)
for m in "" -X; do
	printf '#!/bin/sh\necho HI\n' >"$T/prog"
	chmod +x "$T/prog"
	newlog
	start -P "$T/port" svc-listen $m -p "$T/port" 127.0.0.1:0 \
	    svc-limit -f "$T/state" -R 1000/s "$T/prog"
	expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HI "runnable $m"
	chmod -x "$T/prog"
	client 127.0.0.1 "$PORT" </dev/null
	wait_for "end line $m" 10 log_atleast 2 "svc-listen: end"
	stop "$LPID"
	expect_log "svc-limit: fatal: unable to run $T/prog: Permission denied"
	expect_log "status=126"
done
