# log-usage.t: bad usage -> one line and 100, before anything runs; the
# lines are pinned down by log-usage.exp (run under env -, rts style).
. tests/lib.sh
L="$TOP/$O/bin/svc-log"
{
	for args in "" "-v" "-Z true" "-x" "-o" "-i" "-i 1 true" \
	    "-x -i 0 true" "-x -i abc true" "-t 1x true" "-t -1 true" \
	    "-t '' true" "-t 2000001 true" "-k 9999999999 true" \
	    "-k 1.2.3 true" "-o '' true" "-- -x"; do
		echo "--- svc-log $args"
		eval "env - \"\$L\" $args" 2>&1 </dev/null
		echo $?
	done
	echo "--- svc-log --help"
	env - "$L" --help >/dev/null 2>&1
	echo $?
	echo "--- svc-log --version"
	env - "$L" --version 2>&1
	echo $?
} >"$T/got"
diff "$TOP/tests/log-usage.exp" "$T/got" || fail "output differs from tests/log-usage.exp"
exit 0
