#!/usr/bin/env bash
# Compiles ahead of time, with crossgen2 (ReadyToRun), what the course runs that ships as IL only:
# - the pinned notebook tools (.config/dotnet-tools.json: dotnet-interactive, Jupyter's .NET kernel and the tests'
#   VS Code-style kernel; dotnet-repl, the tests' runner), so a fresh kernel does not JIT-compile Roslyn and itself on
#   a chapter's first cell: their DLLs listed in environment/ready-to-run.txt (the ones a kernel loads);
# - the course's own managed-only NuGet packages (Plotly.NET, FSharp.Core, ...: every runtime DLL the command-line
#   program restores, read from lib/MnistCourse.Cli/obj/project.assets.json once a build has restored it; not
#   TorchSharp, see below), so the program's report and a chapter's charts do not JIT-compile them either. A build
#   copies them into bin/ from the NuGet cache: exit status 3 says this run compiled some, so the caller builds again.
# Idempotent: a stamp in each tool's and package's folder (versions of the tool or package, the runtime and crossgen2,
# the list) makes a second run cost a fraction of a second. Otherwise never fails: when crossgen2 cannot be restored
# or a DLL does not compile, it says so in one [setup] line and the IL DLL stays (it then only starts slower). Called
# by environment/setup.sh (packages; tools too with --for-tests) and environment/jupyter.sh. (VS Code's Polyglot
# Notebooks extension runs a dotnet-interactive it installs in its own folder; this leaves that one alone.)
#
#   bash environment/ready-to-run.sh [tools|packages]    # both when neither is named
#
# In place, in the NuGet cache, rather than a compiled copy elsewhere: `dotnet tool run dotnet-repl` and
# `dotnet tool run dotnet-interactive` (the tests, and any kernel started from the repository) and Jupyter's kernel
# spec (the tool's DLL by full path) all run the tool from there, no copy could redirect `dotnet tool run`, and every
# build copies a package's DLLs from there.
# A ReadyToRun DLL keeps its IL and metadata, so it stays the same assembly to everything that loads it; the runtime
# checks its precompiled code against the framework it runs on (each DLL is its own version bubble) and JIT-compiles
# any method whose code no longer fits, so a servicing update of .NET, or a sibling DLL of another version, cannot
# make it wrong, only slower. Each file is compiled into a temporary folder and renamed over the original, so an
# interruption leaves every DLL whole (IL or compiled) and the next run goes on from there. A new tool or package
# version is a new folder (IL again); `dotnet nuget locals global-packages --clear` also brings the IL back.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*" >&2; }
part=${1:-both}
list=environment/ready-to-run.txt
mapfile -t names < <(grep -v '^\s*\(#\|$\)' "$list")

case "$(uname -sm)" in
  "Linux x86_64") arch=x64 ;;
  "Linux aarch64") arch=arm64 ;;
  *) exit 0 ;; # the course's set-up scripts are for Linux; elsewhere the kernels run as shipped
esac

# The pinned tools' folders. Local tools land in ~/.nuget/packages even where NUGET_PACKAGES points elsewhere
# (seen with SDK 10.0.401), so both are looked at, as environment/jupyter.sh does.
tools=() dirs=()
[[ $part == packages ]] || for id in microsoft.dotnet-interactive dotnet-repl; do
  version=$(sed -n "/\"$id\": *{/,/version/s/.*\"version\": *\"\([^\"]*\)\".*/\1/p" .config/dotnet-tools.json)
  dir=""
  for cache in "${NUGET_PACKAGES:-}" "$HOME/.nuget/packages"; do
    [[ -n "$cache" ]] || continue
    for d in "$cache/$id/$version"/tools/net*/any; do [[ -f "$d/DotnetToolSettings.xml" ]] && { dir=$d; break 2; }; done
  done
  if [[ -z "$dir" ]]; then
    say "$id $version is not in the NuGet cache, so it stays as shipped (IL only); run: dotnet tool restore"
    continue
  fi
  if [[ ! -w "$dir" ]]; then
    say "$dir is not writable for $(id -un), so $id stays as shipped (IL only): run the set-up as the cache's owner"
    continue
  fi
  tools+=("$id $version") dirs+=("$dir")
