#!/usr/bin/env python3
"""Copies the English chapters' code cells into the Chinese edition, keeping its Chinese text cells.

    python3 environment/zh-sync-code.py [CHAPTER ...]     # default: every notebooks/NN-*.dib

For each chapter, notebooks/zh/NN-name.dib gets the English notebook's cells in order: every code cell copied
as it is but the first (the set-up, which imports ../_setup.dib and selects Chinese), every text cell taken in
turn from the current Chinese file. When the English edition gains or loses text cells, the script says so and
marks each English text cell it had to use with "TODO zh"; translate those, and check the order by hand.
tests/MnistCourse.Tests/Notebooks/ChineseEditionTests.cs checks the result.
"""
import pathlib, re, sys

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
CELL = re.compile(r"^#!(markdown|csharp|fsharp|pwsh|html|javascript|mermaid|value|meta)\s*$")


def cells(text):
    out, kind, lines = [], None, []
    for line in text.split("\n"):
        match = CELL.match(line)
        if match:
            if kind is not None:
                out.append((kind, "\n".join(lines).strip("\n")))
            kind, lines = match.group(1), []
        else:
            lines.append(line)
    if kind is not None:
        out.append((kind, "\n".join(lines).strip("\n")))
    return out


# The English set-up cell is `#!import _setup.dib` / `EnsureCourseSetUp();`; the Chinese one is this, exactly.
CHINESE_SET_UP = '#!import ../_setup.dib\nEnsureCourseSetUp(language: "zh");'


def sync(name):
    english = cells((NOTEBOOKS / f"{name}.dib").read_text(encoding="utf-8"))
    target = NOTEBOOKS / "zh" / f"{name}.dib"
    chinese = cells(target.read_text(encoding="utf-8")) if target.exists() else []
    texts = iter([body for kind, body in chinese if kind == "markdown"])
    english_texts = sum(1 for kind, _ in english if kind == "markdown")
    chinese_texts = sum(1 for kind, _ in chinese if kind == "markdown")
    if english_texts != chinese_texts:
        print(f"{name}: {english_texts} English text cells, {chinese_texts} Chinese: check the order", file=sys.stderr)
    out, first = [], True
    for kind, body in english:
        if kind == "markdown":
            body = next(texts, "<!-- TODO zh -->\n" + body)
        elif kind != "meta" and first:
            body, first = CHINESE_SET_UP, False
        out.append(f"#!{kind}\n\n{body}")
    target.parent.mkdir(exist_ok=True)
    temp = target.with_suffix(".dib.tmp")
    temp.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    temp.replace(target)


for chapter in sys.argv[1:] or sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]-*.dib")):
    sync(pathlib.Path(chapter).stem)
