# limit-default.t: without -f the state file is named from the listening
# port: /run/svc-limit/PORT for root, else (no XDG_RUNTIME_DIR)
# SVC_RUNTIME_DIR/svc-limit/PORT, the listener's own directory under
# TMPDIR, made 0600 in a directory made 0700
. tests/lib.sh
. tests/limit.sh

if [ "$(id -u)" = 0 ]; then
	dir=/run/svc-limit
	[ "$(uname -s)" = Linux ] || dir=/var/run/svc-limit
	[ -d "${dir%/*}" ] || skip "no ${dir%/*}"
fi
start -P "$T/port" env -u XDG_RUNTIME_DIR -u SVC_RUNTIME_DIR TMPDIR="$T" \
    svc-listen -p "$T/port" 127.0.0.1:0 svc-limit -R 1/m -m 'busy\n' hello
if [ "$(id -u)" != 0 ]; then
	for dir in "$T"/svc-listen.*; do :; done
	[ -d "$dir" ] || fail "no directory made by the listener in $T"
	dir=$dir/svc-limit
fi
file=$dir/$PORT
# this test's own file: the port is new, and it goes at the end
trap 'rm -f "$file"; rmdir "$dir" 2>/dev/null; cleanup' EXIT
expect_eq "$(from 127.0.0.2)" HELLO "first"
expect_eq "$(from 127.0.0.2)" busy "second"
[ -f "$file" ] || fail "no state file $file"
expect_eq "$(ls -ld "$file" | cut -c 1-10)" "-rw-------" "file mode"
expect_eq "$(ls -ld "$dir" | cut -c 1-10)" "drwx------" "directory mode"
if [ "$(id -u)" != 0 ]; then
	# a directory others can write is refused
	chmod 777 "$dir"
	expect_eq "$(from 127.0.0.3)" "" "in a directory others can write"
	expect_log "svc-limit: fatal: refusing $dir: not a directory of uid"
fi
