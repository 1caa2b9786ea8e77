#!/usr/bin/env python3
"""Prints how long each group of tests took, from a run's .trx file: the notebooks, the CLI fault suite, the rest.

"span" is wall-clock time from the group's first test start to its last test end (groups run side by side, so the
spans overlap); "busy" is the sum of its tests' own durations. A regression shows the day it lands.
"""
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def when(text):
    # .NET writes 7 fractional digits and an offset: 2026-12-02T04:59:07.1234567+00:00
    head, _, rest = text.partition(".")
    fraction = "".join(c for c in rest if c.isdigit())[:6]
    offset = rest[len("".join(c for c in rest if c.isdigit())):] or "+00:00"
    return datetime.fromisoformat(f"{head}.{fraction or '0'}{offset}")


def group(name):
    if ".Notebooks." in name or ".Site." in name:
        return "notebooks and site"
    if ".Cli.Faults." in name:
        return "CLI faults"
    return "the rest"


def main(path):
    root = ET.parse(path).getroot()
    names = {t.get("id"): t.find("t:TestMethod", NS).get("className") for t in root.iterfind(".//t:UnitTest", NS)}
    groups = {}
    for result in root.iterfind(".//t:UnitTestResult", NS):
        g = groups.setdefault(group(names.get(result.get("testId"), "")), {"count": 0, "busy": 0.0, "start": None, "end": None})
        start, end = when(result.get("startTime")), when(result.get("endTime"))
        h, m, s = result.get("duration", "0:0:0").split(":")
        g["count"] += 1
        g["busy"] += int(h) * 3600 + int(m) * 60 + float(s)
        g["start"] = min(filter(None, [g["start"], start]))
        g["end"] = max(filter(None, [g["end"], end]))
    print("test time by group:")
    for name in ("notebooks and site", "CLI faults", "the rest"):
        if name in groups:
            g = groups[name]
            span = (g["end"] - g["start"]).total_seconds()
            print(f"  {name:<20} {g['count']:>4} tests   span {span:7.1f} s   busy {g['busy']:7.1f} s")


if __name__ == "__main__":
    main(sys.argv[1])
