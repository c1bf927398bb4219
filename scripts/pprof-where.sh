#!/bin/sh
# pprof-where.sh BIN PROFILE — the CPU of a platform profile (yichuang-platform serve --cpuprofile, as
# yichuang-bench platform-load takes it) by kind of work: the samples whose stack passes through each.
# The kinds overlap (the supervision feed's rows are built with JSON and SQL), so they do not add up.
set -eu
bin=$1
prof=$2
go tool pprof -top -nodecount=1 "$bin" "$prof" 2>/dev/null | grep 'Total samples'
while IFS='=' read -r name re; do
	v=$(go tool pprof -top -nodecount=100000 -nodefraction=0 -edgefraction=0 -focus="$re" "$bin" "$prof" 2>/dev/null |
		sed -n 's/^Showing nodes accounting for \([0-9.]*[a-z]*\), \([0-9.]*%\).*/\1 \2/p')
	printf '%-48s %s\n' "$name:" "${v:-0 0%}"
done <<'KINDS'
request signature and body digest (HMAC-SM3, SM3)=protocol\.Verify|protocol\.BodySM3
gzip=compress/flate|compress/gzip
SM4 (the cipher itself)=gmsm/internal/sm4|gmsm/sm4
sealing and opening (with their JSON walk)=secure\.\(\*Cipher\)|store\.\(\*Key\)\.(sealDoc|openDoc)
JSON (encoding/json and goccy/go-json)=encoding/json|goccy/go-json
SQL (database/sql and the driver)=database/sql|modernc\.org/sqlite|jackc/pgx
SQL statement preparation (parsing)=sqlite3Prepare|prepareV2
decoding the pushed case events=store\.decodeCaseEvent
reading the request (decodeCapped)=server\.decodeCapped
supervision feed rows (supervisionRows)=noteSupervision|supervisionRows
fsync (its CPU; its wait is not in a CPU profile)=_unixSync|Fdatasync|Fsync
nonce check=SeenNonce
garbage collection=runtime\.gcBgMarkWorker|runtime\.gcAssist|runtime\.markroot
KINDS
