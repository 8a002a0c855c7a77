#!/usr/bin/env bash
# `cmake --install --strip` into a DESTDIR: every file lands in its FHS place, the binary is stripped and
# runs, the units run the installed binary with the installed config, and that config names the codebook.
set -euo pipefail
build=${1:?usage: check_install.sh BUILD_DIR SOURCE_DIR SMSGW}
src=${2:?usage: check_install.sh BUILD_DIR SOURCE_DIR SMSGW}
smsgw=${3:?usage: check_install.sh BUILD_DIR SOURCE_DIR SMSGW}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
# No build here (a rebuild under running tests would relink the binary they run): `all` made both.
for f in "$smsgw" "$build/man/smsgw.1.gz"; do
  [ -f "$f" ] || { echo "FAIL: $f missing: build the targets smsgw and smsgw_man first" >&2; exit 1; }
done
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
DESTDIR=$dest cmake --install "$build" --strip --prefix /usr >/dev/null
fail=0
for f in /usr/bin/smsgw /lib/systemd/system/smsgw.service /lib/systemd/system/smsgw-push.service \
         /lib/systemd/system/smsgw-push.path /lib/systemd/system/smsgw-push.timer /etc/smsgw/smsgw.toml \
         /usr/share/smsgw/example-codebook/election.toml /usr/share/smsgw/example-codebook/stations.csv \
         /usr/share/man/man1/smsgw.1.gz /usr/share/man/man5/smsgw.toml.5.gz \
         /usr/share/bash-completion/completions/smsgw /usr/share/doc/smsgw/README.md; do
  [ -f "$dest$f" ] || { echo "FAIL: $f not installed" >&2; fail=1; }
done
[ "$fail" -eq 0 ] || exit 1
if readelf -S "$dest/usr/bin/smsgw" | grep -q -e '\.symtab' -e '\.debug_info'; then
  echo "FAIL: /usr/bin/smsgw not stripped" >&2; exit 1
fi
"$dest/usr/bin/smsgw" --version >/dev/null
"$dest/usr/bin/smsgw" check-codebook "$dest/usr/share/smsgw/example-codebook" >/dev/null
# Unit, config and binary agree: ExecStart runs what was installed with the config that was installed,
# and only the config names the codebook.
grep -q '^ExecStart=/usr/bin/smsgw run --config /etc/smsgw/smsgw.toml$' "$dest/lib/systemd/system/smsgw.service" \
  || { echo "FAIL: smsgw.service does not run /usr/bin/smsgw with /etc/smsgw/smsgw.toml" >&2; exit 1; }
grep -q '^ExecStart=/usr/bin/smsgw push --config /etc/smsgw/smsgw.toml$' "$dest/lib/systemd/system/smsgw-push.service" \
  || { echo "FAIL: smsgw-push.service does not run /usr/bin/smsgw push with /etc/smsgw/smsgw.toml" >&2; exit 1; }
grep -q '^codebook = "/etc/smsgw/codebook"' "$dest/etc/smsgw/smsgw.toml" \
  || { echo "FAIL: the installed config does not name /etc/smsgw/codebook" >&2; exit 1; }
if cat "$dest"/lib/systemd/system/smsgw*.service | grep -v '^#' | grep -q codebook; then
  echo "FAIL: a unit names a codebook" >&2; exit 1
fi
gzip -dc "$dest/usr/share/man/man1/smsgw.1.gz" | cmp -s - "$src/man/smsgw.1" || { echo "FAIL: smsgw.1.gz differs" >&2; exit 1; }
bash -n "$dest/usr/share/bash-completion/completions/smsgw"
echo "ok: cmake --install --strip (build prefix $prefix) put $(find "$dest" -type f | wc -l) files in place"
