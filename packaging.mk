# SPDX-License-Identifier: GPL-2.0
# Packaging for a stock Linux host (included by the top Makefile): man
# pages, the module's device rule, configuration and group, systemd units,
# DKMS.  Every version comes from ./VERSION.
#
#   make install          (also) man/*, completion/*, nkpolicy.service, nkinit@.service
#   make install-module   the module into /lib/modules/KVER/updates, its udev
#                         rule, modprobe.d, modules-load.d and sysusers.d files
#   make dkms-install     the module sources and dkms.conf into
#                         /usr/src/nkipc-VERSION; then: dkms install nkipc/VERSION
#   check-install         (unit suite) the layout of all three under DESTDIR
SBINDIR ?= $(PREFIX)/sbin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
SYSCONFDIR ?= /etc
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
# read by udev, kmod and systemd from these places only, whatever PREFIX is
UDEVRULESDIR ?= /usr/lib/udev/rules.d
MODPROBEDIR ?= /lib/modprobe.d
MODULESLOADDIR ?= /usr/lib/modules-load.d
SYSUSERSDIR ?= /usr/lib/sysusers.d
DKMSSRCDIR ?= /usr/src

.PHONY: install-man install-systemd install-module-config dkms-install \
	check-install

# Every man page (man/NAME.SECTION) and bash completion (completion/), as
# wireguard-tools keeps them.
install-man:
	@set -e; for m in $(TOP)/man/*.[1-8]; do \
		s=$${m##*.}; \
		install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	@set -e; for c in $(TOP)/completion/*.bash-completion; do \
		n=$${c##*/}; \
		install -D -m 0644 $$c \
			$(DESTDIR)$(DATADIR)/bash-completion/completions/$${n%.bash-completion}; done

install-systemd:
	@set -e; for u in nkpolicy.service nkinit@.service; do \
		mkdir -p $(DESTDIR)$(SYSTEMDUNITDIR); \
		sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
			-e 's|@DATADIR@|$(DATADIR)|g' $(TOP)/systemd/$$u.in \
			>$(DESTDIR)$(SYSTEMDUNITDIR)/$$u; \
		chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u; \
		echo "  $(SYSTEMDUNITDIR)/$$u"; done
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/nkipc $(DESTDIR)$(DATADIR)/nkipc/describe

INSTALL_TARGETS += install-man install-systemd

# Without DESTDIR (a real install) the group is created and udev reloaded.
install-module-config:
	install -D -m 0644 $(TOP)/udev/60-nkipc.rules $(DESTDIR)$(UDEVRULESDIR)/60-nkipc.rules
	install -D -m 0644 $(TOP)/modprobe.d/nkipc.conf $(DESTDIR)$(MODPROBEDIR)/nkipc.conf
	install -D -m 0644 $(TOP)/modules-load.d/nkipc.conf $(DESTDIR)$(MODULESLOADDIR)/nkipc.conf
	install -D -m 0644 $(TOP)/sysusers.d/nkipc.conf $(DESTDIR)$(SYSUSERSDIR)/nkipc.conf
	$(if $(DESTDIR),,-systemd-sysusers $(SYSUSERSDIR)/nkipc.conf)
	$(if $(DESTDIR),,-udevadm control --reload-rules)

DKMS_DIR = $(DESTDIR)$(DKMSSRCDIR)/nkipc-$(NKIPC_VERSION)
dkms-install:
	@rm -rf $(DKMS_DIR) && mkdir -p $(DKMS_DIR)
	cd $(TOP) && find Kbuild VERSION module uapi -name Kbuild -o -name VERSION \
		-o -name '*.[ch]' | cpio -pdm --quiet $(DKMS_DIR)
	sed 's|@VERSION@|$(NKIPC_VERSION)|' $(TOP)/dkms.conf >$(DKMS_DIR)/dkms.conf
	@echo "now: dkms install nkipc/$(NKIPC_VERSION)"

UNIT_SUITES += check-install
check-install:
	@$(TOP)/scripts/run-suite install $(TOP)/scripts/check-install
