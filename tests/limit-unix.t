# limit-unix.t: behind a UNIX-domain listener a source is a user: -C 1
# refuses root's second connection while its first is held, admits
# nobody's; svc-log names the peer by its ids; the same behind
# ucspi-unix's unixserver
. tests/lib.sh
need setpriv
need_root

chmod 711 "$T"
start -P "$T/path" svc-listen -m 0666 -p "$T/path" "$T/s.sock" svc-limit -f "$T/state" \
    -C 1 -m 'busy\n' svc-log sh -c 'echo HELLO; exec cat'
start svc-connect "$T/s.sock" sh -c 'exec cat <&6 >"$0"' "$T/h1"
wait_for "the first to be served" 10 grep -q HELLO "$T/h1"
out=$(svc-connect -T 20 "$T/s.sock" </dev/null 2>&1)
expect_eq "$out" "busy" "root's second connection"
expect_log "svc-limit: deny remote=uid:0,gid:0,pid:"
expect_log "reason=conc limit=1 source=uid:0"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
    svc-connect -T 20 "$T/s.sock" </dev/null 2>&1)
expect_eq "$out" "HELLO" "another user"
expect_log "svc-log: end remote=uid:65534,gid:65534,pid:"
# the same behind ucspi-unix's unixserver, which sets the same names
if command -v unixserver >/dev/null 2>&1; then
	newlog
	POSIXLY_CORRECT=1 start unixserver "$T/u.sock" svc-limit \
	    -f "$T/state2" -C 1 -m 'busy\n' sh -c 'echo HELLO; exec cat'
	start svc-connect -w 10 "$T/u.sock" sh -c 'exec cat <&6 >"$0"' "$T/h2"
	wait_for "the first to be served" 10 grep -q HELLO "$T/h2"
	out=$(svc-connect -T 20 "$T/u.sock" </dev/null 2>&1)
	expect_eq "$out" "busy" "root's second connection behind unixserver"
	expect_log "reason=conc limit=1 source=uid:0"
fi

# the default state file is named after the socket's path
out=$(cd "$T" && TMPDIR=$T PROTO=UNIX UNIXREMOTEEUID=5 svc-limit -C 1 true 2>&1)
expect "$out" "UNIXLOCALPATH unset"
out=$(PROTO=UNIX svc-limit -C 1 true 2>&1)
expect_eq "$?" 100 "PROTO=UNIX without UNIXREMOTEEUID"
exit 0
