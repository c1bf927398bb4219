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
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps deps-screen run build test vet screenshots clean

deps:
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

run: build
	./bin/yichuang $(ARGS)

vet: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet -tags $(TAGS) ./...

test: vet
	$(GO) test -tags $(TAGS) -count=1 -timeout 30m ./...

screenshots: build deps-screen
	scripts/screenshots.sh bin/yichuang screenshots

clean:
	rm -rf bin screenshots

# Installable builds for the halls' IT, into dist/ (build/*.sh, docs/adr/0008).
# Each installs what it needs (Debian packages, pinned tools into bin/tools)
# and checks what it made; none writes to the tree.
APT_PACKAGE := xz-utils file zip unzip binutils
APT_WINDOWS := gcc-mingw-w64-x86-64
APT_ARM64 := libgl-dev:arm64 libx11-dev:arm64 libxrandr-dev:arm64 libxxf86vm-dev:arm64 \
	libxi-dev:arm64 libxcursor-dev:arm64 libxinerama-dev:arm64

.PHONY: package-linux package-linux-arm64 package-windows release-platform release cross-check

package-linux: deps
	@build/apt.sh $(APT_PACKAGE)
	build/linux.sh amd64

package-linux-arm64: deps
	@build/apt.sh $(APT_PACKAGE) $(APT_ARM64) qemu-user # qemu-user: the check runs the arm64 binary
	build/linux.sh arm64

package-windows:
	@build/apt.sh $(APT_PACKAGE) $(APT_WINDOWS)
	build/windows.sh

release-platform:
	@build/apt.sh $(APT_PACKAGE)
	build/platform.sh

# CI, after make test: the Windows package and the arm64 binary still build.
cross-check: deps
	@build/apt.sh $(APT_PACKAGE) $(APT_WINDOWS) $(APT_ARM64)
	build/cross-check.sh

release: package-linux package-linux-arm64 package-windows release-platform
	. build/meta.sh && cd dist && sha256sum *-$$VERSION-* >SHA256SUMS && cat SHA256SUMS
