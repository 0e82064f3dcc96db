# proxy-twice.t: a chain that holds svc-proxy twice (two balancers in a
# row, each sending its header): the second starts from its own options,
# never the first's (-a, -1), whether it is exec'd or run in the same
# forked child as the first
. tests/lib.sh
. tests/proxy.sh

V2='\041\021\000\014'"$V2ADDR4"
bytes "$T/both" 'PROXY TCP4 192.0.2.9 198.51.100.2 1 2\r\n'"$V2SIG$V2"'hello\n'

# -1 in the first, none in the second: a version 2 header is its to take
serve -1 svc-proxy -v
out=$(send "$T/both")
expect_eq "$out" "TCP 192.0.2.7:40000 198.51.100.1:80 192.0.2.7:40000 conn=unset
hello" "the second svc-proxy took the first's -1"
expect_log "svc-proxy: accept remote=192.0.2.7:40000 " 10
stop "$LPID"
newlog

# the first trusts loopback; the second only 192.0.2.0/24, which the
# socket's peer is not: refused, whatever the first allowed
serve -a 127.0.0.0/8 svc-proxy -a 192.0.2.0/24
refused "a peer outside the second's -a" "$T/both"
denied peer
stop "$LPID"
