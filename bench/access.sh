# bench/access.sh N MODE: a bench/contenders row for svc-access with N
# rules.  bench/run writes this file, filled in, into its scratch
# directory; the rules and the index go beside it, so that they go
# away with the run.  N random IPv4 and IPv6 deny rules (none for
# 127.0.0.0/8), then "* allow"; MODE -f reads the text per connection,
# -i an index compiled from it.
n=$1 mode=$2
rules="$0.rules"
awk -v n="$n" 'BEGIN {
	srand(11)
	for (i = 0; i < n; i++) {
		r = rand()
		if (r < 0.5)
			printf "%d.%d.%d.%d deny\n", 1 + int(rand() * 126),
			    int(rand() * 256), int(rand() * 256), int(rand() * 256)
		else if (r < 0.7)
			printf "%d.%d.%d.0/24 deny\n", 128 + int(rand() * 95),
			    int(rand() * 256), int(rand() * 256)
		else if (r < 0.85)
			printf "2001:db8:%x:%x::/64 deny\n", int(rand() * 65536),
			    int(rand() * 65536)
		else
			printf "2001:db9:%x:%x:%x:%x:%x:%x deny\n",
			    int(rand() * 65536), int(rand() * 65536),
			    int(rand() * 65536), int(rand() * 65536),
			    int(rand() * 65536), int(rand() * 65536)
	}
	print "* allow"
}' >"$rules" || exit 111
if [ "$mode" = -i ]; then
	svc-access -c "$rules" "$0.idx" || exit 111
	rm -f "$rules"
	rules="$0.idx"
fi
exec svc-listen -q -c 1000 -b 1024 127.0.0.1:@PORT@ \
    svc-access -q "$mode" "$rules" @CHILD@
