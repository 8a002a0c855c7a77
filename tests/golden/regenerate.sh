#!/bin/sh
# Rewrites tests/golden/*.expected.jsonl from what the current smsgw prints. Review the diff
# (git diff tests/golden) case by case before committing: the expected files are a reviewed record.
# usage: tests/golden/regenerate.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../../build"}
cmake --build "$build" --target test_golden smsgw
cd "$build/tests/golden"
SMSGW_REGENERATE=1 ./test_golden
git -C "$here" diff --stat -- . || true
