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
	@missing=$$(for p in $(APT_BUILD); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
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
	$(GO) test -tags $(TAGS) -count=1 ./...

screenshots: build deps-screen
	scripts/screenshots.sh bin/yichuang screenshots

clean:
	rm -rf bin screenshots
