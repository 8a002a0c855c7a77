#!/usr/bin/env bash
# The README commands and their helpers: install missing Debian packages, configure, build, then test/demo/bench/package.
set -euo pipefail
cd "$(dirname "$0")"

# The one list of Debian packages the project needs (build, tests, demo, package).
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libgammu-dev gammu
  libsqlite3-dev sqlite3
  libfmt-dev doctest-dev libtomlplusplus-dev libsystemd-dev libseccomp-dev
  systemd
  chromium
  rsync
  # The exports' workbook (xlsxwriter.pc links -lz), and the spreadsheet its test opens it in.
  libxlsxwriter-dev zlib1g-dev libreoffice-calc-nogui
  # .ci/lint and a test's reference model; man pages rendered by the man page test.
  python3 man-db
  # HQ's PostgreSQL: the client library, and the server the HQ tests and benchmark start (initdb).
  libpq-dev postgresql-15
)
# Only for `./build.sh bench`: bench_e2e races smsgw against gammu-smsd (no test needs it).
BENCH_PACKAGES=(gammu-smsd)
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

# Release, what the package ships and what an installer builds; BUILD_TYPE=RelWithDebInfo (or Debug)
# for a debugger. Every command uses the same type, so demo, test and package share one build.
BUILD_TYPE=${BUILD_TYPE:-Release}
configure() {
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "$@" >/dev/null
}

configure_and_build() {
  configure "$@"
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

cmd=${1:-help}
shift || true
case "$cmd" in
  deps) install_missing "$@" ;;  # extra packages may follow (.ci/sanitize: clang)
  build) install_missing; configure_and_build "$@" ;;
  test)
    # Warnings fail the build here (and so in CI), never in a user's `build`.
    install_missing; configure_and_build -DCMAKE_COMPILE_WARNING_AS_ERROR=ON
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "$@"
    ;;
  demo)
    # Only what tests/demo/run_demo.sh runs: the program and the fake AT modem, not every test.
    install_missing; configure
    cmake --build "$BUILD_DIR" -j "$JOBS" --target smsgw fake_modem
    exec ./tests/demo/run_demo.sh "$BUILD_DIR" "$@"
    ;;
  bench)
    install_missing "${BENCH_PACKAGES[@]}"; configure_and_build
    for b in "$BUILD_DIR"/bench/bench_*; do
      [ -x "$b" ] || continue
      echo "== $(basename "$b")"; "$b" "$@"
    done
    ;;
  package)
    # A Debian package of what `cmake --install` installs (cmake/package.cmake), into $BUILD_DIR/package.
    install_missing; configure
    cmake --build "$BUILD_DIR" -j "$JOBS" --target smsgw smsgw_man
    (cd "$BUILD_DIR" && cpack -G DEB -B package)
    ls "$BUILD_DIR"/package/*.deb
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
    echo "usage: ./build.sh demo|test|bench|package|fuzz|build|deps" >&2
    echo "  demo   install what is missing, build, run the daemon through a simulated election night" >&2
    echo "  test   install what is missing, build, run the whole test suite (what CI runs)" >&2
    echo "  bench  build and run the benchmark programs (installs gammu-smsd for bench_e2e)" >&2
    echo "  package  build the Debian package into \$BUILD_DIR/package" >&2
    echo "  fuzz   build the libFuzzer targets with clang and run each for N seconds (default 60)" >&2
    exit 2
    ;;
esac
