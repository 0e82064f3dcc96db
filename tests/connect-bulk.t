# connect-bulk.t: 50 MB of random bytes through a cat service come back
# whole (binary safe; both directions flow at once without deadlock)
. tests/lib.sh

head -c 50000000 /dev/urandom >"$T/in" || fail "unable to make input"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 cat
svc-connect 127.0.0.1 "$PORT" <"$T/in" >"$T/out" || fail "status $?"
expect_eq "$(wc -c <"$T/out")" 50000000 "bytes back"
expect_eq "$(cksum <"$T/out")" "$(cksum <"$T/in")" "checksum"
rm -f "$T/in" "$T/out"
