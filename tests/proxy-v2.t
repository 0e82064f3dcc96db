# proxy-v2.t: version 2 headers: IPv4 and IPv6, LOCAL, TLVs skipped, a
# CRC32C TLV checked (right, and wrong by one byte); -1 refuses version 2
. tests/lib.sh
. tests/proxy.sh

serve -v
# by hand: PROXY over TCP/IPv4, 12 bytes of addresses
bytes "$T/v4" "$V2SIG"'\041\021\000\014'"$V2ADDR4"'hello\n'
out=$(send "$T/v4")
expect_eq "$out" "TCP 192.0.2.7:40000 198.51.100.1:80 192.0.2.7:40000 conn=unset
hello" "v2 IPv4"

# the same with TLVs after the addresses (NOOP, then a custom one)
bytes "$T/tlv" "$V2SIG"'\041\021\000\027'"$V2ADDR4"'\004\000\002xx\340\000\003abchello\n'
out=$(send "$T/tlv")
expect_eq "$out" "TCP 192.0.2.7:40000 198.51.100.1:80 192.0.2.7:40000 conn=unset
hello" "v2 IPv4 with TLVs"
# one TLV byte short of its length: refused
bytes "$T/tlvshort" "$V2SIG"'\041\021\000\026'"$V2ADDR4"'\004\000\002xx\340\000\003ab'
refused "a TLV cut short" "$T/tlvshort"
denied v2-tlv

# by hand: TCP/IPv6, 2001:db8::7 port 1 to 2001:db8::1 port 443
bytes "$T/v6" "$V2SIG"'\041\041\000\044\040\001\015\270\000\000\000\000\000\000\000\000\000\000\000\007\040\001\015\270\000\000\000\000\000\000\000\000\000\000\000\001\000\001\001\273hello\n'
out=$(send "$T/v6")
expect_eq "$out" "TCP 2001:db8::7:1 2001:db8::1:443 2001:db8::7:1 conn=unset
hello" "v2 IPv6"
expect_log "svc-proxy: accept remote=[2001:db8::7]:1 local=[2001:db8::1]:443 peer=127.0.0.1:"

# LOCAL (a health check), with no addresses and with some: ignored
for h in '\040\000\000\000' '\040\021\000\014'"$V2ADDR4"; do
	bytes "$T/local" "$V2SIG$h"'hello\n'
	out=$(send "$T/local")
	expect "$out" "TCP 127.0.0.1:"
	expect_not "$out" "conn=unset"
	expect "$out" "
hello"
done
expect_log " version=2 command=local"
# PROXY over UNIX stream (family 0x31, 216 bytes of paths): the socket's
# addresses too, and logged as the PROXY command it was
z8='\000\000\000\000\000\000\000\000'
z216=$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8$z8
bytes "$T/unix" "$V2SIG"'\041\061\000\330'"$z216"'hello\n'
out=$(send "$T/unix")
expect "$out" "TCP 127.0.0.1:"
expect "$out" "
hello"
expect_log " version=2 command=proxy-not-tcp"

# a CRC32C TLV: a header as svc-connect -P v2crc makes it, caught by a
# service that keeps its bytes; then one address byte changed
start -P "$T/dport" svc-listen -p "$T/dport" 127.0.0.1:0 sh -c 'exec cat >"$0"' "$T/dump"
DPORT=$PORT
client -P v2crc,192.0.2.7:40000,198.51.100.1:80 127.0.0.1 "$DPORT" </dev/null ||
    fail "svc-connect -P to the dump"
wait_for "the dump" 10 test -s "$T/dump"
[ "$(wc -c <"$T/dump")" -eq 35 ] || fail "a v2 header with CRC32C is not 35 bytes"
PORT=$(cat "$T/port")
{ cat "$T/dump"; printf 'hello\n'; } >"$T/crc"
out=$(send "$T/crc")
expect_eq "$out" "TCP 192.0.2.7:40000 198.51.100.1:80 192.0.2.7:40000 conn=unset
hello" "right CRC32C"
expect_log " crc32c=ok"
{ head -c 24 "$T/dump"; printf '\235'; tail -c +26 "$T/dump"
    printf 'hello\n'; } >"$T/badcrc"
cmp -s "$T/crc" "$T/badcrc" && fail "the byte was not changed"
refused "wrong CRC32C" "$T/badcrc"
denied v2-crc32c

# bad version, command, family
for h in '\061\021\000\014' '\042\021\000\014' '\041\041\000\014' \
    '\041\023\000\014'; do
	bytes "$T/bad" "$V2SIG$h$V2ADDR4"
	refused "a bad header $h" "$T/bad"
done
denied v2-version
denied v2-command
denied v2-length
denied v2-family
stop "$LPID"

# -1: version 1 only
serve -1
refused "a v2 header under -1" "$T/v4"
denied version
