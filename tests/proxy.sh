# tests/proxy.sh: what the proxy-*.t tests share.  Sourced after
# tests/lib.sh.  The service prints one line of what it was told (the
# addresses, and whether TCPCONNNUM survived), then echoes what it reads,
# so a reply shows both the header's effect and the bytes after it.

# SHOW: the service's first line, then cat
SHOW='echo "$PROTO $TCPREMOTEIP:$TCPREMOTEPORT $TCPLOCALIP:$TCPLOCALPORT' \
SHOW="$SHOW"' $REMOTE_ADDR:$REMOTE_PORT conn=${TCPCONNNUM-unset}"; exec cat'

# serve ARG...: svc-listen on 127.0.0.1 running svc-proxy ARG... ($FAST
# after it) then SHOW
serve() {
	start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-proxy "$@" \
	    $FAST sh -c "$SHOW"
}

# send FILE [ARG...]: FILE's bytes to the service in one write (svc-connect
# ARG... in pipe mode); prints the reply and any error of the client's
send() {
	_f=$1
	shift
	client -T 20 "$@" 127.0.0.1 "$PORT" <"$_f" 2>&1
}

# bytes FILE FORMAT: printf FORMAT (octal escapes) into FILE
bytes() {
	# shellcheck disable=SC2059
	printf "$2" >"$1"
}

# V2SIG: the version 2 signature, in printf's octal
V2SIG='\015\012\015\012\000\015\012\121\125\111\124\012'
# V2ADDR4: 192.0.2.7:40000 to 198.51.100.1:80, 12 bytes
V2ADDR4='\300\000\002\007\306\063\144\001\234\100\000\120'

# denied REASON: svc-proxy logged a refusal for REASON
denied() {
	expect_log "svc-proxy: deny remote=127.0.0.1:" 10
	expect_log " reason=$1 " 10
}

# refused WHAT FILE [ARG...]: the service never ran for FILE's bytes (the
# client sees the connection closed or reset)
refused() {
	_what=$1
	shift
	_out=$(send "$@")
	case $_out in
	""|*"Connection reset by peer"*) ;;
	*) fail "$_what: not refused: $_out" ;;
	esac
}
