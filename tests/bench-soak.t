# bench-soak.t: bench/soak, small (2,000 connections, 64 at once, -c 8):
# the script runs and its checks hold (nothing lost, no zombie, the
# listener's descriptors unchanged); "make soak" runs the full size
. tests/lib.sh

SOAK_N=2000 SOAK_K=64 SOAK_C=8 SOAK_STEPS=2 sh bench/soak >"$T/soak" 2>&1 ||
    fail "soak: $(cat "$T/soak")"
expect "$(cat "$T/soak")" "soak: result conns=2000 lost=0 zombies=0"
exit 0
