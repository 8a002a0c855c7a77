#!/usr/bin/env bash
# Verifies systemd/smsgw.service and the push units (smsgw-push.service/.path/.timer) with systemd-analyze,
# pointing them at the freshly built binary, and keeps both services' exposure at 2.0 or below.
set -euo pipefail
smsgw=${1:?usage: verify_unit.sh SMSGW UNIT_DIR}
dir=${2:?usage: verify_unit.sh SMSGW UNIT_DIR}
[ -d "$dir" ] || dir=$(dirname "$dir")  # the old form named smsgw.service itself
units=(smsgw.service smsgw-push.service smsgw-push.path smsgw-push.timer)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for u in "${units[@]}"; do
  sed "s#/usr/bin/smsgw#$smsgw#g" "$dir/$u" > "$tmp/$u"
done
# The units' Documentation= names man:smsgw(1) and man:smsgw.toml(5): verify looks them up, so point
# man at the repository's pages (man/ beside systemd/).
man_src=$(cd "$dir/.." && pwd)/man
if [ -d "$man_src" ]; then
  mkdir -p "$tmp/man/man1" "$tmp/man/man5"
  cp "$man_src"/*.1 "$tmp/man/man1/"
  cp "$man_src"/*.5 "$tmp/man/man5/"
  export MANPATH=$tmp/man
fi
out=$(cd "$tmp" && systemd-analyze verify "${units[@]}" 2>&1 || true)
# Lines about other units on the host are not ours; anything naming one of ours is.
ours=$(printf '%s\n' "$out" | grep -E 'smsgw(-push)?\.(service|path|timer)' || true)
if [ -n "$ours" ]; then
  printf 'systemd-analyze verify reports:\n%s\n' "$ours" >&2
  exit 1
fi
need() {  # need UNIT KEY...: each KEY starts a line of UNIT
  local unit=$1; shift
  for key in "$@"; do
    grep -q "^$key" "$dir/$unit" || { echo "$unit lacks $key" >&2; exit 1; }
  done
}
need smsgw.service Type=notify 'ExecStart=/usr/bin/smsgw run --config /etc/smsgw/smsgw.toml$' WatchdogSec= ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
     DevicePolicy=closed SystemCallFilter=@system-service Restart=on-failure StateDirectory= \
     ConfigurationDirectory= SupplementaryGroups=dialout \
     'RestrictAddressFamilies=AF_UNIX$' 'IPAddressDeny=any$' 'Also=smsgw-push.path smsgw-push.timer'
need smsgw-push.service Type=oneshot 'ExecStart=/usr/bin/smsgw push --config ' User=smsgw \
     ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes SystemCallFilter=@system-service \
     'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX$' 'SocketBindDeny=any$' ReadOnlyPaths=-/var/lib/smsgw/exports \
     InaccessiblePaths=-/var/lib/smsgw/smsgw.db
need smsgw-push.path PathChanged=/var/lib/smsgw/push/trigger Unit=smsgw-push.service
need smsgw-push.timer OnUnitInactiveSec= Unit=smsgw-push.service
# The trigger path must be where the daemon writes it: push_dir's default beside export_dir.
grep -q '^export_dir = "/var/lib/smsgw/exports"' "$dir/smsgw.toml" || { echo "smsgw.toml: export_dir moved" >&2; exit 1; }
# The config is the one place that names the codebook: a unit naming one too would check another
# directory than the daemon loads. Both services read the config the example says to install.
if grep -n 'codebook' "$dir/smsgw.service" "$dir/smsgw-push.service" | grep -v '^[^:]*:[0-9]*:#'; then
  echo "a unit names a codebook path; only smsgw.toml's gateway.codebook may" >&2; exit 1
fi
grep -q '^# .*Install as /etc/smsgw/smsgw.toml' "$dir/smsgw.toml" || { echo "smsgw.toml: install path moved" >&2; exit 1; }
grep -q '^database = "/var/lib/smsgw/' "$dir/smsgw.toml" || { echo "smsgw.toml: database outside StateDirectory" >&2; exit 1; }

# systemd-analyze security: 0 (locked down) to 10 (unprotected). The daemon must stay at 2.0 or less,
# and the push, which has network, as well.
for svc in smsgw.service smsgw-push.service; do
  line=$(cd "$tmp" && systemd-analyze security --offline=true "$svc" 2>&1 | grep 'Overall exposure level' || true)
  score=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9.]*\) .*/\1/p')
  if [ -z "$score" ]; then
    echo "no exposure score for $svc: $line" >&2
    exit 1
  fi
  awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { echo "$svc exposure $score > 2.0" >&2; exit 1; }
  echo "$svc exposure $score"
done
echo "smsgw.service and the smsgw-push units verify"
