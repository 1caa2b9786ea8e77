#!/usr/bin/env bash
# Sets up everything MnistCourse needs on a Debian/Ubuntu machine with the .NET 10 SDK. Idempotent: a second
# run only checks. Used by ./mnist-course, environment/test.sh, CI and the devcontainer.
#
#   bash environment/setup.sh              # what the course needs: data package, build
#   bash environment/setup.sh --for-tests  # also what the test suite needs (see below)
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
[[ "${1:-}" == "--for-tests" ]] && for_tests=true
say() { printf '[setup] %s\n' "$*" >&2; }

# Nothing changed since the last successful set-up: the build inputs (sources, project and build files, tool manifest)
# have the same names and times, and the data package is still there. ./mnist-course checks this on every call.
stamp=lib/MnistCourse.Cli/bin/Release/.setup-stamp
inputs() {
  find lib environment Directory.Build.props Directory.Build.targets MnistCourse.sln .config \
    \( -name bin -o -name obj \) -prune -o -type f -printf '%p %T@\n' | sort
  dpkg -s dataset-fashion-mnist 2>/dev/null | grep -m1 '^Version' || true
}
if ! $for_tests && [[ -f $stamp && -f lib/MnistCourse.Cli/bin/Release/net10.0/mnist-course.dll ]] && [[ "$(inputs | md5sum)" == "$(cat "$stamp")" ]]; then
  exit 0
fi

if ! command -v dotnet >/dev/null 2>&1; then
  say "The .NET 10 SDK is missing: install it (https://dotnet.microsoft.com/download) or open the repository in its devcontainer."
  exit 1
fi

# Debian packages. dataset-fashion-mnist lets the complete example run offline. For the tests:
# python3-torch and libtorch-dev put a second, older libtorch into /usr/lib, libtorch-dev under the very name
# TorchSharp asks for (libtorch_cpu.so); the course must still load its own. chromium opens the HTML report in a
# real browser, and fonts-noto-cjk / fonts-noto-color-emoji let it draw the Chinese edition and the exercise marks
# (✅ ❌ ⏳) as real glyphs, not boxes; debootstrap builds a Debian 13 root to prove TorchSharp loads unpatched where
# libstdc++ is newer; Jupyter runs chapters as a Jupyter user does (environment/jupyter.sh lists the same packages
# and registers the kernel, site.sh the last two; installing them here saves each a second apt-get).
packages=(dataset-fashion-mnist)
$for_tests && packages+=(python3-torch libtorch-dev chromium fonts-noto-cjk fonts-noto-color-emoji debootstrap
                         jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel
                         python3-markdown-it python3-pygments)
sudo=()
[[ $(id -u) == 0 ]] || sudo=(sudo -n)
can_install() { command -v apt-get >/dev/null 2>&1 && { [[ $(id -u) == 0 ]] || sudo -n true 2>/dev/null; }; }
updated=false
install() {
  $updated || "${sudo[@]}" apt-get update -qq || return 1
  updated=true
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The Debian 13 root downloads in the background while the other packages install and the build runs, so
# debootstrap comes first.
debootstrapping=""
if $for_tests; then
  root="${MNISTCOURSE_NEWER_DISTRO_ROOT:-/var/cache/mnistcourse/debian13-root}"
  if [[ ! -x "$root/usr/bin/env" ]]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      { can_install && install debootstrap; } || { say "could not install debootstrap; the tests need it: run this script as root"; exit 1; }
    fi
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [[ -n "$mirror" ]] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
    say "building a Debian 13 root in $root (for the newer-libstdc++ test), beside the rest of the set-up"
    rm -rf "$root.partial"
    mkdir -p "$(dirname "$root")"
    { debootstrap --variant=minbase trixie "$root.partial" "$mirror" >"$root.log" 2>&1 && mv "$root.partial" "$root"; } &
    debootstrapping=$!
  fi
fi

# The packages install in the background (on a new machine about 70 s of dpkg, mostly python3-torch and chromium): nothing
# before jupyter.sh needs them (the tool restore, the build and its libLibTorchSharp patch, ready-to-run.sh), so
# that time overlaps the build's downloads. Its failures are reported where it is waited for, as before.
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
installing=""
if ((${#missing[@]})); then
  if can_install; then
    say "installing ${missing[*]} (in the background)"
    install "${missing[@]}" & installing=$!
    # A set-up that stops early (a failed build) still lets apt-get finish: one killed mid-way leaves dpkg locked.
    trap '[[ -z $installing ]] || wait "$installing" || true' EXIT
  else
    say "cannot install ${missing[*]} (apt-get needs root); the course will download MNIST instead, or pass --data-dir."
    $for_tests && { say "the tests need them: run this script as root"; exit 1; }
  fi
fi
packages_installed() {
  [[ -n $installing ]] || return 0
  local ok=true
  wait "$installing" || ok=false
  installing=""
  $ok && return 0
  # Some distros (Ubuntu) may not carry dataset-fashion-mnist; the course then downloads MNIST instead.
  $for_tests && { say "could not install ${missing[*]}; the tests need them"; exit 1; }
  say "could not install ${missing[*]}; the course will download MNIST instead, or pass --data-dir."
}

say "restoring the pinned .NET tools (dotnet-repl, dotnet-interactive)"
dotnet tool restore >/dev/null
# The tests' kernels (and Jupyter's) start faster with those tools compiled ahead of time (environment/ready-to-run.sh,
# about a minute of crossgen2 on a new machine, nothing later): it runs beside the build, which is mostly download
# there, and jupyter.sh below finds it done. It never fails the set-up.
readying=""
if $for_tests; then bash environment/ready-to-run.sh tools & readying=$!; fi
# The build patches libLibTorchSharp.so in bin/ (see README, Troubleshooting), so always build through it.
say "building MnistCourse (the first build restores TorchSharp and libtorch, about 500 MB: a few minutes)"
build() { dotnet build MnistCourse.sln -c Release -v quiet -nologo -clp:NoSummary >/dev/null || dotnet build MnistCourse.sln -c Release -v quiet -nologo; }
build
[[ -z $readying ]] || wait "$readying" || true
# The course's managed-only packages (Plotly.NET, FSharp.Core, ...; not TorchSharp) compiled ahead of time in the
# NuGet cache (once: about 15 s of crossgen2); a second build, only when that changed them, copies them into bin/.
# A CLI run with its report then takes about 13% less CPU, and a chapter's charts do not JIT-compile them.
readied=0
bash environment/ready-to-run.sh packages || readied=$?
if ((readied == 3)); then build; fi
packages_installed
$for_tests && say "registering Jupyter's .NET (C#) kernel"
$for_tests && bash environment/jupyter.sh
$for_tests && bash environment/site.sh --install   # the course website's build (its test is in the suite)
if [[ -n $debootstrapping ]] && ! wait "$debootstrapping"; then
  say "debootstrap failed; see $root.log"
  exit 1
fi
inputs | md5sum > "$stamp"
say "ready"