done

# The course's packages: "FOLDER DLL" lines, every runtime DLL of every package the command-line program restores
# (its project.assets.json exists after the first restore; before that there is nothing to compile yet).
assets=lib/MnistCourse.Cli/obj/project.assets.json
package_dirs=() package_dlls=()
if [[ $part != tools && -f $assets ]]; then
  while read -r folder dll; do
    if [[ ! -w "$folder" ]]; then
      say "$folder is not writable for $(id -un), so its DLLs stay as shipped (IL only): run the set-up as the cache's owner"
      continue
    fi
    [[ " ${package_dirs[*]} " == *" $folder "* ]] || package_dirs+=("$folder")
    package_dlls+=("$folder/$dll")
  done < <(/usr/bin/python3 - "$assets" <<'PY'
import json, os, sys
assets = json.load(open(sys.argv[1]))
root = next(iter(assets["packageFolders"]))
targets = assets["targets"].values()
# Managed code only: a package that ships native code (for any platform), or depends on one that does (a binding
# such as TorchSharp, whose calls into its native library are declared in C#), stays IL. TorchSharp compiled ahead of
# time gave native errors at random ("Unknown scalar type", "Expected false to be true") in 2 of 11 runs of the
# exercise tests, and none in 8 runs as shipped: its native call stubs must stay the JIT's.
native = {name.split("/")[0] for target in targets for name, item in target.items()
          if any("/native/" in path for path in {**item.get("runtimeTargets", {}), **item.get("native", {})})}
seen = set()
for target in targets:
    for name, item in target.items():
        if item.get("type") != "package" or name.split("/")[0] in native or native & set(item.get("dependencies", {})):
            continue
        folder = os.path.normpath(os.path.join(root, assets["libraries"][name]["path"]))
        for dll in item.get("runtime", {}):
            if dll.endswith(".dll") and os.path.isfile(os.path.join(folder, dll)) and (folder, dll) not in seen:
                seen.add((folder, dll))
                print(folder, dll)
PY
  )
