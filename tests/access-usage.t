# access-usage.t: svc-access run wrongly, under env -: every line it
# prints and every exit status, compared with tests/access-usage.exp
. tests/lib.sh

A="$TOP/$O/bin/svc-access"
cd "$T" || exit 1
printf '127.0.0.1 allow\n' >rules
# try [VAR=VALUE...] -- ARG...: one run, its output and exit status
try() {
	vars=""
	while [ "$1" != -- ]; do
		vars="$vars $1"
		shift
	done
	shift
	echo "--- ${vars# }${vars:+ }svc-access $*"
	# shellcheck disable=SC2086
	env - $vars "$A" "$@" 2>&1
	echo "exit $?"
}

{
try --
try -- -f rules
try -- true
try -- -y -f rules true
try -- -f
try -- -f '' true
try -- -f rules -x rules true
try -- -c rules
try -- -c rules idx extra
try -- -c -f rules rules idx
try -- -c nonexistent idx
try -- -f rules true
try TCPREMOTEIP=junk -- -f rules true
try TCPREMOTEIP=127.0.0.1 -- -f rules /nonexistent
try TCPREMOTEIP=127.0.0.1 -- -f rules /
try TCPREMOTEIP=127.0.0.2 -- -f rules true
try TCPREMOTEIP=127.0.0.2 -- -q -f rules true
try TCPREMOTEIP=127.0.0.1 TCPREMOTEPORT=4000 -- -v -f rules true
} >got
diff -u "$TOP/tests/access-usage.exp" got ||
    fail "output differs from tests/access-usage.exp"
"$A" --version | grep -q '^svc-access [0-9]' || fail "--version"
"$A" --help | grep -q '^usage: svc-access' || fail "--help"
