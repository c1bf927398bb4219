#!/bin/sh
# Regenerates the PDF fallback faces for CJK Extension A and B from Debian's
# fonts-hanazono (HanaMinA/B 20170904) with fonttools' pyftsubset, both
# Debian packages:  apt-get install fonts-hanazono fonttools
# The space (U+0020) is kept so that each subset has a BMP cmap (format 4):
# gopdf refuses a font without one.
# The output is byte for byte the same on every run (pyftsubset keeps the
# font's own timestamps; gzip -n stores no name or time); the checksums are
# in LICENSE-fonts.md.
set -eu
cd "$(dirname "$0")"
src=/usr/share/fonts/truetype/hanazono
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
subset() { # font unicodes out
	pyftsubset "$src/$1" --unicodes="$2" --output-file="$tmp/$3" \
		--no-hinting --layout-features='' --drop-tables+=vhea,vmtx,GSUB,GPOS,BASE
	gzip -n -9 -c "$tmp/$3" >"$3.gz"
}
subset HanaMinA.ttf U+0020,U+3400-4DBF hanamin-exta.ttf
subset HanaMinB.ttf U+0020,U+20000-2A6DF hanamin-extb.ttf
sha256sum hanamin-exta.ttf.gz hanamin-extb.ttf.gz
