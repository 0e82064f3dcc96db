# connect-usage.t: bad usage and bad values exit 100 with one line, under
# an empty environment; compared with connect-usage.exp
. tests/lib.sh

c="$TOP/$O/bin/svc-connect"
run() {
	printf -- "--- %s\n" "$*"
	env - "$c" "$@" </dev/null 2>&1
	echo $?
}

{
run
run 127.0.0.1
run -x 127.0.0.1 1
run -t
run 127.0.0.1 0
run 127.0.0.1 65536
run 127.0.0.1 no-such-service
run 127.0.0.1 12x
run '' 1
run '[::1' 1
run -t 0 127.0.0.1 1
run -t x 127.0.0.1 1
run -t 1.5s 127.0.0.1 1
run -T -1 127.0.0.1 1
run -w 3000000 127.0.0.1 1
run -i 127.0.0.300 127.0.0.1 1
run -i localhost 127.0.0.1 1
run -i 127.0.0.5-2 127.0.0.1 1
run -i 127.0.0.1-256 127.0.0.1 1
run -i 127.1 127.0.0.1 1
run -i 010.0.0.1 127.0.0.1 1
run -i 127.1-5 127.0.0.1 1
run -r 0 -n 1 127.0.0.1 1
run -r 5 127.0.0.1 1
run -4 /nonexistent/s.sock
run -r 5 /nonexistent/s.sock
run -z /nonexistent/s.sock cat
run -i ::1-3 127.0.0.1 1
run -4 -i ::1 127.0.0.1 1
run -6 -4 127.0.0.1 1
run -i 127.0.0.1 -i ::1 127.0.0.1 1
run -n 0 127.0.0.1 1
run -n 10 -c 0 127.0.0.1 1
run -c 5 127.0.0.1 1
run -s x 127.0.0.1 1
run -e x 127.0.0.1 1
run -H 127.0.0.1 1
run -n 1 -s 'a\q' 127.0.0.1 1
run -n 1 -e 'a\x4' 127.0.0.1 1
run -n 1 127.0.0.1 1 cat
run -n 1 -z 127.0.0.1 1
run -z 127.0.0.1 1 cat
run -T 1 127.0.0.1 1 cat
run -T 1 -z 127.0.0.1 1
run -P v3 127.0.0.1 1
run -P v1, 127.0.0.1 1
run -P v1,1.2.3.4:5 127.0.0.1 1
run -P v1,1.2.3.4:5,::1:4 127.0.0.1 1
run -P v2,1.2.3.4:5,[::1]:4 127.0.0.1 1
run -P v2,localhost:5,1.2.3.4:4 127.0.0.1 1
run -P v2,1.2.3.4:65536,1.2.3.4:4 127.0.0.1 1
run -P v2crc,1.2.3.4:5,1.2.3.4:4,x 127.0.0.1 1
run -P 127.0.0.1 1
run --version
} >"$T/got"
diff -u tests/connect-usage.exp "$T/got" || fail "output differs from tests/connect-usage.exp"
