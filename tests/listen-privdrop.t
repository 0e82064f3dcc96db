# listen-privdrop.t: what -u leaves, read from /proc: the listener and
# its children run with exactly the user's uid (real, effective, saved,
# fs), its gid and its groups only, no capability (effective, permitted,
# inheritable, ambient), and of root's descriptors only the listening
# socket; a child has fds 0, 1 and 2 and nothing else
. tests/lib.sh
need_root
id nobody >/dev/null 2>&1 || skip "no user nobody"
need_reach nobody svc-listen svc-listend fdlist
open_T
uid=$(id -u nobody)
gid=$(id -g nobody)
groups=$(id -G nobody | tr ' ' '\n' | sort -n | tr '\n' ' ')

# root has files open that a leak would pass on
newlog
exec 7<"$T/log" 8>"$T/held"
start -P "$T/port" svc-listen -u nobody -p "$T/port" 127.0.0.1:0 sh -c \
    'cat "/proc/$$/status"; echo fds; exec fdlist'

# field FILE NAME: the value of "NAME:" in a /proc status file, one space
field() {
	sed -n "s/^$2:[[:space:]]*//p" "$1" | tr -s ' \t' '  '
}

# check FILE WHO: the ids and capabilities in FILE are nobody's alone
check() {
	expect_eq "$(field "$1" Uid)" "$uid $uid $uid $uid" "$2 uids"
	expect_eq "$(field "$1" Gid)" "$gid $gid $gid $gid" "$2 gids"
	expect_eq "$(field "$1" Groups | tr ' ' '\n' | grep . | sort -n |
	    tr '\n' ' ')" "$groups" "$2 groups"
	for c in CapEff CapPrm CapInh CapAmb; do
		v=$(field "$1" "$c")
		[ -z "$v" ] && [ "$c" = CapAmb ] && continue	# older kernels
		expect_eq "$v" 0000000000000000 "$2 $c"
	done
}

cp "/proc/$LPID/status" "$T/lstatus"
check "$T/lstatus" listener
# the listener's descriptors: the listening socket on 0, stdout and
# stderr as the test gave them, pipes of its own (the self-pipe), and
# on Linux the epoll set that watches its children's pidfds
for fd in $(ls "/proc/$LPID/fd"); do
	to=$(readlink "/proc/$LPID/fd/$fd")
	case $fd:$to in
	0:socket:*) ;;
	[12]:*) ;;
	*:pipe:*) ;;
	*:anon_inode:\[eventpoll\]) ;;
	*) fail "the listener holds fd $fd -> $to" ;;
	esac
done
n=$(ls "/proc/$LPID/fd" | wc -l)
[ "$n" -le 6 ] || fail "the listener holds $n descriptors: $(ls -l "/proc/$LPID/fd")"
# fd 0 is the listening socket, bound where the port file says
expect "$(svc-connect -z 127.0.0.1 "$PORT" 2>&1; echo "status $?")" "status 0"

client 127.0.0.1 "$PORT" </dev/null >"$T/child"
sed '/^fds$/,$d' "$T/child" >"$T/cstatus"
check "$T/cstatus" child
expect_eq "$(sed '1,/^fds$/d' "$T/child" | tr '\n' ' ')" "0 1 2 " "child fds"
stop "$LPID"

# the program runs as the listener's user, yet cannot reach into it: not
# its descriptors (the listening socket, other clients' connections)
# through /proc, nor its memory (Linux; the listener is not dumpable)
if counts_tcp; then	# (a build with the Linux extras, on Linux)
	start -P "$T/port" svc-listen -u nobody -p "$T/port" 127.0.0.1:0 \
	    sh -c 'ls "/proc/$PPID/fd" >/dev/null 2>&1 && echo "fd open" ||
		echo "fd closed"
	    for f in mem environ; do
		if (exec 3<"/proc/$PPID/$f") 2>/dev/null; then
			echo "$f open"
		else
			echo "$f closed"
		fi
	    done
	    echo "parent $PPID"'
	out=$(client 127.0.0.1 "$PORT" </dev/null)
	expect "$out" "parent $LPID"
	expect_eq "$(echo "$out" | grep -c closed)" 3 "the listener, from its program: $out"
fi
exit 0
