#!/usr/bin/env bash
# build/chroot.sh SUITE "PACKAGE…" SHARE CMD… — runs CMD (as root, with
# /proc, /dev and SHARE mounted at /share) in a fresh Debian SUITE root
# (bullseye, trixie …) holding PACKAGE…, then throws that root away.
#
# Each run starts from the same clean root: debootstrap --variant=minbase
# plus the packages, made once and kept as a tarball under .cache/chroot/
# (git-ignored; its name carries a hash of the suite and the package list,
# so another list makes another tarball). The .deb files apt downloads in a
# run are kept beside it, so a rerun that installs the same packages does
# not fetch them again. The mirror is the build machine's own
# (deb.debian.org).
set -euo pipefail
. "$(dirname "$0")/meta.sh"
suite=${1:?usage: build/chroot.sh SUITE \"PACKAGE…\" SHARE CMD…} pkgs=$2 share=$3
shift 3
[[ $(id -u) == 0 ]] || { echo "build/chroot.sh: needs root (debootstrap, mount, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null && command -v zstd >/dev/null || "$ROOT/build/apt.sh" debootstrap zstd
MIRROR=${MIRROR:-http://deb.debian.org/debian}
cache=$ROOT/.cache/chroot
key=$(printf '%s\n' "$suite" "$pkgs" | sha256sum | cut -c1-12)
tarball=$cache/$suite-$key.tar.zst
debs=$cache/$suite-debs
mkdir -p "$debs"

root=
mounted=()
# Unmounts what this run mounted, newest first, and removes the root only
# when nothing is mounted under it any more: rm must never reach the host's
# /dev or the shared folder.
teardown() {
	local i p
	# what CMD left running in the root (an X server, Wine's) goes first
	if [[ $root && -d $root ]]; then
		for p in /proc/[0-9]*; do
			if [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
		done
		sleep 1
	fi
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
	mounted=()
	if [[ $root && -d $root ]]; then
		if findmnt -rn -o TARGET | grep -q "^$root/"; then
			echo "build/chroot.sh: $root still has mounts; left in place" >&2
		else
			rm -rf --one-file-system "$root"
		fi
	fi
}
trap teardown EXIT
bind() { # SRC DEST-inside-root [mount options…]
	mkdir -p "$root$2"
	mount --bind "$1" "$root$2"
	mounted+=("$root$2")
}
mountall() {
	mkdir -p "$root/proc" && mount -t proc proc "$root/proc" && mounted+=("$root/proc")
	bind /dev /dev
	bind "$debs" /var/cache/apt/archives
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}
inroot() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	DEBIAN_FRONTEND=noninteractive "$@"; }

unmount() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}"; done
	mounted=()
}

if [[ ! -f $tarball ]]; then
	root=$(mktemp -d "$cache/make-$suite.XXXXXX")
	log=$cache/$suite-$key.log
	step "debootstrap $suite" debootstrap --variant=minbase --cache-dir="$debs" "$suite" "$root" "$MIRROR" >"$log" 2>&1 ||
		{ tail -20 "$log" >&2; exit 1; }
	mountall
	# the package lists stay in the root: a run installs what it tests from them
	# shellcheck disable=SC2086 # a list of package names
	step "apt-get install in $suite: ${pkgs:-(lists only)}" inroot sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $pkgs" >>"$log" 2>&1 ||
		{ tail -20 "$log" >&2; exit 1; }
	unmount
	step "tar $(basename "$tarball")" tar -C "$root" --numeric-owner -I 'zstd -T0 -3' -cf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	teardown
fi

root=$(mktemp -d "$cache/run-$suite.XXXXXX")
step "unpack $(basename "$tarball")" tar -C "$root" --numeric-owner -I zstd -xf "$tarball"
mountall
bind "$share" /share
cmd=$(printf '%q ' "$@")
inroot sh -c "cd /share && $cmd"
