#!/usr/bin/env bash
# Runs .ci/lint on the real tree (must pass), then on a copy of it with one planted breach at a time:
# each must fail and name the file, the line and the rule.
set -euo pipefail
src=${1:?usage: lint_plants.sh SOURCE_DIR}
lint=$src/.ci/lint
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$lint" || { echo "FAIL: .ci/lint rejects the tree itself" >&2; exit 1; }

# One copy of the tree; each plant is undone by restoring the files from the source (or deleting new ones).
mkdir -p "$tmp/tree"
cp -r "$src/parsers" "$src/codebooks" "$src/daemon" "$src/README.md" "$tmp/tree/"
touched=()
fresh() {
  for f in "${touched[@]}"; do
    if [ -e "$src/$f" ]; then cp "$src/$f" "$tmp/tree/$f"; else rm -f "$tmp/tree/$f"; fi
  done
  touched=()
}
# touch_file FILE: FILE is about to change; fresh() restores it.
touch_file() { touched+=("$1"); mkdir -p "$(dirname "$tmp/tree/$1")"; }
# plant FILE TEXT RULE: append TEXT as the last line of FILE in a fresh copy; lint must say FILE:LINE: RULE.
plant() {
  local file=$1 text=$2 rule=$3
  fresh
  touch_file "$file"
  printf '%s\n' "$text" >> "$tmp/tree/$file"
  local line
  line=$(wc -l < "$tmp/tree/$file")
  local out status=0
  out=$("$lint" --root "$tmp/tree" 2>/dev/null) || status=$?
  if [ "$status" -ne 1 ]; then
    echo "FAIL: $text in $file: lint exited $status, not 1" >&2; exit 1
  fi
  if ! grep -qF "$file:$line: $rule:" <<<"$out"; then
    printf 'FAIL: %s in %s: expected "%s:%s: %s:", got:\n%s\n' "$text" "$file" "$file" "$line" "$rule" "$out" >&2
    exit 1
  fi
  echo "ok: $file:$line: $rule"
}

plant parsers/normalizer.cpp '#include <fstream>' pure
plant codebooks/expr.cpp '#include <chrono>' pure
plant codebooks/codebook.hpp '#include "daemon/store/database.hpp"' pure
plant codebooks/phone.cpp '#include "parsers/parser.hpp"' one-way
plant daemon/pipeline/pipeline.cpp '#include <sqlite3.h>' sqlite
plant daemon/store/database.cpp '#include <gammu.h>' gammu
plant daemon/daemon.cpp '#include <gammu-smsd.h>' gammu
plant daemon/store/database.cpp '#include "daemon/pipeline/pipeline.hpp"' component
plant daemon/quickcount/quick_count.cpp '#include "daemon/commands.hpp"' component
plant daemon/ingest/multipart_linker.cpp '#include "daemon/cli/options.hpp"' component
plant daemon/newpart/a.cpp '#include "daemon/store/database.hpp"' component

# Transitive declarations are enough: pipeline:store and store:ingest make pipeline -> ingest fine.
fresh
touch_file daemon/pipeline/pipeline.cpp
printf '%s\n' '#include "daemon/ingest/part.hpp"' >> "$tmp/tree/daemon/pipeline/pipeline.cpp"
"$lint" --root "$tmp/tree" >/dev/null 2>&1 || { echo "FAIL: a transitively declared edge is refused" >&2; exit 1; }
echo "ok: transitive edge pipeline -> store -> ingest"

# The top of daemon/ may include anything.
fresh
touch_file daemon/main.cpp
touch_file daemon/main2.cpp
printf '%s\n' '#include <sqlite3.h>' >> "$tmp/tree/daemon/main.cpp"
out=$("$lint" --root "$tmp/tree" 2>/dev/null) && { echo "FAIL: sqlite3.h in daemon/main.cpp passed" >&2; exit 1; }
printf '%s\n' '#include "daemon/pipeline/pipeline.hpp"' > "$tmp/tree/daemon/main2.cpp"
grep -q 'daemon/main2.cpp' <<<"$("$lint" --root "$tmp/tree" 2>/dev/null || true)" \
  && { echo "FAIL: daemon's top level may include any component" >&2; exit 1; }
echo "ok: top-level daemon files include components freely (but not SQLite)"

# PostgreSQL in daemon/hq is fine, anywhere else is not.
fresh
touch_file daemon/hq/pg.cpp
touch_file daemon/export/pg.cpp
printf '%s\n' '#include <libpq-fe.h>' > "$tmp/tree/daemon/hq/pg.cpp"
"$lint" --root "$tmp/tree" >/dev/null 2>&1 || { echo "FAIL: libpq in daemon/hq refused" >&2; exit 1; }
printf '%s\n' '#include <pqxx/pqxx>' > "$tmp/tree/daemon/export/pg.cpp"
out=$("$lint" --root "$tmp/tree" 2>/dev/null) && { echo "FAIL: PostgreSQL outside daemon/hq passed" >&2; exit 1; }
grep -q 'daemon/export/pg.cpp:1: postgres:' <<<"$out" || { echo "FAIL: postgres rule silent: $out" >&2; exit 1; }
echo "ok: PostgreSQL only in daemon/hq"

# The README's SMS path table: a file that is not there, and a function its file does not have.
table_plant() {
  local row=$1 expect=$2
  fresh
  touch_file README.md
  sed -i "/^### One SMS, file by file/,/^## /{/^| 1 |/a\\
$row
}" "$tmp/tree/README.md"
  local out status=0
  out=$("$lint" --root "$tmp/tree" 2>/dev/null) || status=$?
  if [ "$status" -ne 1 ] || ! grep -q "^README.md:[0-9]*: path-table: $expect" <<<"$out"; then
    printf 'FAIL: path-table plant "%s": lint exited %s with:\n%s\n' "$row" "$status" "$out" >&2; exit 1
  fi
  echo "ok: README.md: path-table: $expect"
}
table_plant '| 1b | `daemon/run/no_such_file.cpp` | gone |' '`daemon/run/no_such_file.cpp` names no file'
table_plant '| 1b | `daemon/pipeline/pipeline.cpp` (`no_such_function`) | gone |' '`no_such_function` does not occur'
fresh
echo "lint plants: all caught"
