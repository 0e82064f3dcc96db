# pkg-systemd.t: package/examples/systemd/hello.service, as far as a
# machine where systemd is not PID 1 can check it: systemd-analyze
# verify finds nothing to say (unknown keys, bad values, missing
# ExecStart binary or man page), and its ExecStart line, expanded the
# way systemd does ($$ -> $, ${ADDR} and $OPTS from Environment=), runs
# the hello service.  Starting, stopping and restarting it under a real
# systemd (KillMode=process) is not checked here.
. tests/lib.sh
. tests/pkg.sh
need systemd-analyze
need_root	# ExecStart runs svc-listen -u nobody

root=$T/root
mk install DESTDIR="$root" PREFIX=/usr || fail "make install failed"
unit=$root/usr/share/doc/svc-tools/examples/systemd/hello.service
test -f "$unit" || fail "no $unit"
# the unit names svc-listen, which systemd looks for in /usr/local/bin
# and /usr/bin: point it at the one just installed
grep -q '^ExecStart=svc-listen ' "$unit" || fail "ExecStart is not svc-listen"
sed "s|^ExecStart=svc-listen |ExecStart=$root/usr/bin/svc-listen |" "$unit" \
    >"$T/hello.service"
if command -v man >/dev/null 2>&1; then
	MANPATH=$root/usr/share/man systemd-analyze verify "$T/hello.service" \
	    >"$T/verify" 2>&1
else
	systemd-analyze verify --man=no "$T/hello.service" >"$T/verify" 2>&1
fi
[ ! -s "$T/verify" ] || fail "systemd-analyze verify: $(cat "$T/verify")"
# and it does complain about a bad unit, so the check above can fail
sed 's/^KillMode=process$/KillMode=proces/' "$T/hello.service" >"$T/bad.service"
systemd-analyze verify --man=no "$T/bad.service" >"$T/verify" 2>&1
[ -s "$T/verify" ] || fail "systemd-analyze verify missed a bad KillMode"

grep -q '^Environment=ADDR=60321 OPTS=$' "$unit" ||
	fail "the unit's default address is not 60321"
cmd=$(sed -n 's/^ExecStart=//p' "$T/hello.service" | sed 's/\$\$/$/g')
ADDR=127.0.0.1:0 OPTS="-p $T/port"
open_T	# written by the unit's -u nobody
export ADDR OPTS
start sh -c "exec $cmd"
wait_for "the port file" 10 test -s "$T/port"
PORT=$(cat "$T/port")
hello "$PORT" gonzalo
expect_log "svc-listen: start local=127.0.0.1:$PORT max=100"
exit 0
