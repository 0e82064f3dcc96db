# log-enospc.t: when the -o file's disk fills, the file ends after its
# last whole line (never mid-line) with a line saying it was cut where
# that fits, stderr says so once, and the trace and the end line go on
# on stderr
. tests/lib.sh
need_root
need unshare nsenter mount

mkdir "$T/d"
# a 16 KiB disk for the -o folder, in a mount namespace of the listener's
start unshare -m sh -c 'mount -t tmpfs -o size=16k tmpfs "$1" &&
    exec svc-listen -p "$2" 127.0.0.1:0 svc-log -x -o "$1" cat' \
    _ "$T/d" "$T/port"
wait_for "port file" 10 test -s "$T/port"
PORT=$(cat "$T/port")
head -c 30000 /dev/zero | client 127.0.0.1 "$PORT" >/dev/null ||
    fail "client"
expect_log "svc-log: end remote=127.0.0.1:"
expect_eq "$(log_count 'svc-log: warning: unable to write the -o file')" 1 \
    "warnings"
expect_log "svc-log: warning: unable to write the -o file"
# inside: the file ends with a newline, its lines all whole trace lines
# (-r: the listener's root too, which is not / inside a chroot)
nsenter -t "$LPID" -m -r sh -c 'cat "$1"/*' _ "$T/d" >"$T/trace"
[ -s "$T/trace" ] || fail "empty trace file"
expect_eq "$(tail -c 1 "$T/trace" | od -An -c | tr -d ' ')" '\n' "last byte"
grep -v '^svc-log: [0-9]* [<>] [0-9]* [0-9]* "[^"]*"$' "$T/trace" |
    grep -v '^svc-log: start ' | grep -v '^svc-log: warning: ' >"$T/odd"
[ -s "$T/odd" ] && fail "odd lines in the file: $(head -c 300 "$T/odd")"
# stderr has the whole trace: 30000 bytes each way
expect_log '> 29'
exit 0
