# usage-brackets.t: brackets hold an IPv6 address only; "[1.2.3.4]:80"
# or a bracketed name is bad usage (100), in every program that takes one
. tests/lib.sh

for a in '[1.2.3.4]:80' '[localhost]:80'; do
	svc-listen "$a" true 2>"$T/err" </dev/null
	expect_eq "$?" 100 "svc-listen $a"
	expect "$(cat "$T/err")" "svc-listen: fatal: bad address:"
done
for h in '[1.2.3.4]' '[localhost]'; do
	svc-connect -z "$h" 80 2>"$T/err" </dev/null
	expect_eq "$?" 100 "svc-connect $h"
	expect "$(cat "$T/err")" "svc-connect: fatal: bad host: $h"
done
svc-connect -i '[127.0.0.1]' -z 127.0.0.1 80 2>"$T/err" </dev/null
expect_eq "$?" 100 "svc-connect -i [127.0.0.1]"
exit 0
