# svc-tools: make, make test, make install.  GNU make; no configure step.
#   make CC=clang           build with clang
#   make test SAN=1         the same suite under ASan + UBSan (in san/)
#   make valgrind           the hot programs under valgrind (in vg/)
#   make bench              compare with tcpserver, tcpsvd, socat, xinetd

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DOCDIR = $(PREFIX)/share/doc/svc-tools

CFLAGS = -O2 -g
STDFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror
# links exec'd once per connection are static: no dynamic loader to pay
STATIC = -static
STATIC_PROGS = svc-limit svc-log svc-listend

ifeq ($(VG),1)
# for valgrind: dynamic links, since it cannot follow a static glibc's malloc
O = vg
SANFLAGS =
STATIC =
else ifeq ($(SAN),1)
O = san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -DSVC_NO_VFORK
STATIC =
else
O = .
SANFLAGS =
endif

ALLCFLAGS = $(STDFLAGS) $(CFLAGS) $(SANFLAGS)
PROGS = $(notdir $(wildcard cmd/*))
BINS = $(PROGS:%=$(O)/bin/%)
LIBOBJ = $(patsubst %.c,$(O)/%.o,$(wildcard lib/*.c))
LIBHDR = $(wildcard lib/*.h)
UNITS = $(patsubst tests/unit/%.c,$(O)/tests/ubin/%,$(wildcard tests/unit/*.c))
HELPERS = $(patsubst tests/helpers/%.c,$(O)/tests/bin/%,$(wildcard tests/helpers/*.c))

all: $(BINS)

$(O)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -c -o $@ $<

$(O)/lib/libsvc.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

.SECONDEXPANSION:
$(O)/bin/%: $$(wildcard cmd/$$*/*.c) $$(wildcard cmd/$$*/*.h) $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $(filter %.c,$^) $(O)/lib/libsvc.a \
		$(if $(filter $*,$(STATIC_PROGS)),$(STATIC))

$(O)/tests/ubin/%: tests/unit/%.c $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $< $(O)/lib/libsvc.a

# test helpers are tiny static programs (the HELLO service among them),
# never sanitized: they stand for the user's programs, not ours
HLIBOBJ = $(patsubst %.c,$(O)/tests/hlib/%.o,$(notdir $(wildcard lib/*.c)))

$(O)/tests/hlib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(STDFLAGS) $(CFLAGS) -Ilib -c -o $@ $<

$(O)/tests/hlib/libsvc.a: $(HLIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(HLIBOBJ)

$(O)/tests/bin/%: tests/helpers/%.c $(O)/tests/hlib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(STDFLAGS) $(CFLAGS) -Ilib -o $@ $< $(O)/tests/hlib/libsvc.a -static

# the seed's hello service on an embedded default port, for trying it out
PORT = 60321
run: all
	./bin/svc-listen -v $(PORT) sh -c 'read n; echo "hello $$n"'

check-build: $(BINS) $(UNITS) $(HELPERS) $(O)/bench/ref

# the benchmark's own floor: a bare accept-fork-exec loop
$(O)/bench/ref: bench/ref.c $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $< $(O)/lib/libsvc.a

bench: check-build
	@O=$(O) sh bench/run
	@O=$(O) sh bench/trace

test: check-build
	@O=$(O) sh tests/run

test-san:
	$(MAKE) SAN=1 test

# the hot programs under valgrind, with a few hundred connections each
valgrind:
	$(MAKE) VG=1 check-build
	O=vg sh tests/valgrind.sh

lint:
	mandoc -Tlint -W warning doc/*.1

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	for p in $(PROGS); do cp bin/$$p $(DESTDIR)$(BINDIR)/ || exit 1; done
	for p in $(PROGS); do [ ! -f doc/$$p.1 ] || \
		cp doc/$$p.1 $(DESTDIR)$(MANDIR)/man1/ || exit 1; done
	cp README.md $(DESTDIR)$(DOCDIR)/

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p \
		$(DESTDIR)$(MANDIR)/man1/$$p.1; done
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf bin lib/*.o lib/libsvc.a tests/bin tests/ubin tests/hlib san vg bench/ref

.PHONY: all run check-build test test-san valgrind lint install uninstall clean bench
