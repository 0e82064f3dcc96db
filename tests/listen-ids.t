# listen-ids.t: a numeric uid or gid that does not fit uid_t/gid_t (or is
# the reserved -1) is bad usage, one line and exit 100, before anything
# is bound; it never wraps around to root
. tests/lib.sh
need_root
open_T	# -u writes the port files

# bad ID ARGS...: svc-listen ARGS exits 100 with one line naming ID
bad() {
	_id=$1
	shift
	rm -f "$T/p"
	# bounded: a listener that wrongly starts would serve forever
	timeout 10 svc-listen "$@" -p "$T/p" 127.0.0.1:0 id 2>"$T/err" </dev/null
	_rc=$?
	[ -e "$T/p" ] && fail "$*: port file written"
	expect_eq "$_rc" 100 "status of $*"
	expect_eq "$(wc -l <"$T/err")" 1 "lines from $*: $(cat "$T/err")"
	expect "$(cat "$T/err")" "svc-listen: fatal: "
	expect "$(cat "$T/err")" "$_id"
}

bad 4294967296 -u 4294967296
bad 4294967296 -u 4294967296 -g 65534
bad 4294967296 -g 4294967296
bad 4294967297 -u 4294967297 -g 65534
bad 4294967295 -u 4294967295 -g 65534
bad 4294967295 -g 4294967295
bad 18446744073709551616 -g 18446744073709551616
UID=4294967296 GID=65534 bad '$UID' -U
UID=65534 GID=4294967296 bad '$GID' -U
UID=4294967297 GID=4294967297 bad '$UID' -U

# the largest ids that fit still work as plain numbers
start -P "$T/port" svc-listen -u 4294967294 -g 4294967294 -p "$T/port" 127.0.0.1:0 \
    sh -c 'id -u; id -g'
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "4294967294
4294967294" "ids 2^32-2"
exit 0
