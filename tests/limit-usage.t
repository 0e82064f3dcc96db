# limit-usage.t: svc-limit run wrongly, under env -: every line it
# prints and every exit status, compared with tests/limit-usage.exp
. tests/lib.sh

L="$TOP/$O/bin/svc-limit"
# try [VAR=VALUE...] -- ARG...: one run, its output and exit status
try() {
	vars=""
	while [ "$1" != -- ]; do
		vars="$vars $1"
		shift
	done
	shift
	echo "--- ${vars# }${vars:+ }svc-limit $*"
	# shellcheck disable=SC2086
	env - $vars "$L" "$@" 2>&1
	echo "exit $?"
}

{
try --
try -- -R 5/m
try -- true
try -- -x -R 1/s true
try -- -C 1 -R
try -- -R 0/s true
try -- -R 5 true
try -- -R 5/d true
try -- -R 5/ss true
try -- -R /s true
try -- -R 1000000001/s true
try -- -R 10/s -B 0 true
try -- -B 5 true
try -- -R 1/s -b 5 true
try -- -R 1/h -B 1000000000 true
try -- -C 0 true
try -- -C 1025 true
try -- -C 2x true
try -- -c 0 true
try -- -c 16385 true
try -- -p 24 -C 1 true
try -- -p 33:64 -C 1 true
try -- -p 24:129 -C 1 true
try -- -p :64 -C 1 true
try -- -p 24: -C 1 true
try -- -a 10.1.2.3/8 -C 1 true
try -- -a example.com -C 1 true
try -- -a 10.0.0.0/33 -C 1 true
try -- -m 'bad\q' -C 1 true
try -- -n 0 -R 1/s true
try -- -n 1048577 -R 1/s true
try -- -f '' -R 1/s true
try -- -R 1/s true
try TCPREMOTEIP=junk -- -R 1/s true
try TCPREMOTEIP=127.0.0.2 -- -R 1/s true
try TCPREMOTEIP=127.0.0.2 TCPLOCALPORT=99999 -- -R 1/s true
try TCPREMOTEIP=127.0.0.2 -- -a 127.0.0.0/8 -R 1/s true
try TCPREMOTEIP=127.0.0.2 -- -a 127.0.0.0/8 -R 1/s /nonexistent
try TCPREMOTEIP=127.0.0.2 -- -a 127.0.0.0/8 -R 1/s /
} >"$T/got"
diff -u tests/limit-usage.exp "$T/got" ||
    fail "output differs from tests/limit-usage.exp"
"$L" --version | grep -q '^svc-limit [0-9]' || fail "--version"
"$L" --help | grep -q '^usage: svc-limit' || fail "--help"
