# doc-examples.t: every runnable example of README.md, doc/*.md, the man
# pages and package/examples runs, and prints what its text says.
#
# What is run (doc/design.md says the same for writers):
# - Markdown: fenced blocks marked ```sh; other blocks are not run.
# - man pages: each .Bd -literal display, in any section, unless the
#   line before it is '.\" no-run: why' (log lines, rules, unit files).
# - package/examples: the comment lines of a file that start with "$ ".
# In README.md and doc/services.md, a block not run says why:
# '<!-- no-run: why -->' on the line before its fence (marked, below).
# A block is one sh -e script, run in a copy of package/examples, in a
# private network namespace (so examples may bind any port on every
# address) and mount namespace (tmpfs over /run and /srv, overlays over
# /etc, /usr, /var, /opt, /home, /root and /tmp, so that whatever the
# examples write vanishes with it).  A line ending
# in \, | or && goes on on the next.  In a block:
# - "cmd  # -> TEXT", or "# -> TEXT" alone on the next line: cmd prints
#   TEXT ("..": anything; "exit N: TEXT": cmd exits N);
# - in a console block, "$ cmd" lines are commands and the lines after
#   each are what it prints;
# - a svc-listen command not sent to the background is a server: it is
#   started in the background and waited for until it listens; if the
#   block does nothing after it, one client connects, sends nothing, and
#   must be served to a clean end, the program exiting 0.
# Servers' standard error must hold no warning and no fatal line.  The
# harness checks itself first on blocks it must reject.  Each block gets
# 60 seconds, and its processes are ended by process
# group when it is done.
. tests/lib.sh

if [ "${DOCEX_INNER:-}" != 1 ]; then
	need_root
	# and what the examples run besides svc-tools (CI installs it all)
	need unshare mount ip ss setsid php tcprules unixclient \
	    systemd-socket-activate s6-ipcserver-socketbinder
	DOCEX_INNER=1
	export DOCEX_INNER
	exec unshare -n -m sh "$0"
fi
# a block still running when the test ends is ended with it
bp=""
trap '[ -n "$bp" ] && kill -KILL -"$bp" 2>/dev/null' EXIT
trap 'exit 1' TERM INT
mount --make-rprivate / || fail "unable to make mounts private"
for d in /srv /run; do
	mount -t tmpfs -o mode=755 tmpfs "$d" || fail "unable to mount $d"
done
# what an example writes anywhere else lands in /srv and vanishes too
for d in /etc /usr /var /opt /home /root /tmp; do
	[ -d "$d" ] || continue
	mkdir -p "/srv/ovl$d/up" "/srv/ovl$d/work"
	mount -t overlay overlay -o "lowerdir=$d,upperdir=/srv/ovl$d/up,workdir=/srv/ovl$d/work" "$d" ||
		fail "unable to mount an overlay on $d"
done
ip link set lo up || fail "unable to set up lo"
mkdir -p /srv/tmp /srv/blocks && chmod 1777 /srv/tmp
TMPDIR=/srv/tmp
export TMPDIR

