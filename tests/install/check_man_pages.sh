#!/usr/bin/env bash
# smsgw(1) and smsgw.toml(5) render with man -l without warnings, smsgw(1) has a section for every
# command in `smsgw --help` and names every option of its --help, and smsgw.toml(5) every key of the
# example config systemd/smsgw.toml.
set -euo pipefail
smsgw=${1:?usage: check_man_pages.sh SMSGW SOURCE_DIR}
src=${2:?usage: check_man_pages.sh SMSGW SOURCE_DIR}
page=$src/man/smsgw.1
conf_page=$src/man/smsgw.toml.5
fail=0
for p in "$page" "$conf_page"; do
  out=$(MANWIDTH=80 man --warnings -l "$p" 2>&1 >/dev/null) || { echo "FAIL: man -l $p failed: $out" >&2; fail=1; }
  [ -z "$out" ] || { echo "FAIL: man -l $p warns: $out" >&2; fail=1; }
  [ "$(MANWIDTH=80 man -l "$p" 2>/dev/null | wc -l)" -gt 50 ] || { echo "FAIL: $p renders almost nothing" >&2; fail=1; }
done
# The page's text with roff's \- turned back into -.
text=$(sed 's/\\-/-/g' "$page")
commands=$("$smsgw" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "FAIL: no commands in smsgw --help" >&2; exit 1; }
for c in $commands; do
  if ! grep -q "^\.SS \"smsgw $c\\b" <<<"$text"; then
    echo "FAIL: smsgw --help lists '$c' but smsgw(1) has no '.SS \"smsgw $c ...' section" >&2
    fail=1
    continue
  fi
  [ "$c" = version ] && continue
  for opt in $("$smsgw" "$c" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    [ "$opt" = --help ] && continue
    grep -q -- "$opt\\b" <<<"$text" || { echo "FAIL: smsgw $c --help has $opt, smsgw(1) does not" >&2; fail=1; }
  done
done
conf_text=$(sed 's/\\-/-/g' "$conf_page")
for key in $(sed -n 's/^#\{0,1\} *\([a-z_]*\) = .*/\1/p' "$src/systemd/smsgw.toml" | sort -u); do
  grep -q "^\.BR $key " <<<"$conf_text" || { echo "FAIL: systemd/smsgw.toml has $key, smsgw.toml(5) does not" >&2; fail=1; }
done
[ "$fail" -eq 0 ] || exit 1
echo "ok: $(wc -w <<<"$commands") commands and their options in smsgw(1); config keys in smsgw.toml(5)"
