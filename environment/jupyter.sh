#!/usr/bin/env bash
# Sets up the Jupyter route of the course: Debian's Jupyter (Notebook, nbconvert, nbclient, ipykernel) and the
# .NET (C#) kernel from the repository's pinned dotnet-interactive, registered so that it starts whatever folder
# the Jupyter server runs in, with the kernel's own HTTP server bound to 127.0.0.1. Idempotent.
#
#   bash environment/jupyter.sh     then: /usr/bin/jupyter notebook notebooks/   (or JupyterLab / VS Code's Jupyter extension)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[jupyter] %s\n' "$*" >&2; }

source environment/debian-packages.sh
ensure_debian_packages "run this script as root (or with sudo), or install Jupyter another way" \
  jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel || exit 1

# The kernel runs the pinned tool's own dll by full path: `dotnet interactive` (what `jupyter install` writes) is only
# found where this repository's tool manifest is, and the Jupyter server starts kernels in the notebook's folder.
dotnet tool restore >/dev/null
version=$(sed -n '/microsoft.dotnet-interactive/,/version/s/.*"version": *"\([^"]*\)".*/\1/p' .config/dotnet-tools.json)
# Local tools land in ~/.nuget/packages even where NUGET_PACKAGES points elsewhere (seen with SDK 10.0.401).
tool="microsoft.dotnet-interactive/$version/tools/net10.0/any/Microsoft.DotNet.Interactive.App.dll"
app=""
for cache in "${NUGET_PACKAGES:-}" "$HOME/.nuget/packages"; do
  [[ -n "$cache" && -f "$cache/$tool" ]] && { app="$cache/$tool"; break; }
done
[[ -n "$app" ]] || { say "dotnet-interactive $version is not in the NuGet cache ($tool); run: dotnet tool restore"; exit 1; }
# The tools ship IL only: compiled ahead of time, a fresh kernel's first cell takes a second or two less. Idempotent
# and never fatal (it says why when it cannot compile, and the kernel then only starts slower).
bash environment/ready-to-run.sh tools || true

spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
dotnet tool run dotnet-interactive -- jupyter install --path "$spec" >/dev/null
kernel="$spec/.net-csharp"
[[ -f "$kernel/kernel.json" ]] || { say "dotnet-interactive did not write a .net-csharp kernel spec"; exit 1; }
/usr/bin/python3 - "$kernel/kernel.json" "$app" environment/kernel-runtime.json <<'PY'
import json, sys
path, app, runtime = sys.argv[1:4]
spec = json.load(open(path))
spec["argv"] = ["dotnet", app, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"]
# The runtime settings of every notebook kernel the course starts (the tests' dotnet-repl reads the same file). A
# kernel compiles each cell with Roslyn, so thousands of its methods get hot within a chapter; by default the runtime
# recompiles every method called 30 times (its ReadyToRun code included) on a second thread, which on 2 cores takes
# CPU from the cells themselves. Measured on a 2-core machine, chapter by chapter (user + sys CPU):
# - DOTNET_gcServer=0: dotnet-interactive asks for the server GC (a heap and a collector thread per core), and
# - DOTNET_TieredPGO=0: no instrumented tier to gather a profile: together about 20% less CPU;
# - DOTNET_TC_CallCountingDelayMs=2000: methods start being counted once no new method was compiled for 2 s (the
#   default is 0.1 s), so the compiler's code stays as ReadyToRun made it while cells keep arriving, and a training
#   loop's code still gets recompiled: chapters 04, 05 and 09 took 34-35 CPU-s instead of 42-44, none slower;
# - GLIBC_TUNABLES=glibc.malloc.hugetlb=1: malloc on transparent huge pages, as ./mnist-course runs the program
#   (environment/huge-pages.sh says why): a chapter's kernel about 5% less CPU.
spec["env"] = json.load(open(runtime))
json.dump(spec, open(path, "w"), indent=2)
PY
/usr/bin/jupyter kernelspec install --user --replace --name .net-csharp "$kernel" >/dev/null
say "ready: the .NET (C#) kernel runs $app; open notebooks/*.ipynb in Jupyter"
