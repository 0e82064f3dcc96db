# listen-dualstack.t: without a host, one socket serves IPv4 and IPv6;
# run in a private network namespace so nothing listens beyond it
. tests/lib.sh
need_root
need unshare ip
unshare -n true 2>/dev/null || skip "no network namespaces here"

unshare -n sh -c '
	ip link set lo up || exit 1
	svc-listen -h -p "$T/port" 0 sh -c "echo \$TCPLOCALIP \$TCPREMOTEIP \${TCPREMOTEHOST:-nohost}" \
	    2>>"$T/log" &
	l=$!
	n=0
	while [ ! -s "$T/port" ] && [ $n -lt 500 ]; do sleep 0.02; n=$((n+1)); done
	p=$(cat "$T/port")
	svc-connect 127.0.0.1 "$p" </dev/null >"$T/v4"
	svc-connect ::1 "$p" </dev/null >"$T/v6"
	kill $l
	wait $l
' || fail "namespace run failed: $(cat "$T/log")"
name=$(getent hosts 127.0.0.1 | awk '{print $2; exit}')
expect_eq "$(cat "$T/v4")" "127.0.0.1 127.0.0.1 ${name:-nohost}" \
    "IPv4 client, shown and looked up as IPv4"
expect_eq "$(cut -d' ' -f1,2 "$T/v6")" "::1 ::1" "IPv6 client"
expect_log "start local=[::]:"
exit 0
