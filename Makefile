# svc-tools: make, make test, make install.  GNU make; no configure step.
#   make CC=clang           build with clang (O=DIR: build in DIR)
#   make CC=musl-gcc        build against musl
#   make CPPFLAGS=-DSVC_PORTABLE   every Linux/BSD extra left out: the
#                           POSIX fallbacks of lib/os.c, lib/spawn.c
#   make test SAN=1         the same suite under ASan + UBSan (in san/)
#   make valgrind           the hot programs under valgrind (in vg/)
#   make fuzz               each tests/fuzz/ harness under libFuzzer for
#                           FUZZ_SECONDS (in fuzz/); FUZZ_MERGE=1 keeps
#                           new inputs in the committed corpus
#   make bench              compare with tcpserver, tcpsvd, socat, xinetd
#   make soak               100,000 connections at 256 clients, -c 40: leaks
#   make install            PREFIX (/usr/local) and DESTDIR honoured
#   make dist, distcheck    svc-tools-VERSION.tar.gz from git ls-files
#   make deb                svc-tools_VERSION_ARCH.deb, with dpkg-deb alone
# No list of programs to keep up to date: every cmd/NAME/ is a program,
# installed with its page doc/NAME.1 if there is one; every other
# doc/*.1 and doc/*.7 page, the migration guide and package/examples/ go
# in too.  README.md, SECURITY.md and the other doc/*.md are about the
# source tree (building, testing, measuring, why) and are not installed.

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DOCDIR = $(PREFIX)/share/doc/svc-tools
VERSION := $(shell sed -n 's/^\#define SVC_VERSION "\(.*\)"$$/\1/p' lib/die.h)
# make deb builds in $(DEBDIR) with Debian's flags, writes the .deb to $(DEBOUT)
DEBDIR = deb
DEBOUT = .

CFLAGS = -O2 -g
STDFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror
# links exec'd once per connection are static: no dynamic loader to pay
STATIC = -static
STATIC_PROGS = svc-access svc-limit svc-log svc-listend svc-proxy

ifeq ($(VG),1)
# for valgrind: dynamic links, since it cannot follow a static glibc's
# malloc; children started with vfork and reaped with waitpid, since it
# knows neither a clone that shares the descriptor table nor pidfd_open
O = vg
SANFLAGS = -DSVC_NO_CLONE_FILES -DSVC_NO_PIDFD
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

