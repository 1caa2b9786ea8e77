#!/usr/bin/env bash
# Runs every test of MnistCourse (unit, end-to-end, notebooks) after making sure the machine is set up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh --for-tests
dotnet test MnistCourse.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
