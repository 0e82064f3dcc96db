# pkg-systemd.t: package/examples/systemd, as far as a machine where
# systemd is not PID 1 can check it: systemd-analyze verify finds
# nothing to say about hello.socket, hello.service and
# hello-bind.service (unknown keys, bad values, missing ExecStart binary
# or man page), installed in /usr, and in /usr/local, where the bare
# svc-listen of ExecStart= is found too; hello-bind.service's ExecStart
# line, expanded the way systemd does ($$ -> $, ${ADDR} and $OPTS from
# Environment=), serves the hello service and sends READY=1
# (Type=notify); hello.service's runs for real under
# systemd-socket-activate on hello.socket's port (in a network
# namespace of its own), the socket picked by its
# FileDescriptorName=.  Starting and restarting them under a real
# systemd is not checked here.
. tests/lib.sh
. tests/pkg.sh
need systemd-analyze systemd-socket-activate socat unshare ip
need_root	# ExecStart runs svc-listen -u nobody

root=$T/root
mk install DESTDIR="$root" PREFIX=/usr || fail "make install failed"
ex=$root/usr/share/doc/svc-tools/examples/systemd
for u in hello.socket hello.service hello-bind.service; do
	test -f "$ex/$u" || fail "no $ex/$u"
	# the units name svc-listen bare, which systemd finds in /usr/bin or
	# /usr/local/bin (wherever make install put it): point at the one
	# just installed
	sed "s|^ExecStart=svc-listen |ExecStart=$root/usr/bin/svc-listen |" \
	    "$ex/$u" >"$T/$u"
done
verify() {
	if command -v man >/dev/null 2>&1; then
		MANPATH=$root/usr/share/man systemd-analyze verify "$@"
	else
		systemd-analyze verify --man=no "$@"
	fi
}
(cd "$T" && verify hello.socket hello.service hello-bind.service) \
    >"$T/verify" 2>&1
[ ! -s "$T/verify" ] || fail "systemd-analyze verify: $(cat "$T/verify")"
# the units as shipped, after a plain make install (into /usr/local):
# systemd finds the bare svc-listen in /usr/local/bin, which a private
# mount holds here
mk install DESTDIR="$T/local" >/dev/null || fail "make install failed"
unshare -m sh -c 'mount --make-rprivate / &&
    mount --bind "$1/usr/local/bin" /usr/local/bin && cd "$2" &&
    systemd-analyze verify --man=no hello.socket hello.service \
    hello-bind.service' sh "$T/local" "$ex" >"$T/verify" 2>&1 ||
	fail "systemd-analyze verify, svc-listen in /usr/local/bin: $(cat "$T/verify")"
[ ! -s "$T/verify" ] ||
	fail "systemd-analyze verify, svc-listen in /usr/local/bin: $(cat "$T/verify")"
# and it does complain about a bad unit, so the check above can fail
sed 's/^KillMode=mixed$/KillMode=mixd/' "$T/hello-bind.service" >"$T/bad.service"
systemd-analyze verify --man=no "$T/bad.service" >"$T/verify" 2>&1
[ -s "$T/verify" ] || fail "systemd-analyze verify missed a bad KillMode"
grep -q '^Accept=no$' "$ex/hello.socket" || fail "hello.socket is not Accept=no"

# hello-bind.service: binds 127.0.0.1:0 instead of 60321, READY=1 sent
grep -q '^Environment=ADDR=60321 OPTS=$' "$ex/hello-bind.service" ||
	fail "the unit's default address is not 60321"
start socat -u "UNIX-RECV:$T/notify" "OPEN:$T/notes,creat,append"
wait_for "the notify receiver" 10 test -S "$T/notify"
cmd=$(sed -n 's/^ExecStart=//p' "$T/hello-bind.service" | sed 's/\$\$/$/g')
ADDR=127.0.0.1:0 OPTS="-p $T/port" NOTIFY_SOCKET=$T/notify
open_T	# written by the unit's -u nobody
export ADDR OPTS NOTIFY_SOCKET
start sh -c "exec $cmd"
wait_for "the port file" 10 test -s "$T/port"
PORT=$(cat "$T/port")
hello "$PORT" gonzalo
expect_log "svc-listen: start local=127.0.0.1:$PORT max=100"
wait_for "READY=1" 10 grep -q 'READY=1' "$T/notes"
unset ADDR NOTIFY_SOCKET

# hello.service under systemd-socket-activate, on hello.socket's port
port=$(sed -n 's/^ListenStream=//p' "$ex/hello.socket")
name=$(sed -n 's/^FileDescriptorName=//p' "$ex/hello.socket")
expect_eq "$port $name" "60321 hello" "hello.socket's port and name"
cmd=$(sed -n 's/^ExecStart=//p' "$T/hello.service" | sed 's/\$\$/$/g')
OPTS= unshare -n sh -c '
	ip link set lo up || exit 1
	systemd-socket-activate -l "$1" --fdname="$2" sh -c "exec $3" \
	    2>>"$T/log" &
	a=$!
	echo gonzalo | svc-connect -w 10 127.0.0.1 "$1" >"$T/act.out"
	echo again | svc-connect -w 10 ::1 "$1" >>"$T/act.out"
	kill $a; wait $a
' sh "$port" "$name" "$cmd" || fail "the activated unit in a namespace"
expect_eq "$(cat "$T/act.out")" "hello gonzalo
hello again" "replies of the activated unit"
expect_log "svc-listen: start local=[::]:60321 max=100"
exit 0
