# log-nofile.t: svc-log's end line when the listener is short of
# descriptors.  In the fast path the listener keeps a copy of each
# connection's socket for the byte counts: its descriptor budget counts
# one per connection more, and where the limit allows no copy, the end
# line is still written at the reap, without in= and out=, never lost.
. tests/lib.sh

printf '127.0.0.0/8 allow\n' >"$T/allow"

# the budget: the soft limit the listener raises itself to for -c 100
# (its pidfds, its held clients, and with the fast path its copies)
if [ -r /proc/self/limits ]; then
	newlog
	start -P "$T/port" sh -c 'ulimit -Sn 256 && exec "$@"' sh \
	    svc-listen -v -c 100 -p "$T/port" 127.0.0.1:0 svc-log hello
	expect_log "svc-listen: start"
	soft=$(awk '/^Max open files/ { print $4 }' "/proc/$LPID/limits")
	if log_has "svc-listen: fast links=svc-log"; then
		expect_eq "$soft" 536 "soft descriptor limit, fast path"
	else
		expect_eq "$soft" 436 "soft descriptor limit, exec'd"
	fi
	stop "$LPID"
fi

# a hard limit of 40: the listener cannot raise it, and it runs out of
# descriptors under 60 clients at once; every connection served has its
# end line, in a chain run inside the listener and in a forked child
for chain in "svc-log" "svc-access -f $T/allow svc-log"; do
	newlog
	start -P "$T/port" sh -c 'ulimit -n 40 && exec "$@"' sh \
	    svc-listen -v -c 60 -b 128 -p "$T/port" 127.0.0.1:0 $chain \
	    sleep 1
	expect_log "svc-listen: start"
	svc-connect -q -n 60 -c 60 -T 60 127.0.0.1 "$PORT" >"$T/load" 2>&1
	cat "$T/load"
	wait_for "every connection to end" 30 sh -c \
	    '[ "$(grep -c "svc-listen: accept pid" "$T/log")" = \
	    "$(grep -c "svc-listen: end pid" "$T/log")" ]'
	stop "$LPID"
	conns=$(log_count "svc-listen: end pid=")
	ends=$(log_count "svc-log: end ")
	echo "$chain: connections $conns, svc-log end lines $ends," \
	    "accept warnings $(log_count "unable to accept")"
	[ "$conns" -ge 60 ] || fail "$chain: $conns of 60 connections served"
	expect_eq "$ends" "$conns" "$chain: svc-log end lines"
	# a forked child's fork needs no descriptor (a spawn without vfork
	# needs a pipe: the chain inside the listener may fail there)
	case $chain in
	svc-access*) log_has "unable to fork" && fail "$chain: a fork failed" ;;
	esac
done
exit 0
