# usage-decimals.t: durations take at most three decimals (milliseconds),
# as the pages say; a fourth is bad usage, not silently cut
. tests/lib.sh

for opt in -t -i -k; do
	svc-log -x "$opt" 1.2345 true 2>"$T/err" </dev/null
	expect_eq "$?" 100 "svc-log $opt 1.2345"
	expect "$(cat "$T/err")" "svc-log: fatal: $opt wants seconds"
	svc-log -x "$opt" 1.234 true 2>"$T/err" </dev/null
	expect_eq "$?" 0 "svc-log $opt 1.234: $(cat "$T/err")"
done
for opt in -t -T -w; do
	svc-connect "$opt" 0.0001 127.0.0.1 1 2>"$T/err" </dev/null
	expect_eq "$?" 100 "svc-connect $opt 0.0001"
	expect "$(cat "$T/err")" "svc-connect: fatal: $opt wants seconds"
done
# svc-listen's drain and grace, svc-proxy's header timeout
for d in 1.2345 1:1.2345; do
	svc-listen -d "$d" 127.0.0.1:0 true 2>"$T/err" </dev/null
	expect_eq "$?" 100 "svc-listen -d $d"
	expect "$(cat "$T/err")" "svc-listen: fatal: -d wants secs or secs:grace"
	expect "$(cat "$T/err")" "(up to 3 decimals)"
done
svc-proxy -t 1.2345 true 2>"$T/err" </dev/null
expect_eq "$?" 100 "svc-proxy -t 1.2345"
expect "$(cat "$T/err")" "svc-proxy: fatal: -t wants seconds"
exit 0
