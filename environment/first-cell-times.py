#!/usr/bin/python3
"""How long a chapter takes to show its first output, and where the set-up cell's time goes.

    /usr/bin/python3 environment/first-cell-times.py [chapter] [--runs N] [--host jupyter|repl|both] [--setup-from REV]

For each run it starts a fresh kernel, as a learner's first run after a kernel (re)start:
- jupyter: the .NET (C#) kernel that environment/jupyter.sh registers, driven by jupyter_client from the chapter's
  folder (as a Jupyter server starts it); it prints the kernel start (until kernel_info answers), the set-up cell,
  the chapter's next code cell, and the time from kernel start to each one's first output.
- repl: dotnet-repl (the pinned tool the tests use) on a copy of the chapter's first two code cells; it prints the
  whole process's wall time and what the kernel measured itself.
Both print the set-up's own breakdown (MNISTCOURSE_SETUP_TIMES=1 makes notebooks/_setup.dib print it).
--setup-from REV runs notebooks/_setup.dib as it was at a git revision instead (before/after on the same machine).
Uses Debian's python3 (jupyter_client); the machine must be set up (environment/setup.sh --for-tests).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMES = re.compile(r"set-up times: (.*)")


def code_cells(dib):
    """The chapter's code cells, in order (a .dib: cells start at #!csharp / #!markdown / #!meta lines)."""
    parts = re.split(r"^(#!csharp|#!markdown|#!meta)\s*$", dib.read_text(encoding="utf-8"), flags=re.M)[1:]
    return [parts[i + 1].strip("\n") for i in range(0, len(parts), 2) if parts[i] == "#!csharp"]


def with_setup(cells, setup):
    """The chapter's cells, its set-up cell importing `setup` (a file in notebooks/) instead of _setup.dib."""
    return [cells[0].replace("_setup.dib", setup)] + cells[1:]


def environment():
    env = dict(os.environ, MNISTCOURSE_SETUP_TIMES="1", DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    return env


def jupyter_run(dib, setup):
    from jupyter_client.manager import KernelManager

    cells = with_setup(code_cells(dib), setup)
    km = KernelManager(kernel_name=".net-csharp")
    start = time.monotonic()
    km.start_kernel(cwd=str(dib.parent), env=environment())
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        ready = time.monotonic() - start
        rows = [("kernel start (kernel_info answered)", ready)]
        texts = []
        for name, code in (("set-up cell", cells[0]), ("next code cell", cells[1])):
            sent = time.monotonic()
            msg_id = kc.execute(code)
            first = None
            text = []
            while True:
                msg = kc.get_iopub_msg(timeout=300)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                # The kernel's own first display (its JavaScript bootstrap) is not the chapter's output.
                if kind in ("stream", "execute_result", "error") and first is None:
                    first = time.monotonic()
                if kind == "stream":
                    text.append(msg["content"]["text"])
                if kind == "error":
                    text.append("ERROR: " + msg["content"]["evalue"])
                if kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
            done = time.monotonic()
            rows.append((f"{name} (sent to done)", done - sent))
            if first is not None:
                rows.append((f"  kernel start to its first output", first - start))
            texts.append("".join(text))
        return rows, "".join(texts)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def repl_run(dib, setup):
    cells = with_setup(code_cells(dib), setup)
    # The copy sits beside the chapter, where its `#!import _setup.dib` is found; '_' keeps it out of the course.
    probe = "Console.WriteLine($\"{(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms from the kernel process's start to the next cell's end\");"
    text = "".join(f"#!csharp\n\n{c}\n\n" for c in (cells[0], cells[1], probe))
    copy = dib.parent / f"_times-{dib.stem}.dib"
    with tempfile.TemporaryDirectory() as out:
        try:
            copy.write_text(text, encoding="utf-8")
            start = time.monotonic()
            result = subprocess.run(["dotnet", "tool", "run", "dotnet-repl", "--", "--run", str(copy), "--exit-after-run",
                                     "--output-format", "ipynb", "--output-path", f"{out}/run.ipynb"],
                                    cwd=dib.parent, env=environment(), capture_output=True, text=True, timeout=600)
            wall = time.monotonic() - start
        finally:
            copy.unlink(missing_ok=True)
        if not os.path.exists(f"{out}/run.ipynb"):
            sys.exit(f"dotnet-repl wrote no notebook (exit {result.returncode}): {result.stdout}{result.stderr}")
        notebook = json.loads(Path(f"{out}/run.ipynb").read_text(encoding="utf-8"))
    outputs = []
    for cell in notebook["cells"]:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                outputs.append("".join(o["text"]) if isinstance(o["text"], list) else o["text"])
            if o.get("output_type") == "error":
                outputs.append("ERROR: " + o.get("evalue", ""))
    return [("dotnet-repl process, start to exit (3 cells)", wall)], "".join(outputs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chapter", nargs="?", default="01-model", help="a chapter's name, e.g. 01-model or zh/01-model")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--host", choices=["jupyter", "repl", "both"], default="both")
    parser.add_argument("--setup-from", metavar="REV", help="use notebooks/_setup.dib as it was at this git revision")
    args = parser.parse_args()
    dib = ROOT / "notebooks" / f"{args.chapter}.dib"
    if not dib.exists():
        sys.exit(f"first-cell-times: {dib} not found; give a chapter's name such as 01-model")
    hosts = ["jupyter", "repl"] if args.host == "both" else [args.host]
    setup = "_setup.dib"
    if args.setup_from:
        old = subprocess.run(["git", "show", f"{args.setup_from}:notebooks/_setup.dib"], cwd=ROOT, capture_output=True, text=True)
        if old.returncode != 0:
            sys.exit(f"first-cell-times: --setup-from {args.setup_from}: {old.stderr.strip()}")
        setup = f"_setup-{args.setup_from}.dib"
        (ROOT / "notebooks" / setup).write_text(old.stdout, encoding="utf-8")
    try:
        run(args, dib, hosts, setup)
    finally:
        if setup != "_setup.dib":
            (ROOT / "notebooks" / setup).unlink(missing_ok=True)


def run(args, dib, hosts, setup):
    for host in hosts:
        for n in range(1, args.runs + 1):
            rows, text = (jupyter_run if host == "jupyter" else repl_run)(dib, setup)
            print(f"{host}, {args.chapter}, run {n}:")
            for what, seconds in rows:
                print(f"  {what:<45} {seconds:6.2f} s")
            for line in text.splitlines():
                if TIMES.search(line) or "ERROR" in line or "ms from the kernel" in line:
                    print("  " + line.strip().replace(", ", "\n    ", 20) if TIMES.search(line) else "  " + line.strip())
            sys.stdout.flush()


if __name__ == "__main__":
    main()
