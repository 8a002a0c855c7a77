#!/usr/bin/env bash
# Verifies systemd/smsgw.service with systemd-analyze, pointing it at the freshly built binary.
set -euo pipefail
smsgw=${1:?usage: verify_unit.sh SMSGW UNIT}
unit=${2:?usage: verify_unit.sh SMSGW UNIT}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s#/usr/local/bin/smsgw#$smsgw#g" "$unit" > "$tmp/smsgw.service"
out=$(systemd-analyze verify "$tmp/smsgw.service" 2>&1 || true)
# Lines about other units on the host are not ours; anything naming smsgw.service is.
ours=$(printf '%s\n' "$out" | grep -F 'smsgw.service' || true)
if [ -n "$ours" ]; then
  printf 'systemd-analyze verify reports:\n%s\n' "$ours" >&2
  exit 1
fi
for key in Type=notify WatchdogSec= ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
           DevicePolicy=closed SystemCallFilter=@system-service Restart=on-failure StateDirectory= \
           ConfigurationDirectory= RestrictAddressFamilies= SupplementaryGroups=dialout; do
  grep -q "^$key" "$unit" || { echo "smsgw.service lacks $key" >&2; exit 1; }
done
echo "smsgw.service verifies"
