# proxy-data.t: svc-proxy reads no byte past the header.  The program
# gets the client's first bytes intact when they come in one segment
# with the header (text, binary, 100 KB), and a header sent a byte at a
# time over a slow client is read whole, for both versions.
. tests/lib.sh
. tests/proxy.sh

# the service prints the addresses, then the hex of every byte it reads
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-proxy -t 30 $FAST sh -c \
    'echo "$TCPREMOTEIP:$TCPREMOTEPORT"; od -An -v -tx1 | tr -d " \n"'
DATA='\000\001\377\015\012PROXY TCP4 1.2.3.4 5.6.7.8 1 2\015\012GET / HTTP/1.0\015\012'
bytes "$T/data" "$DATA"
want=$(od -An -v -tx1 <"$T/data" | tr -d ' \n')

bytes "$T/one1" "PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\\r\\n$DATA"
expect_eq "$(send "$T/one1")" "192.0.2.7:40000
$want" "v1 and data in one segment"
bytes "$T/one2" "$V2SIG"'\041\021\000\014'"$V2ADDR4$DATA"
expect_eq "$(send "$T/one2")" "192.0.2.7:40000
$want" "v2 and data in one segment"

# a 100 KB request after the header, in one write: every byte, in order
stop "$LPID"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-proxy $FAST sh -c \
    'echo "$TCPREMOTEIP"; cksum'
dd if=/dev/urandom of="$T/big" bs=1024 count=100 2>/dev/null
want=$(cksum <"$T/big")
{ printf 'PROXY TCP6 2001:db8::7 2001:db8::1 1 2\r\n'; cat "$T/big"; } >"$T/bigreq"
expect_eq "$(send "$T/bigreq")" "2001:db8::7
$want" "100 KB after a v1 header"
{ cat "$T/one2"; cat "$T/big"; } >"$T/bigreq"
want=$(cat "$T/data" "$T/big" | cksum)
expect_eq "$(send "$T/bigreq")" "192.0.2.7
$want" "100 KB after a v2 header"

# slow: the header a byte at a time, a pause after each, then data
stop "$LPID"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-proxy -v -t 60 $FAST sh -c \
    'echo "$TCPREMOTEIP:$TCPREMOTEPORT"; cat'
# dribble FILE: FILE's bytes one at a time, then "hello"
dribble() {
	_n=$(wc -c <"$1")
	_k=0
	while [ "$_k" -lt "$_n" ]; do
		dd if="$1" bs=1 skip="$_k" count=1 2>/dev/null
		sleep 0.03
		_k=$((_k + 1))
	done
	printf 'hello\n'
}
bytes "$T/h1" 'PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\n'
out=$(dribble "$T/h1" | client -T 30 127.0.0.1 "$PORT" 2>&1)
expect_eq "$out" "192.0.2.7:40000
hello" "v1 a byte at a time"
bytes "$T/h2" "$V2SIG"'\041\021\000\014'"$V2ADDR4"
out=$(dribble "$T/h2" | client -T 30 127.0.0.1 "$PORT" 2>&1)
expect_eq "$out" "192.0.2.7:40000
hello" "v2 a byte at a time"
[ "$(log_count 'svc-proxy: accept remote=192.0.2.7:40000')" = 2 ] ||
    fail "two slow headers accepted"