fi
((${#dirs[@]} + ${#package_dirs[@]})) || exit 0

# The runtime the tools and the course run on: the newest installed patch of .NET $major (net10.0: 10.0.x), for each
# shared framework in the tools' runtimeconfig.json (dotnet-interactive also uses ASP.NET Core). crossgen2 comes in the
# same version.
major=$(sed -n 's/.*<TargetFramework>net\([0-9]*\)\..*/\1/p' Directory.Build.props | head -1)
runtimes=$(dotnet --list-runtimes 2>/dev/null)
framework() { # NAME -> "VERSION FOLDER" of the newest installed $major.x
  awk -v n="$1" -v m="$major." '$1 == n && index($2, m) == 1 { v = $2; p = $3 } END { if (v) { gsub(/[][]/, "", p); print v, p "/" v } }' <<<"$runtimes"
}
read -r crossgen2_version _ < <(framework Microsoft.NETCore.App)
if [[ -z "${crossgen2_version:-}" ]]; then
  say "no .NET $major runtime found (dotnet --list-runtimes), so the notebook tools stay as shipped (IL only)"
  exit 0
fi
list_sum=$(printf '%s\n' "${names[@]}" | md5sum | cut -c1-32)
stamp_name=.mnistcourse-ready-to-run
stamp_for() { # TOOL-INDEX -> the stamp's expected text
  local dir=${dirs[$1]} f
  printf 'tool %s\ncrossgen2 %s %s\nlist %s\n' "${tools[$1]}" "$crossgen2_version" "$arch" "$list_sum"
  for f in $(grep -ho '"name": *"[^"]*"' "$dir"/*.runtimeconfig.json | sed 's/.*"\([^"]*\)"$/\1/' | sort -u); do
    printf 'framework %s %s\n' "$f" "$(framework "$f" | cut -d' ' -f1)"
  done
}
package_stamp() { # FOLDER -> the stamp's expected text (the folder names the package and its version; crossgen2's
  printf 'package %s\ncrossgen2 %s %s\n' "$1" "$crossgen2_version" "$arch" # version is the runtime's)
}
all_stamped() {
  local i d
  for i in "${!dirs[@]}"; do [[ "$(cat "${dirs[$i]}/$stamp_name" 2>/dev/null)" == "$(stamp_for "$i")" ]] || return 1; done
  for d in "${package_dirs[@]}"; do [[ "$(cat "$d/$stamp_name" 2>/dev/null)" == "$(package_stamp "$d")" ]] || return 1; done
}
all_stamped && exit 0

# One run at a time (setup.sh may start one in the background while jupyter.sh runs another).
if command -v flock >/dev/null 2>&1 && exec 9>>"${dirs[0]:-${package_dirs[0]}}/$stamp_name.lock"; then
  flock 9
  all_stamped && exit 0
fi

start=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# crossgen2, from NuGet (Microsoft.NETCore.App.Crossgen2.linux-<arch>), restored by a throwaway project outside the
# repository (environment/ stays as it is: setup.sh fingerprints it).
package=microsoft.netcore.app.crossgen2.linux-$arch
cat >"$work/crossgen2.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net$major.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Microsoft.NETCore.App.Crossgen2.linux-$arch" Version="[$crossgen2_version]" /></ItemGroup>
</Project>
EOF
crossgen2=""
if restore=$(dotnet restore "$work/crossgen2.csproj" -nologo -v quiet 2>&1); then
  global=$(dotnet nuget locals global-packages --list 2>/dev/null | sed -n 's/^global-packages: *//p')
  for cache in "${global%/}" "${NUGET_PACKAGES:-}" "$HOME/.nuget/packages"; do
    [[ -n "$cache" && -x "$cache/$package/$crossgen2_version/tools/crossgen2" ]] && { crossgen2="$cache/$package/$crossgen2_version/tools/crossgen2"; break; }
  done
fi
if [[ -z "$crossgen2" ]]; then
  why=$(grep -m1 -o 'error .*' <<<"${restore:-}" || true)
  say "could not restore crossgen2 $crossgen2_version (Microsoft.NETCore.App.Crossgen2.linux-$arch${why:+: $why}), so the notebook tools stay as shipped (IL only): a kernel's first cell takes a second or two longer"
  exit 0
fi

subject="the notebook kernels and the course's packages"
((${#package_dirs[@]})) || subject="the notebook kernels"
((${#dirs[@]})) || subject="the course's packages"
say "compiling $subject ahead of time (crossgen2, ReadyToRun: a minute or two on 2 cores, once)"

# True when the DLL is ReadyToRun: its CLI header's ManagedNativeHeader directory (offset 64) is not empty.
u() { od -An -t "u$2" -j "$3" -N "$2" "$1" 2>/dev/null | tr -d ' '; } # FILE BYTES OFFSET
is_ready_to_run() {
  local f=$1 pe optional cli n sections i s size va raw
  pe=$(u "$f" 4 60); [[ -n "$pe" ]] || return 1
  optional=$((pe + 24))
  # The CLI header is data directory 14, after 96 (PE32) or 112 (PE32+) bytes of the optional header.
  cli=$(u "$f" 4 $((optional + ($(u "$f" 2 "$optional") == 0x20b ? 112 : 96) + 14 * 8)))
  ((${cli:-0})) || return 1
  n=$(u "$f" 2 $((pe + 6))); sections=$((optional + $(u "$f" 2 $((pe + 20)))))
  for ((i = 0; i < n; i++)); do
    s=$((sections + 40 * i)); size=$(u "$f" 4 $((s + 8))); va=$(u "$f" 4 $((s + 12))); raw=$(u "$f" 4 $((s + 20)))
    if ((va <= cli && cli < va + size)); then (($(u "$f" 4 $((cli - va + raw + 68))) > 0)); return; fi
  done
  return 1
}

# One DLL at a time: crossgen2 compiles a DLL's methods on every core itself (two DLLs at once, one thread each, took
# as long on 2 cores), and nice keeps it behind a build that setup.sh runs beside it. A DLL both tools ship identically
# (most of Roslyn and .NET Interactive) is compiled once, for the first tool, and copied into the second.
compiled=0 copied=0 packaged=0 failed=()
compile_in_place() { # WHOSE DLL REFERENCES... -> 0 when the DLL is now ReadyToRun (compiled or copied), else 1
  local whose=$1 dll=$2 out
  shift 2
  out="$work/$(sha256sum "$dll" | cut -c1-64).dll"
  if [[ -f "$out" ]]; then
    copied=$((copied + 1))
  elif nice -n 10 "$crossgen2" "$dll" -o "$out.partial" "$@" --targetos:linux --targetarch:"$arch" -O >"$work/log" 2>&1 && mv "$out.partial" "$out"; then
    compiled=$((compiled + 1))
  else
    failed+=("$whose ${dll##*/} ($(grep -m1 -i 'error' "$work/log" || tail -1 "$work/log"))")
    return 1
  fi
  cp "$out" "$dll.r2r-partial" && chmod --reference="$dll" "$dll.r2r-partial" && mv -f "$dll.r2r-partial" "$dll" ||
    { rm -f "$dll.r2r-partial"; failed+=("$whose ${dll##*/} (could not replace it)"); return 1; }
}
for i in "${!dirs[@]}"; do
  dir=${dirs[$i]}
  refs=()
  while read -r name version folder; do refs+=(-r "$folder/*.dll"); done < <(
    for f in $(grep -ho '"name": *"[^"]*"' "$dir"/*.runtimeconfig.json | sed 's/.*"\([^"]*\)"$/\1/' | sort -u); do echo "$f $(framework "$f")"; done)
  refs+=(-r "$dir/*.dll")
  for d in "$dir"/runtimes/{unix,linux,linux-$arch}/lib/*/; do [[ -d "$d" ]] && refs+=(-r "$d*.dll"); done
  for name in "${names[@]}"; do
    for dll in "$dir/$name" "$dir"/runtimes/{unix,linux,linux-$arch}/lib/*/"$name"; do
      [[ -f "$dll" ]] || continue
      is_ready_to_run "$dll" || compile_in_place "${tools[$i]%% *}'s" "$dll" "${refs[@]}"
    done
  done
  # Stamped even when a DLL failed: the same crossgen2 would fail the same way. (No crossgen2 at all, above, leaves no
  # stamp, so the next set-up tries again.)
  stamp_for "$i" >"$dir/$stamp_name.partial" && mv -f "$dir/$stamp_name.partial" "$dir/$stamp_name"
done

# The course's packages reference one another (Plotly.NET: FSharp.Core, DynamicObj, ...), and only the framework
# besides.
refs=(-r "$(framework Microsoft.NETCore.App | cut -d' ' -f2)/*.dll")
for dll in "${package_dlls[@]}"; do refs+=(-r "$dll"); done
for dll in "${package_dlls[@]}"; do
  is_ready_to_run "$dll" || { compile_in_place "the package" "$dll" "${refs[@]}" && packaged=$((packaged + 1)); }
done
for folder in "${package_dirs[@]}"; do
  package_stamp "$folder" >"$folder/$stamp_name.partial" && mv -f "$folder/$stamp_name.partial" "$folder/$stamp_name"
done

if ((${#failed[@]})); then
  failures="$(printf '%s; ' "${failed[@]}")"
  say "crossgen2 could not compile ${failures%; }: these stay IL (they only start slower)"
fi
what=""
for tool in "${tools[@]}"; do what+="$tool, "; done
((${#package_dirs[@]} == 0)) || what+="${#package_dirs[@]} packages of the course"
what=${what%, }
((copied == 0)) || compiled+=", $copied more the same in both tools"
say "compiled $subject ahead of time in $((SECONDS - start)) s ($what: $compiled DLLs compiled)"
# 3: package DLLs changed in the NuGet cache, which the last build copied as IL: the caller builds again.
((packaged == 0)) || exit 3
exit 0
