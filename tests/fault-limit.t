# fault-limit.t: svc-limit with open, fcntl (its locks) and write failing
# at random points while 1500 connections come 8 at a time: it never
# admits more than -c at once, and once the failures stop every slot is
# free again (the limit is reached exactly, no slot leaked).  Twice:
# svc-limit exec'd (svc-listen -X), and run inside the listener (the
# fast path), where a failure must end the connection, never the
# listener, and leak no descriptor or lock.
. tests/lib.sh
. tests/fault.sh

# trial MODE ONLY: the whole test, svc-listen given MODE ("" or -X), the
# failures injected into the program named ONLY
trial() {
rm -f "$T/state" "$T/counts" "$T/faults"
newlog
FAULT_ONLY=$2 FAULT_RATE=150 FAULT_BURST=2 FAULT_FLAG=$T/on \
FAULT_LOG=$T/faults FAULT_CALLS=accept,fork,pipe,write,open,fcntl
export FAULT_ONLY FAULT_RATE FAULT_BURST FAULT_FLAG FAULT_LOG FAULT_CALLS
# each admitted copy stays 20 ms; 8 clients at a time press on the limit
start -P "$T/port" env LD_PRELOAD="$FI_PRELOAD" svc-listen $1 -c 60 \
    -p "$T/port" 127.0.0.1:0 svc-limit -f "$T/state" -c 4 -C 4 \
    -m 'busy\n' conccount "$T/counts" 20
expect_log "svc-listen: start"
touch "$T/on"
svc-connect -n 1500 -c 8 127.0.0.1 "$PORT" >"$T/load1" 2>&1
rm -f "$T/on"
cat "$T/load1"
echo "injected: open $(faults open), fcntl $(faults fcntl)," \
    "write $(faults write)"
[ "$(faults open)" -ge 5 ] && [ "$(faults fcntl)" -ge 5 ] ||
    fail "too few failures injected to prove anything"
counts=$(conccount -p "$T/counts")
echo "under failures: $counts"
most=$(echo "$counts" | sed 's/.*most=\([0-9]*\).*/\1/')
[ "$most" -le 4 ] || fail "admitted $most at once over -c 4"
[ "$most" -ge 1 ] || fail "nobody admitted under failures"
kill -0 "$LPID" || fail "listener died"
wait_for "every copy ended" 20 no_children "$LPID"
expect_eq "$(conccount -p "$T/counts" | sed 's/ most.*//')" now=0 \
    "copies still counted"

# no slot leaked: without failures the limit is reached, and not passed
rm -f "$T/counts"
svc-connect -n 300 -c 8 127.0.0.1 "$PORT" >"$T/load2" 2>&1
counts=$(conccount -p "$T/counts")
echo "after: $counts"
expect "$counts" "now=0 most=4 "
expect_log "svc-limit: deny"
stop "$LPID"
}

trial -X svc-limit
trial "" svc-listend
exit 0