# extract FILE...: write each runnable block to /srv/blocks/NNN, its
# origin ("FILE:LINE") to NNN.where and its kind (sh or console) to
# NNN.kind
extract() {
	awk -v out=/srv/blocks '
	function begin(kind) {
		n++
		f = sprintf("%s/%03d", out, n)
		printf "%s:%d\n", FILENAME, FNR > (f ".where")
		close(f ".where")
		printf "" > f
		inblock = 1
		blockkind = kind
	}
	function end() {
		close(f)
		printf "%s\n", blockkind > (f ".kind")
		close(f ".kind")
		inblock = 0
	}
	function unroff(s) {
		gsub(/\\&/, "", s)
		gsub(/\\e/, "\001", s)
		gsub(/\\\(aq/, "\047", s)
		gsub(/\\\(dq/, "\"", s)
		gsub(/\\-/, "-", s)
		gsub(/\001/, "\\", s)
		return s
	}
	FNR == 1 {
		if (inblock)
			end()
		type = FILENAME ~ /\.md$/ ? "md" : FILENAME ~ /\.[1-9]$/ ? \
		    "man" : "ex"
		prev = ""
		exlast = 0
	}
	type == "md" {
		if (!inblock && $0 == "```sh")
			begin("sh")
		else if (inblock && $0 == "```")
			end()
		else if (inblock)
			print > f
		next
	}
	type == "man" {
		if (!inblock && $0 ~ /^\.Bd -literal/ && prev !~ /^\.\\" no-run/)
			begin("sh")
		else if (inblock && $0 == ".Ed")
			end()
		else if (inblock && $0 !~ /^\.\\"/)
			print unroff($0) > f
		prev = $0
		next
	}
	type == "ex" {
		line = $0
		if (line ~ /^(#|\/\/)/) {
			sub(/^(#|\/\/)[ \t]*/, "", line)
			if (line ~ /^\$ /) {
				if (!inblock)
					begin("console")
				print line > f
				exlast = 1
				next
			}
			if (inblock && exlast && line != "") {
				print line > f
				next
			}
		}
		if (inblock)
			end()
		exlast = 0
	}
	END {
		if (inblock)
			end()
	}' "$@"
}

# compile BLOCK KIND: the block as an sh script using the helpers below
compile() {
	awk -v kind="$2" '
	function q(s) {
		gsub(/\047/, "\047\\\047\047", s)
		return "\047" s "\047"
	}
	function flush(   c) {
		if (cmd == "")
			return
		c = cmd
		if (want != "") {
			printf "__out=$( { %s\n} 2>&1 </dev/null ) && __rc=0 || __rc=$?\n", c
			printf "__expect %s \"$__rc\" \"$__out\" %s\n", q(c), q(want)
			other = 1
		} else if (c ~ /^svc-listen[ \t]/ && c !~ /&[ \t]*(#.*)?$/) {
			printf "__n=$(__nlisten)\n"
			printf "{ %s\n} 2>>\"$__LOG\" </dev/null &\n", c
			printf "__listening \"$__n\" $! %s\n", q(c)
			servers++
			other = 0	# probed unless a command follows
		} else {
			print c
			if (c !~ /^[ \t]*#/ && c !~ /^[ \t]*$/)
				other = 1
		}
		cmd = ""
		want = ""
	}
	{
		line = $0
		if (heredoc != "") {
			print line
			if (line == heredoc)
				heredoc = ""
			next
		}
		if (kind == "console") {
			if (line ~ /^\$ /) {
				flush()
				cmd = substr(line, 3)
				while (cmd ~ /(\\|\||&&)[ \t]*$/ && \
				    (getline nl) > 0)
					cmd = cmd "\n" nl
			} else if (cmd != "" && line != "") {
				want = want (want == "" ? "" : "..") line
			}
			next
		}
		if (line ~ /^[ \t]*#[ \t]*->[ \t]/ && cmd != "") {
			sub(/^[ \t]*#[ \t]*->[ \t]*/, "", line)
			want = line
			next
		}
		flush()
		cmd = line
		while (cmd ~ /(\\|\||&&)[ \t]*$/ && (getline nl) > 0)
			cmd = cmd "\n" nl
		if (match(cmd, /[ \t]#[ \t]*->[ \t]/)) {
			want = substr(cmd, RSTART + RLENGTH)
			sub(/[ \t]*$/, "", want)
			cmd = substr(cmd, 1, RSTART - 1)
		}
		if (match(cmd, /<<-?[ \t]*[\047"]?[A-Za-z_]+/)) {
			heredoc = substr(cmd, RSTART, RLENGTH)
			sub(/^<<-?[ \t]*[\047"]?/, "", heredoc)
			flush()
		}
	}
	END {
		flush()
		if (servers > 0 && !other)
			print "__probe"
		print "__checklog"
	}' "$1"
}

# the helpers each block script starts with
cat >/srv/prelude <<'EOF'
__fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# the addresses that listen, one a line
__nlisten() { ss -Hltn | awk '{ print $4 }' | sort; }
# __listening BEFORE PID CMD: wait until an address not in BEFORE listens
__listening() {
	__i=0
	while [ -z "$(__nlisten | grep -vxF -e "$1" -e '')" ]; do
		kill -0 "$2" 2>/dev/null ||
			__fail "server ended: $3: $(cat "$__LOG")"
		[ $__i -lt 750 ] || __fail "server not listening after 15 s: $3"
		sleep 0.02
		__i=$((__i + 1))
	done
}
# __expect CMD RC OUT WANT: OUT holds WANT's pieces ("..": anything) in
# order; RC is 0, or N for "exit N: ..."
__expect() {
	__want=$4 __rcwant=0
	case $__want in
	exit\ [0-9]*)
		__rcwant=${__want#exit }
		__rcwant=${__rcwant%%[!0-9]*}
		__want=${__want#exit $__rcwant}
		__want=${__want#:}
		__want=${__want# } ;;
	esac
	[ "$2" = "$__rcwant" ] ||
		__fail "exit status $2, not $__rcwant: $1: $3"
	printf '%s\n' "$3" | WANT=$__want awk '
	{ all = all $0 "\n" }
	END {
		n = split(ENVIRON["WANT"], part, /\.\.+/)
		s = all
		for (i = 1; i <= n; i++) {
			if (part[i] == "")
				continue
			if ((k = index(s, part[i])) == 0)
				exit 1
			s = substr(s, k + length(part[i]))
		}
	}' || __fail "expected \"$__want\" from: $1; got: $3"
}
# __probe: one client for each socket that listens; it sends nothing,
# so a program that does not read cannot make its close a reset
__probe() {
	for __p in $(ss -Hltn | awk '{ sub(/.*:/, "", $4); print $4 }' |
	    sort -u); do
		__out=$(svc-connect -w 5 -t 5 -T 10 localhost "$__p" \
		    </dev/null 2>&1) || __fail "probe of port $__p: $__out"
	done
	# a listener that logs: its program ended with status 0
	grep -q '^svc-listen: start ' "$__LOG" || return 0
	__i=0
	until grep -q '^svc-listen: end ' "$__LOG"; do
		[ $__i -lt 500 ] || __fail "no end line after the probe"
		sleep 0.02
		__i=$((__i + 1))
	done
	grep '^svc-listen: end ' "$__LOG" | grep -q ' status=0 ' ||
		__fail "the probe's program failed: $(grep '^svc-listen: end ' "$__LOG")"
}
# __checklog: the servers logged no warning and no error
__checklog() {
	if grep -E ': (warning|fatal):' "$__LOG" >&2; then
		__fail "the server logged a warning or an error"
	fi
	:
}
EOF

# run BLOCK: run one extracted block as its own process group, in a
# fresh copy of the examples; its status is the block's
run() {
	{
		echo "__LOG=$1.log"
		cat /srv/prelude
		kind=$(cat "$1.kind")
		grep -q '^\$ ' "$1" && kind=console
		compile "$1" "$kind"
	} >"$1.sh"
	: >"$1.log"
	rm -rf /srv/ex /run/svc-limit
	cp -R "$TOP/package/examples" /srv/ex
	chmod -R go+rX /srv/ex
	(cd /srv/ex && exec setsid sh -e "$1.sh" </dev/null >"$1.out" 2>&1) &
	bp=$!
	i=0
	while kill -0 "$bp" 2>/dev/null && [ $i -lt 3000 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	if kill -0 "$bp" 2>/dev/null; then
		echo "timed out after 60 s" >>"$1.out"
		kill -KILL -"$bp" 2>/dev/null
	fi
	wait "$bp"
	rc=$?
	# end what the block left running: servers, their children
	kill -TERM -"$bp" 2>/dev/null
	i=0
	while [ "$(ss -Hltn | wc -l)" -gt 0 ] && [ $i -lt 500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	kill -KILL -"$bp" 2>/dev/null
	bp=""
	return "$rc"
}

# marked FILE...: in these Markdown files (the README, the installed
# guide), every block that is not run says why, as a man page's display
# does: a fence other than ```sh has '<!-- no-run: why -->' on the line
# before it, and there is no indented block (which nothing would run);
# one line per block that does not, and status 1
marked() {
	awk '
	/^```/ {
		if (!fenced && $0 != "```sh" && prev !~ /^<!-- no-run: .+ -->$/) {
			printf "%s:%d: a block neither ```sh nor marked no-run\n", \
			    FILENAME, FNR
			bad = 1
		}
		fenced = !fenced
	}
	!fenced && /^    [^ ]/ && prev ~ /^[ \t]*$/ {
		printf "%s:%d: an indented block: fence it\n", FILENAME, FNR
		bad = 1
	}
	{ prev = $0 }
	END { exit bad }' "$@"
}

# first, the harness itself: what it must reject, it rejects
mkdir -p /srv/self
printf '%s\n' '```sh' 'echo hi   # -> bye' '```' '' \
    '```sh' 'svc-listen 127.0.0.1:60321 no-such-program' '```' '' \
    '```sh' "svc-listen 127.0.0.1:60321 sh -c 'echo \"sh: warning: x\" >&2; echo hi'" '```' '' \
    '```sh' "svc-listen 127.0.0.1:60321 sh -c 'exit 3'" '```' '' \
    '```sh' 'false' 'echo not reached' '```' '' \
    '```sh' 'sh -c "exit 100"   # -> exit 111' '```' >/srv/self/bad.md
printf '%s\n' '```sh' 'echo hi   # -> h..i' \
    "sh -c 'echo oops; exit 100'   # -> exit 100: oops" '```' '' \
    '```sh' '$ printf "a\nb\n"' 'a' 'b' '```' '' \
    '```sh' "svc-listen 127.0.0.1:60321 sh -c 'echo hi'" '```' '' \
    '```sh' "svc-listen 127.0.0.1:60321 sh -c 'exit 3' &   # not probed" \
    '```' >/srv/self/good.md
(cd /srv/self && extract bad.md good.md) || fail "unable to extract"
for b in /srv/blocks/[0-9][0-9][0-9]; do
	case $(cat "$b.where") in
	bad.md:*) run "$b" && fail "$(cat "$b.where") passed: $(cat "$b")" ;;
	*) run "$b" || fail "$(cat "$b.where") failed: $(cat "$b.out")" ;;
	esac
done
rm -f /srv/blocks/*
printf '%s\n' 'text' '' '```text' 'x' '```' '' '    indented' \
    >/srv/self/unmarked.md
printf '%s\n' '<!-- no-run: why -->' '```text' 'x' '```' '' '```sh' 'x' \
    '```' '- item' '  more' >/srv/self/marked.md
[ "$(marked /srv/self/unmarked.md | wc -l)" = 2 ] ||
	fail "marked: unmarked blocks not found"
marked /srv/self/marked.md || fail "marked: marked blocks refused"

cd "$TOP" || exit 1
marked README.md doc/services.md doc/scale-out.md || fail "unmarked blocks"
extract README.md doc/*.md doc/*.[1-9] $(find package/examples -type f |
    sort)
n=0 failed=0
for b in /srv/blocks/[0-9][0-9][0-9]; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	if run "$b"; then
		echo "ok   example at $(cat "$b.where")"
		continue
	fi
	failed=$((failed + 1))
	echo "FAIL: example at $(cat "$b.where") (status $rc):"
	sed 's/^/  | /' "$b"
	echo "  output:"
	tail -n 20 "$b.out" | sed 's/^/  | /'
	echo "  server log:"
	tail -n 10 "$b.log" | sed 's/^/  | /'
done
[ "$n" -ge 10 ] || fail "only $n examples found"
echo "$n examples, $failed failed"
[ "$failed" = 0 ]
