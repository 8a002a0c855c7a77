#!/usr/bin/env bash
# README command 1: an election night compressed into a few minutes, on simulated modems, with the example codebook.
set -euo pipefail
build=$(cd "${1:?usage: run_demo.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
smsgw=$build/daemon/smsgw
fake_modem=$build/tests/fake_modem/fake_modem
codebook=$root/codebooks/example
seed=${DEMO_SEED:-2026}
rate=${DEMO_RATE:-40}
work=$(mktemp -d /tmp/smsgw-demo-XXXXXX)
mkdir -p "$work/sim1" "$work/sim2"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "smsgw check-codebook $codebook"
"$smsgw" check-codebook "$codebook"

# A third modem on libgammu's real AT driver: a scripted fake modem with a message of its own, and
# two hostile records waiting on its SIM: the truncated PDU published as exploit-db 46913 (gammu's
# tests/at-sms/41.dump; libgammu 1.42 cannot decode it) and one that overflows libgammu 1.42's stack
# (tests/fuzz/corpus/pdu). Both are quarantined; the second kills that modem's process, not the daemon.
line=$(grep -v -e ',\*,' -e 'district:' "$codebook/monitors.csv" | sed -n 2p)
monitor=$(echo "$line" | cut -d, -f1 | tr -d ' ')
station=$(echo "$line" | cut -d, -f3 | cut -d';' -f1)
exploit_46913=0041000b817777777777f700005d060504157800004de1135b851283d4e2afdd8bd576f3b2dc5e96f7dc617a788e2ebbd761173c2ca7e777f0b79cdecbe5663bf8bdc74e57cdcfbcf5b97387dbe59e1be00ed3c37374d9bd0ebbe06139
overflow=$(od -An -v -tx1 "$root/tests/fuzz/corpus/pdu/gammu_overflow_gsm7_udl255" | tr -d ' \n')
printf '%s\n' "imei 352099001761481" "operator DEMO GSM" "pdu $exploit_46913" "pdu $overflow" \
  "wait-for AT+CNMI=2" "wait-ms 1500" \
  "sms $monitor S $station A0700 B1 C1 D1 E1 F2 G1 H3" "announce" > "$work/at1.script"

cat > "$work/smsgw.toml" <<CONFIG
[gateway]
database = "$work/smsgw.db"
codebook = "$codebook"
export_dir = "$work/exports"
export_interval = "30s"
summary_interval = "10s"
replies_per_sender_per_hour = 20

[modems.sim1]
device = "$work/sim1"
connection = "none"
model = "dummy"
poll_interval = "250ms"
sends_per_minute = 1200

[modems.sim2]
device = "$work/sim2"
connection = "none"
model = "dummy"
poll_interval = "250ms"
sends_per_minute = 1200

[modems.at1]
device = "$fake_modem --script $work/at1.script --state $work/at1.state --sent $work/at1.sent --log $work/at1.log"
connection = "proxyat"
model = "at"
poll_interval = "5s"
CONFIG

say "starting the daemon: smsgw run --config $work/smsgw.toml"
"$smsgw" run --config "$work/smsgw.toml" &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null || true' EXIT
sleep 3

simulate() {
  "$smsgw" simulate --codebook "$codebook" --device "$work/sim1" --device "$work/sim2" --seed "$seed" --rate "$rate" "$@"
}

say "07:00 polling stations open: setup checklists"
simulate --phase setup --count 300
sleep 3

say "11:00 incidents through the day"
simulate --phase incidents

say "15:00 modem at1 drops out (its process is killed) and comes back"
pid=$(grep -o ' ev start pid [0-9]*' "$work/at1.log" 2>/dev/null | tail -1 | awk '{print $4}' || true)
if [ -n "$pid" ]; then kill -9 "$pid" || true; fi
sleep 2

say "20:00 polls close: results, with typos, Cyrillic, resends, corrections, a conflict, strangers"
simulate --phase results --truth "$work/truth.json" | tee "$work/truth.txt"

say "waiting for the gateway to empty the inboxes"
for _ in $(seq 1 240); do
  left=$(find "$work/sim1/sms" "$work/sim2/sms" -type f 2>/dev/null | wc -l)
  [ "$left" -eq 0 ] && break
  sleep 0.5
done
say "waiting for the replies to go out (at most 60 s; the dummy modems send 20 a second each)"
for _ in $(seq 1 120); do
  waiting=$(sqlite3 "$work/smsgw.db" "SELECT count(*) FROM reply WHERE status IN ('queued', 'sending')" 2>/dev/null || echo 1)
  [ "$waiting" = 0 ] && break
  sleep 0.5
done
sleep 1
kill -TERM "$daemon"
wait "$daemon" || true
trap - EXIT

say "smsgw status --db $work/smsgw.db"
"$smsgw" status --db "$work/smsgw.db"

say "smsgw estimate --db $work/smsgw.db"
"$smsgw" estimate --db "$work/smsgw.db"

say "the simulation's true result, for comparison"
grep -A3 '^truth PL' "$work/truth.txt" || cat "$work/truth.txt"

say "one export now: smsgw export --db $work/smsgw.db --out $work/exports"
out=$("$smsgw" export --db "$work/smsgw.db" --out "$work/exports")
echo "$out"
ls -l "$out"
printf '\nEverything is in %s:\n' "$work"
printf '  %-12s %s\n' smsgw.db "the database: smsgw status|estimate|export --db $work/smsgw.db" \
  exports/ "exports for HQ: smsgw-export.xlsx to open with a double-click, CSVs for scripts" \
  at1.sent "the replies the fake AT modem was asked to send (JSON lines)" \
  smsgw.toml "the configuration used"
