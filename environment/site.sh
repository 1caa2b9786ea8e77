#!/usr/bin/env bash
# Builds the course website: every chapter with its real outputs and charts, English at the root of artifacts/site/
# and Chinese under zh/. Its inputs are executed copies of the chapters: those the test suite leaves in artifacts/
# (each chapter runs once there), and, for a chapter without one whose cells match the chapter as it is now, a run
# of its .ipynb in Jupyter here (into artifacts/site-runs/). Open artifacts/site/index.html; no server needed.
#
#   bash environment/site.sh                 # build (executes the chapters it lacks first)
#   bash environment/site.sh --no-execute    # build from existing executed copies only (the test suite does this)
#   bash environment/site.sh --install       # only install the Debian packages the build needs (idempotent)
#   bash environment/site.sh --out DIR       # build into DIR instead of artifacts/site
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[site] %s\n' "$*" >&2; }

install_only=false execute=true out=artifacts/site
while (($#)); do
  case "$1" in
    --install) install_only=true ;;
    --no-execute) execute=false ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    *) say "unknown option $1 (see the top of environment/site.sh)"; exit 2 ;;
  esac
  shift
done

# What the build needs: Markdown (CommonMark) and C# highlighting, both from Debian, used by Debian's Python.
source environment/debian-packages.sh
ensure_debian_packages "run \`sudo bash environment/site.sh --install\`" python3-markdown-it python3-pygments || exit 1
$install_only && exit 0

build=(/usr/bin/python3 environment/site/build.py)
if $execute; then
  lacking=$("${build[@]}" --list-missing)
  if [[ -n $lacking ]]; then
    if ! /usr/bin/jupyter kernelspec list 2>/dev/null | grep -q '\.net-csharp'; then
      say "these chapters have no executed copy, and Jupyter's .NET (C#) kernel is not set up to run them: run \`bash environment/jupyter.sh\` first"
      printf '%s\n' "$lacking" >&2
      exit 1
    fi
    while read -r edition chapter; do
      folder=notebooks; runs=artifacts/site-runs
      [[ $edition == zh ]] && { folder=notebooks/zh; runs=artifacts/site-runs/zh; }
      mkdir -p "$runs"
      temp=$(mktemp -d)
      say "running $folder/$chapter.ipynb in Jupyter (no executed copy of it yet)"
      if ! /usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp \
            --ExecutePreprocessor.timeout=900 --output-dir "$temp" "$folder/$chapter.ipynb" >"$temp/log" 2>&1; then
        say "$folder/$chapter.ipynb failed in Jupyter; its log: $runs/$chapter.log (fix the chapter, then run this again)"
        mv "$temp/log" "$runs/$chapter.log"; rm -rf "$temp"
        exit 1
      fi
      # Say where the outputs came from (the page names the host), then move the copy into place whole.
      /usr/bin/python3 - "$temp/$chapter.ipynb" <<'PY'
import json, sys
path = sys.argv[1]
notebook = json.load(open(path, encoding="utf-8"))
notebook["metadata"]["mnistcourse_run"] = {"host": "jupyter", "by": "site.sh"}
json.dump(notebook, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
      mv "$temp/$chapter.ipynb" "$runs/$chapter.ipynb"
      rm -rf "$temp"
    done <<<"$lacking"
  fi
fi

"${build[@]}" --out "$out"
