# limit-denymsg.t: a refused client that has already sent data still
# reads -m's message: svc-limit reads that data before it closes, since
# closing with unread input would send a reset instead.
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 \
    svc-limit -f "$T/state" -R 1/h -B 1 -m 'busy\n' sh -c 'read x; echo ok'
expect_eq "$(echo first | svc-connect 127.0.0.1 "$PORT" 2>&1)" ok "first"
i=0
while [ $i -lt 10 ]; do
	out=$(echo "request $i" | svc-connect 127.0.0.1 "$PORT" 2>&1)
	expect_eq "$out" busy "refused client $i"
	i=$((i + 1))
done
exit 0
