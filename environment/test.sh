#!/usr/bin/env bash
# Runs every test of MnistCourse (unit, end-to-end, notebooks) after making sure the machine is set up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh --for-tests
# The .trx gives each test's start, end and duration: test-times.py prints them by group at the end.
results=artifacts/test-results
rm -f "$results/tests.trx"
status=0
dotnet test MnistCourse.sln -c Release --no-build --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?
[[ ! -f $results/tests.trx ]] || python3 environment/test-times.py "$results/tests.trx" || echo "(could not read the test times)"
exit $status
