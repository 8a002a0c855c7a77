#!/usr/bin/env bash
# smsgw --version and smsgw version print "smsgw VERSION (commit HASH)", the same, and exit 0.
set -euo pipefail
smsgw=${1:?usage: check_version.sh SMSGW VERSION}
version=${2:?usage: check_version.sh SMSGW VERSION}
a=$("$smsgw" --version)
b=$("$smsgw" version)
[ "$a" = "$b" ] || { echo "FAIL: --version says '$a', version says '$b'" >&2; exit 1; }
grep -Eq "^smsgw ${version//./\\.} \(commit ([0-9a-f]{7,40}|unknown)\)$" <<<"$a" \
  || { echo "FAIL: '$a' is not 'smsgw $version (commit HASH)'" >&2; exit 1; }
"$smsgw" --help | grep -q '^  version ' || { echo "FAIL: version not in smsgw --help" >&2; exit 1; }
echo "ok: $a"
