#!/bin/sh
# hello.sh: the hello service of the svc-tools examples, in sh.
# svc-listen runs it once per connection, the connection on its
# standard input and output.  Try it in this directory:
#
#   $ svc-listen 127.0.0.1:60321 ./hello.sh &
#   $ echo gonzalo | svc-connect -w 5 127.0.0.1 60321
#   hello gonzalo
#   $ kill $!
#
# It reads one line (the name), answers "hello NAME" and exits, which
# closes the connection.  The client's address is in $TCPREMOTEIP and
# $REMOTE_ADDR; see svc-tools(7).
cr=$(printf '\r')
IFS= read -r name || :		# a last line without \n still counts
name=${name%"$cr"}		# telnet ends its lines with \r\n
printf 'hello %s\n' "$name"
