# yichuang — two commands do all the set-up on a fresh Debian machine:
#   make run    opens the desk app on its defaults (local SQLite, demo catalog)
#   make test   vets and tests everything
SHELL := /bin/bash
GO ?= go
TAGS := migrated_fynedo
# What Fyne needs to build on Linux (cgo, OpenGL, X11/Wayland headers), and
# Xvfb for screenshots of the real window.
APT_BUILD := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev \
	libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
APT_SCREEN := xvfb imagemagick
# The input-method test (app/ime, docs/adr/0010): the real window under Xvfb
# with fcitx5 pinyin and with ibus libpinyin over XIM, driven by xdotool, fields read back through
# the X clipboard.
APT_IME := xvfb imagemagick xdotool xclip x11-utils dbus-x11 fcitx5 fcitx5-chinese-addons fcitx5-modules ibus ibus-libpinyin
# The platform's tests also run on PostgreSQL (docs/adr/0024): on a private
# cluster they start as the postgres user in a temporary directory
# (testsupport/pgtest), never the system's own.
APT_PG := postgresql
PG_PKGS := ./platform/... ./cmd/yichuang-platform/ ./sync/e2e/
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps deps-screen deps-ime deps-pg glfw run build bench test test-postgres ime-test vet screenshots screenshots-supervision clean

# go.mod replaces go-gl/glfw with the pinned module plus our input-method
# patch (docs/adr/0010): every go command needs the folder, so every target
# that builds, vets or tests makes it first (a no-op once made).
glfw:
	@build/glfw/prepare.sh

deps: glfw
	@# (a name installed for two architectures, e.g. after make package-linux-arm64, needs its :arch)
	@missing=$$(for p in $(APT_BUILD); do { dpkg -s $$p || dpkg -s $$p:$$(dpkg --print-architecture); } >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-screen: deps
	@dpkg -s $(APT_SCREEN) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_SCREEN); }

build: deps
	$(GO) build -tags $(TAGS) -o bin/yichuang .

# The bench and test tool: sync over a slow link, demo cases (seed), the
# catalog bench. Not shipped to halls.
bench: deps
	$(GO) build -tags $(TAGS) -o bin/yichuang-bench ./cmd/yichuang-bench

run: build
	./bin/yichuang $(ARGS)

vet: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet -tags $(TAGS) ./...
	$(GO) vet -tags $(TAGS),ximtest ./app/ime/

deps-ime: deps
	@build/apt.sh $(APT_IME)

deps-pg: deps
	@build/apt.sh $(APT_PG)

# Everything on SQLite, then the platform and the sync end-to-end suite a
# second time with the platform on PostgreSQL.
test: vet ime-test deps-pg
	$(GO) test -tags $(TAGS) -count=1 -timeout 30m ./...
	$(MAKE) -s test-postgres

test-postgres: deps-pg
	YICHUANG_TEST_PLATFORM_DB=postgres $(GO) test -tags $(TAGS) -count=1 -timeout 30m $(PG_PKGS)

# Chinese through a real pinyin input method into the real window (about a
# minute; part of make test, installs its Debian packages itself).
ime-test: build deps-ime
	YICHUANG_BIN=$(CURDIR)/bin/yichuang $(GO) test -tags $(TAGS),ximtest -count=1 -timeout 10m -run 'Fcitx5|Ibus' -v ./app/ime/ 2>&1 | \
		grep -v '^        I20'; exit $${PIPESTATUS[0]}

# The walk ends with a busy platform (docs/adr/0027): one push slot kept full
# by platform-load's desks, the window's 省级平台繁忙 in screenshots/busy (~30 s).
screenshots: build bench deps-screen
	$(GO) build -o bin/yichuang-platform ./cmd/yichuang-platform
	scripts/screenshots.sh bin/yichuang screenshots bin/yichuang-bench
	scripts/busy-screenshots.sh bin/yichuang bin/yichuang-platform screenshots/busy bin/yichuang-bench

# Whole-hall supervision (docs/adr/0020): a platform with a county and two
# townships on loopback, 时限监督 at each scope and the 督办 list, in the real window.
screenshots-supervision: build bench deps-screen
	$(GO) build -o bin/yichuang-platform ./cmd/yichuang-platform
	scripts/supervision-screenshots.sh bin/yichuang bin/yichuang-platform screenshots/supervision bin/yichuang-bench

clean:
	rm -rf bin screenshots

# Installable builds for the halls' IT, into dist/ (build/*.sh, docs/adr/0008).
# Each installs what it needs (Debian packages, pinned tools into bin/tools)
# and checks what it made; none writes to the tree.
APT_PACKAGE := xz-utils file zip unzip binutils
APT_WINDOWS := gcc-mingw-w64-x86-64 nsis imagemagick
APT_ARM64 := libgl-dev:arm64 libx11-dev:arm64 libxrandr-dev:arm64 libxxf86vm-dev:arm64 \
	libxi-dev:arm64 libxcursor-dev:arm64 libxinerama-dev:arm64

.PHONY: package-linux package-linux-arm64 package-windows release-platform release cross-check

package-linux: deps
	@build/apt.sh $(APT_PACKAGE)
	build/linux.sh amd64

package-linux-arm64: deps
	@build/apt.sh $(APT_PACKAGE) $(APT_ARM64) qemu-user # qemu-user: the check runs the arm64 binary
	build/linux.sh arm64

package-windows: glfw
	@build/apt.sh $(APT_PACKAGE) $(APT_WINDOWS)
	build/windows.sh

release-platform: glfw
	@build/apt.sh $(APT_PACKAGE)
	build/platform.sh

# CI, after make test: the Windows package and the arm64 binary still build.
cross-check: deps
	@build/apt.sh $(APT_PACKAGE) $(APT_WINDOWS) $(APT_ARM64)
	build/cross-check.sh

release: package-linux package-linux-arm64 package-deb package-deb-arm64 package-windows release-platform
	. build/meta.sh && cd dist && sha256sum *[-_]$$VERSION[-_]* >SHA256SUMS && cat SHA256SUMS

# Installers IT deploys (docs/adr/0015): .deb packages for UOS, Kylin and
# Debian, and (in package-windows) the NSIS installer. The check-* targets
# install, start (screenshot in dist/screenshots) and remove them in clean
# Debian roots kept as tarballs under .cache/chroot: Debian 11 for the .deb,
# Debian 13 with Wine 10 for the installer. They need root; slow on a first
# run (debootstrap), about a minute or two after.
APT_DEB := imagemagick lintian desktop-file-utils
APT_CHROOT := debootstrap zstd

.PHONY: package-deb package-deb-arm64 check-deb check-windows

package-deb: deps
	@build/apt.sh $(APT_PACKAGE) $(APT_DEB)
	build/deb.sh amd64

package-deb-arm64: deps
	@build/apt.sh $(APT_PACKAGE) $(APT_DEB) $(APT_ARM64)
	build/deb.sh arm64

check-deb: package-deb
	@build/apt.sh $(APT_CHROOT)
	. build/meta.sh && build/check-deb.sh "$$DIST/yichuang_$$VERSION-$${BUILD}_amd64.deb" start

check-windows: package-windows
	@build/apt.sh $(APT_CHROOT)
	. build/meta.sh && build/check-windows-start.sh "$$DIST/yichuang-$$VERSION-windows-amd64-setup.exe"
