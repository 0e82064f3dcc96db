# listen-unix-swap.t: a local user who can write the directory of a root
# listener's UNIX socket replaces the socket's file, right after the
# bind, with a link to a file of root's (tests/fault/swap.c, on the
# dynamic build, plays that user and always wins the race).  The mode
# and owner asked for (-m, -o) are never set on the link's target:
# the listener refuses with one line, status 111, and leaves it as it was.
. tests/lib.sh
need_root
. tests/fault.sh
[ -f "$FI/swap.so" ] || fail "no $FI/swap.so (make check-build)"
id nobody >/dev/null 2>&1 || skip "no user nobody"

mkdir "$T/app"
for opts in "-m 0666" "-o nobody" "-m 0660 -o nobody:nogroup" \
    "-u nobody -m 0666"; do
	echo secret >"$T/target"
	chmod 600 "$T/target"
	# shellcheck disable=SC2086
	SWAP_TARGET=$T/target LD_PRELOAD=$FI/swap.so timeout 10 \
	    svc-listen $opts "$T/app/hello.sock" true 2>"$T/err"
	rc=$?
	expect_eq "$rc" 111 "status with $opts: $(cat "$T/err")"
	expect_eq "$(cat "$T/err")" "svc-listen: fatal: refusing $T/app/hello.sock: another file took the socket's place as it was made (others can write its directory)" "line with $opts"
	expect_eq "$(stat -c '%a %U %G' "$T/target")" "600 root root" \
	    "the target with $opts"
	expect_eq "$(cat "$T/target")" secret "the target's data"
	[ -L "$T/app/hello.sock" ] || fail "the link was removed: not ours"
	rm -f "$T/app/hello.sock"
done

# without the race, the same options are set as asked
start svc-listen -m 0660 -o nobody:nogroup "$T/app/hello.sock" echo up
wait_for "the socket" 10 test -S "$T/app/hello.sock"
wait_for "the start line" 10 log_has "svc-listen: start"
expect_eq "$(stat -c '%a %U %G' "$T/app/hello.sock")" "660 nobody nogroup" \
    "mode and owner"
expect_eq "$(svc-connect "$T/app/hello.sock" </dev/null)" up "served"
stop "$LPID"
exit 0