ALLCFLAGS = $(STDFLAGS) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS)
PROGS = $(notdir $(wildcard cmd/*))
BINS = $(PROGS:%=$(O)/bin/%)
LIBOBJ = $(patsubst %.c,$(O)/%.o,$(wildcard lib/*.c))
LIBHDR = $(wildcard lib/*.h)
UNITS = $(patsubst tests/unit/%.c,$(O)/tests/ubin/%,$(wildcard tests/unit/*.c))
HELPERS = $(patsubst tests/helpers/%.c,$(O)/tests/bin/%,$(wildcard tests/helpers/*.c))
# every tests/fuzz/NAME.c but the driver is a harness with a corpus
FUZZERS = $(filter-out driver,$(basename $(notdir $(wildcard tests/fuzz/*.c))))
REPLAYERS = $(FUZZERS:%=$(O)/tests/fbin/%)

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
		$(LDFLAGS) $(if $(filter $*,$(STATIC_PROGS)),$(STATIC))

$(O)/tests/ubin/%: tests/unit/%.c $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $< $(O)/lib/libsvc.a

# a harness with the plain driver: replays its corpus in make test
$(O)/tests/fbin/%: tests/fuzz/%.c tests/fuzz/driver.c $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $< tests/fuzz/driver.c $(O)/lib/libsvc.a

# fault injection (tests/fault-*.t): the programs again, linked dynamically
# and forking rather than vforking, so that the preload library
# tests/fault/fault.c can make their system calls fail; never sanitized
FIOBJ = $(patsubst %.c,$(O)/tests/fi/lib/%.o,$(notdir $(wildcard lib/*.c)))
FIFLAGS = $(STDFLAGS) $(CFLAGS) -DSVC_NO_VFORK -Ilib
# the preload library wraps glibc's calls: built only against glibc (a
# musl build's fault tests skip)
FAULT_LIBC := $(shell printf '\043ifndef __GLIBC__\n\043error\n\043endif\n' | \
	$(CC) -include stdio.h -E -x c - >/dev/null 2>&1 && echo glibc)
FAULT = $(if $(FAULT_LIBC),$(PROGS:%=$(O)/tests/fi/bin/%) \
	$(O)/tests/fi/fault.so $(O)/tests/fi/clock.so $(O)/tests/fi/swap.so)

$(O)/tests/fi/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(FIFLAGS) -c -o $@ $<

$(O)/tests/fi/lib/libsvc.a: $(FIOBJ)
	rm -f $@
	$(AR) rcs $@ $(FIOBJ)

$(O)/tests/fi/bin/%: $$(wildcard cmd/$$*/*.c) $$(wildcard cmd/$$*/*.h) \
    $(O)/tests/fi/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(FIFLAGS) -o $@ $(filter %.c,$^) $(O)/tests/fi/lib/libsvc.a

$(O)/tests/fi/fault.so: tests/fault/fault.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wall -Wextra -Werror -shared -fPIC -o $@ $< -ldl

# a monotonic clock that jumps ahead (tests/fault/clock.c), the same way
$(O)/tests/fi/clock.so: tests/fault/clock.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wall -Wextra -Werror -shared -fPIC -o $@ $< -ldl

# a user racing a root listener for its socket's file (tests/fault/swap.c)
$(O)/tests/fi/swap.so: tests/fault/swap.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Wall -Wextra -Werror -shared -fPIC -o $@ $< -ldl

# test helpers are tiny static programs (the HELLO service among them),
# never sanitized: they stand for the user's programs, not ours
HLIBOBJ = $(patsubst %.c,$(O)/tests/hlib/%.o,$(notdir $(wildcard lib/*.c)))

$(O)/tests/hlib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(STDFLAGS) $(CFLAGS) -Ilib -c -o $@ $<

$(O)/tests/hlib/libsvc.a: $(HLIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(HLIBOBJ)

# (those that resolve names link dynamically: a static glibc warns)
DYN_HELPERS = sigstate sockhold
$(O)/tests/bin/%: tests/helpers/%.c $(O)/tests/hlib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(STDFLAGS) $(CFLAGS) -Ilib -o $@ $< $(O)/tests/hlib/libsvc.a \
		$(if $(filter $*,$(DYN_HELPERS)),,-static)

# the seed's hello service on an embedded default port, for trying it out
PORT = 60321
run: all
	./bin/svc-listen -v $(PORT) sh -c 'read n; echo "hello $$n"'

check-build: $(BINS) $(UNITS) $(HELPERS) $(REPLAYERS) $(FAULT) $(O)/bench/ref \
	$(O)/bench/limtab

# libFuzzer builds: the library instrumented for coverage, each harness
# linked with libFuzzer's main, all under ASan and UBSan
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_MERGE = 0
FUZZ_RUNS =
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = $(STDFLAGS) -O1 -g $(FUZZ_SAN) -Ilib
FUZZ_LIBOBJ = $(patsubst lib/%.c,fuzz/lib/%.o,$(wildcard lib/*.c))

fuzz/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

fuzz/lib/libsvc.a: $(FUZZ_LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_LIBOBJ)

fuzz/bin/%: tests/fuzz/%.c fuzz/lib/libsvc.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< fuzz/lib/libsvc.a

fuzz-build: $(FUZZERS:%=fuzz/bin/%)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MERGE=$(FUZZ_MERGE) FUZZ_RUNS=$(FUZZ_RUNS) \
		sh tests/fuzz/run $(FUZZERS)

# the benchmark's own floor: a bare accept-fork-exec loop
$(O)/bench/ref: bench/ref.c $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $< $(O)/lib/libsvc.a

# svc-limit's lookup, timed in the library as its table fills
$(O)/bench/limtab: bench/limtab.c $(O)/lib/libsvc.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Ilib -o $@ $< $(O)/lib/libsvc.a

# the picture of the run goes to doc/bench.svg, unless BENCH_SVG says
BENCH_SVG ?= doc/bench.svg
bench: check-build
	@O=$(O) BENCH_SVG=$(BENCH_SVG) sh bench/run
	@O=$(O) sh bench/trace
	@O=$(O) sh bench/held
	@echo "svc-limit lookup as the table fills:" && \
		$(O)/bench/limtab $${TMPDIR:-/tmp}/svc-limtab-bench.$$$$

test: check-build
	@O=$(O) SVC_CPPFLAGS="$(CPPFLAGS)" sh tests/run

test-san:
	$(MAKE) SAN=1 test

# the hot programs under valgrind, with a few hundred connections each
valgrind:
	$(MAKE) VG=1 check-build
	O=vg sh tests/valgrind.sh

# bench/soak: 100,000 connections at 256 clients against -c 40 (SOAK_N...)
soak: check-build
	O=$(O) sh bench/soak

lint:
	mandoc -Tlint -W warning doc/*.1 doc/*.7

MANPAGES = $(wildcard doc/*.1)
MANPAGES7 = $(wildcard doc/*.7)
GUIDES = doc/services.md

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DOCDIR)/examples
	for p in $(PROGS); do \
		cp $(O)/bin/$$p $(DESTDIR)$(BINDIR)/ && \
		chmod 755 $(DESTDIR)$(BINDIR)/$$p || exit 1; done
	for m in $(MANPAGES); do \
		cp $$m $(DESTDIR)$(MANDIR)/man1/ && \
		chmod 644 $(DESTDIR)$(MANDIR)/man1/$${m#doc/} || exit 1; done
	for m in $(MANPAGES7); do \
		cp $$m $(DESTDIR)$(MANDIR)/man7/ && \
		chmod 644 $(DESTDIR)$(MANDIR)/man7/$${m#doc/} || exit 1; done
	cp $(GUIDES) $(DESTDIR)$(DOCDIR)/
	cp package/deb/copyright $(DESTDIR)$(DOCDIR)/copyright
	cp -R package/examples/. $(DESTDIR)$(DOCDIR)/examples/
	chmod -R u=rwX,go=rX $(DESTDIR)$(DOCDIR)

# removes what install wrote, then the directories it made if empty
uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#doc/}; done
	for m in $(MANPAGES7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#doc/}; done
	for g in $(notdir $(GUIDES)) copyright; do \
		rm -f $(DESTDIR)$(DOCDIR)/$$g; done
	for e in $(notdir $(wildcard package/examples/*)); do \
		rm -rf $(DESTDIR)$(DOCDIR)/examples/$$e; done
	rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null || :

dist:
	sh package/mkdist .

# the tarball on its own: unpack, build, run the whole suite
distcheck: dist
	rm -rf distcheck && mkdir distcheck
	gzip -dc svc-tools-$(VERSION).tar.gz | (cd distcheck && tar xf -)
	cd distcheck/svc-tools-$(VERSION) && $(MAKE) O=. SAN= && \
		$(MAKE) O=. SAN= test
	rm -rf distcheck

# the programs built with dpkg-buildflags' flags (all of Debian's
# hardening), installed in a scratch root, packaged by package/mkdeb
deb: export DEB_BUILD_MAINT_OPTIONS ?= hardening=+all
deb:
	rm -rf $(DEBDIR)
	$(MAKE) O=$(DEBDIR)/build SAN= \
		CFLAGS="$$(dpkg-buildflags --get CFLAGS)" \
		CPPFLAGS="$$(dpkg-buildflags --get CPPFLAGS)" \
		LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" \
		install PREFIX=/usr DESTDIR=$(DEBDIR)/root
	sh package/mkdeb $(DEBDIR)/root $(DEBOUT)

clean:
	rm -rf bin lib/*.o lib/libsvc.a tests/bin tests/ubin tests/fbin \
		tests/fi tests/hlib san vg fuzz clang musl portable \
		bench/ref bench/limtab deb distcheck svc-tools-*.tar.gz \
		svc-tools_*.deb

.PHONY: all run check-build test test-san valgrind fuzz fuzz-build lint \
	install uninstall soak \
	dist distcheck deb clean bench
