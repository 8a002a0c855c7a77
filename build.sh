#!/usr/bin/env bash
# The two README commands and their helpers: install missing Debian packages, configure, build, then test/demo/bench.
set -euo pipefail
cd "$(dirname "$0")"

# The one list of Debian packages the project needs (build, tests, benchmarks, demo).
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libgammu-dev gammu gammu-smsd
  libsqlite3-dev sqlite3
  libfmt-dev doctest-dev libtomlplusplus-dev libsystemd-dev libseccomp-dev
  systemd
  chromium
  rsync
  # The exports' workbook (xlsxwriter.pc links -lz), and the spreadsheet its test opens it in.
  libxlsxwriter-dev zlib1g-dev libreoffice-calc-nogui
  # HQ's PostgreSQL: the client library, and the server the HQ tests and benchmark start (initdb).
  libpq-dev postgresql-15
)
# Only for `./build.sh fuzz` (libFuzzer needs clang and its runtime).
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "build.sh: installing missing packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

configure_and_build() {
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

cmd=${1:-help}
shift || true
case "$cmd" in
  deps) install_missing ;;
  build) install_missing; configure_and_build "$@" ;;
  test)
    install_missing; configure_and_build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "$@"
    ;;
  demo)
    install_missing; configure_and_build
    exec ./tests/demo/run_demo.sh "$BUILD_DIR" "$@"
    ;;
  bench)
    install_missing; configure_and_build
    for b in "$BUILD_DIR"/bench/bench_*; do
      [ -x "$b" ] || continue
      echo "== $(basename "$b")"; "$b" "$@"
    done
    ;;
  fuzz)
    install_missing "${FUZZ_PACKAGES[@]}"
    FUZZ_DIR=${FUZZ_DIR:-build-fuzz}
    secs=${1:-60}
    CXX=clang++ cmake -S . -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMSGW_FUZZ=ON >/dev/null
    targets=(message codebook config multipart pdu)
    cmake --build "$FUZZ_DIR" -j "$JOBS" --target "${targets[@]/#/fuzz_}"
    for t in "${targets[@]}"; do
      # New inputs go to the first corpus directory, so the committed seeds stay as they are.
      mkdir -p "$FUZZ_DIR/corpus/$t"
      echo "== fuzz_$t (${secs}s)"
      "$FUZZ_DIR/tests/fuzz/fuzz_$t" -max_total_time="$secs" -artifact_prefix="$FUZZ_DIR/crash-$t-" \
        "$FUZZ_DIR/corpus/$t" "tests/fuzz/corpus/$t"
    done
    ;;
  *)
    echo "usage: ./build.sh demo|test|bench|fuzz|build|deps" >&2
    echo "  demo   install what is missing, build, run the daemon through a simulated election night" >&2
    echo "  test   install what is missing, build, run the whole test suite (what CI runs)" >&2
    echo "  fuzz   build the libFuzzer targets with clang and run each for N seconds (default 60)" >&2
    exit 2
    ;;
esac
