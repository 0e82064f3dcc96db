# listen-portfile.t: -p FILE appears only once the listener is ready to
# accept (privileges dropped, svc-listend running), and a start that fails
# leaves neither FILE nor its temporary file behind
. tests/lib.sh

# none FILE: neither FILE nor a temporary file of it exists
none() {
	[ -e "$1" ] && fail "$1 left behind"
	notmp "$1"
}

# notmp FILE: no temporary file of FILE exists
notmp() {
	for _f in "$1".*.tmp; do
		[ -e "$_f" ] && fail "$_f left behind"
	done
	return 0
}

svc-listen -p '' 127.0.0.1:0 true 2>"$T/err"
expect_eq "$?" 100 "status of -p ''"
expect_eq "$(cat "$T/err")" "svc-listen: fatal: -p wants a file name of 1 to 4000 bytes"

# a directory in the way: the rename fails, the temporary file goes
mkdir "$T/pdir"
timeout 20 svc-listen -p "$T/pdir" 127.0.0.1:0 true 2>"$T/err"
expect_eq "$?" 111 "status, -p a directory"
expect_eq "$(wc -l <"$T/err")" 1 "lines: $(cat "$T/err")"
expect "$(cat "$T/err")" "svc-listen: fatal: unable to rename $T/pdir."
notmp "$T/pdir"
[ -z "$(ls -A "$T/pdir")" ] || fail "files in $T/pdir"

# a folder that does not exist
timeout 20 svc-listen -p "$T/no/port" 127.0.0.1:0 true 2>"$T/err"
expect_eq "$?" 111 "status, -p in a missing folder"
expect "$(cat "$T/err")" "svc-listen: fatal: unable to create $T/no/port."

# the rest as nobody: skipped (77, after the checks above) where it cannot
need_root
id nobody >/dev/null 2>&1 || skip "no user nobody"
need_reach nobody svc-listen svc-listend hello
nob=$(id -u nobody)
chmod 755 "$T"
mkdir -m 1777 "$T/pub"

# a privilege drop that fails (nobody cannot become daemon): no port file
setpriv --reuid="$nob" --regid="$(id -g nobody)" --clear-groups \
    timeout 20 svc-listen -u daemon -p "$T/pub/p1" 127.0.0.1:0 true \
    2>"$T/err"
expect_eq "$?" 111 "status, failed drop"
expect "$(cat "$T/err")" "svc-listen: fatal: unable to switch to uid"
none "$T/pub/p1"

# once the file is there, the listener is svc-listend, already nobody
start -P "$T/pub/p2" svc-listen -u nobody -p "$T/pub/p2" 127.0.0.1:0 hello
expect_eq "$(cat "/proc/$LPID/comm")" svc-listend "process at port file"
expect_eq "$(awk '/^Uid:/ { print $2 }' "/proc/$LPID/status")" "$nob" "uid"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "served"
stop "$LPID"

# a folder the user of -u cannot write: refused after the drop, one line
mkdir -m 700 "$T/priv"
timeout 20 svc-listen -u nobody -p "$T/priv/p3" 127.0.0.1:0 hello 2>"$T/err"
expect_eq "$?" 111 "status, unwritable folder"
expect_eq "$(wc -l <"$T/err")" 1 "lines: $(cat "$T/err")"
expect "$(cat "$T/err")" "svc-listen: fatal: unable to create $T/priv/p3."
none "$T/priv/p3"
exit 0
