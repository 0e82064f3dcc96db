# listen-binary.t: all 256 byte values through cat, with no newline at the
# end; and a reply written in pieces arrives whole
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 cat
i=0
while [ $i -lt 256 ]; do
	printf "\\$(printf %03o $i)"
	i=$((i + 1))
done >"$T/bytes"
expect_eq "$(wc -c <"$T/bytes" | tr -d ' ')" 256 "input size"
client 127.0.0.1 "$PORT" <"$T/bytes" >"$T/back"
cmp "$T/bytes" "$T/back" || fail "bytes changed on the way"

# a fixed-size read without newline (the seed's 128-byte frame question)
start -P "$T/port2" svc-listen -p "$T/port2" 127.0.0.1:0 \
    sh -c 'head -c 128 >/dev/null; printf ab; printf cd; printf ef'
head -c 128 /dev/zero | tr '\0' '\001' >"$T/frame"
out=$(client 127.0.0.1 "$PORT" <"$T/frame")
expect_eq "$out" "abcdef" "reply in three writes"
exit 0
