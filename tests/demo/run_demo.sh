#!/usr/bin/env bash
# README command 1: the main job. Until the daemon exists it checks the example codebook.
set -euo pipefail
smsgw=${1:?usage: run_demo.sh PATH_TO_SMSGW}
cd "$(dirname "$0")/../.."
echo "== smsgw check-codebook codebooks/example"
"$smsgw" check-codebook codebooks/example
echo
echo "The daemon on simulated modems through an election night comes with the modem and demo issues."
