# proxy-connect.t: svc-connect -P against svc-proxy, in pipe, UCSPI,
# probe and load mode, both versions and the CRC32C; then svc-limit after
# svc-proxy keyed on the addresses the headers name
. tests/lib.sh
. tests/proxy.sh

serve -v -t 10
for v in v1 v2 v2crc; do
	out=$(echo hi | client -P "$v,192.0.2.7:40000,198.51.100.1:80" \
	    127.0.0.1 "$PORT" 2>&1)
	expect_eq "$out" "TCP 192.0.2.7:40000 198.51.100.1:80 192.0.2.7:40000 conn=unset
hi" "pipe mode -P $v"
	out=$(echo hi | client -P "$v,[2001:db8::7]:1,[2001:db8::1]:443" \
	    127.0.0.1 "$PORT" 2>&1)
	expect_eq "$out" "TCP 2001:db8::7:1 2001:db8::1:443 2001:db8::7:1 conn=unset
hi" "pipe mode -P $v, IPv6"
	# no addresses: UNKNOWN or LOCAL, the socket's own
	out=$(echo hi | client -P "${v%crc}" 127.0.0.1 "$PORT" 2>&1)
	expect "$out" "TCP 127.0.0.1:"
	expect "$out" "
hi"
done
expect_log " version=1 command=unknown"
expect_log " version=2 command=local"
[ "$(log_count ' crc32c=ok')" = 2 ] || fail "two CRC32Cs checked"

# UCSPI mode: the header goes out before the program runs
out=$(client -P v2,192.0.2.8:1234,198.51.100.1:80 127.0.0.1 "$PORT" \
    sh -c 'echo there >&7; exec head -n 2 <&6' 2>&1)
expect_eq "$out" "TCP 192.0.2.8:1234 198.51.100.1:80 192.0.2.8:1234 conn=unset
there" "UCSPI mode -P v2"
# -z: the header, then the end
newlog
client -z -P v1,192.0.2.9:1,198.51.100.1:80 127.0.0.1 "$PORT" ||
    fail "-z -P"
expect_log "svc-proxy: accept remote=192.0.2.9:1 "
[ "$(log_count 'svc-proxy: deny')" = 0 ] || fail "-z -P refused"

# load mode: each connection sends the header and -s in one write
for v in v1 v2crc; do
	newlog
	out=$(client -n 200 -c 8 -P "$v,192.0.2.10:5,198.51.100.1:80" \
	    -s 'x\n' -e 'TCP 192.0.2.10:5 198.51.100.1:80 192.0.2.10:5 conn=unset\nx\n' \
	    127.0.0.1 "$PORT" 2>&1) || fail "load -P $v: $out"
	expect "$out" "conns=200 errors=0 "
	wait_for "200 accept lines" 10 log_atleast 200 \
	    "svc-proxy: accept remote=192.0.2.10:5 "
done
stop "$LPID"

# svc-limit after svc-proxy counts the clients the headers name
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-proxy \
    svc-limit -f "$T/state" -R 1/m -m 'busy\n' sh -c 'echo "hello $TCPREMOTEIP"'
from() {
	client -P "v2,$1:4000,$2:80" 127.0.0.1 "$PORT" </dev/null 2>&1
}
expect_eq "$(from 192.0.2.1 198.51.100.1)" "hello 192.0.2.1" "first of 192.0.2.1"
expect_eq "$(from 192.0.2.2 198.51.100.1)" "hello 192.0.2.2" "first of 192.0.2.2"
expect_eq "$(from 192.0.2.1 198.51.100.1)" "busy" "second of 192.0.2.1"
expect_eq "$(from [2001:db8::1] [2001:db8::2])" "hello 2001:db8::1" "first of 2001:db8::1"
expect_log "svc-limit: deny remote=192.0.2.1:4000 reason=rate limit=1/m"
