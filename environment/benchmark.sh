#!/usr/bin/env bash
# Runs the speed and memory benchmark (tests/MnistCourse.Benchmarks): the course's epoch against a tuned PyTorch
# loop and against the bare matrix products, and the peak memory of `mnist-course train`. Installs what the PyTorch
# peer needs: Debian's python3-torch, and OpenBLAS (libopenblas0-pthread), without which Debian's torch falls back
# to the reference BLAS, some 20 times slower, and the comparison would flatter the course. A few minutes.
#
#   bash environment/benchmark.sh [--epochs N]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[benchmark] %s\n' "$*" >&2; }

bash environment/setup.sh
source environment/debian-packages.sh
ensure_debian_packages "run this script as root (or with sudo), or install python3-torch and libopenblas0-pthread yourself" \
  python3-torch libopenblas0-pthread || exit 1
# The course runs as ./mnist-course runs it; the PyTorch peer, a child of the benchmark, gets the same malloc.
source environment/huge-pages.sh
dotnet build tests/MnistCourse.Benchmarks -c Release -v quiet -nologo -clp:NoSummary >/dev/null
exec dotnet tests/MnistCourse.Benchmarks/bin/Release/net10.0/MnistCourse.Benchmarks.dll "$@"
