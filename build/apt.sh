#!/usr/bin/env bash
# build/apt.sh PACKAGE… — installs the Debian packages a packaging target
# needs, only those missing. PACKAGE:arm64 adds Debian's arm64 architecture
# first (multiarch: the arm64 libraries the cross-linked binary links to).
set -euo pipefail
sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
missing=()
for p in "$@"; do
	# a name installed for two architectures is ambiguous to dpkg without its :arch
	{ dpkg -s "$p" || dpkg -s "$p:$(dpkg --print-architecture)"; } >/dev/null 2>&1 || missing+=("$p")
done
((${#missing[@]})) || exit 0
if [[ " ${missing[*]}" == *:arm64* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
