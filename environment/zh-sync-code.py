#!/usr/bin/env python3
"""Carries the English chapters' code into the Chinese edition, keeping its Chinese comments, printed texts and text cells.

    python3 environment/zh-sync-code.py [CHAPTER ...]     # default: every notebooks/NN-*.dib

The rule (tests/MnistCourse.Tests/Notebooks/ChineseEditionTests.cs checks it): a zh code cell has the same
statements as the English one; only comments and the text of string literals may differ, and a zh literal that
differs from its English one contains Chinese. So each code cell is read as a *skeleton* (its code, comments
removed, whitespace runs counted as one, each string literal reduced to its prefix and its interpolation holes
`{expr[:format]}`) plus its comments and its literals' texts.

For each chapter, notebooks/zh/NN-name.dib gets the English notebook's cells in order:
- the set-up cell (the first code cell) is the Chinese one, exactly;
- a code cell whose skeleton equals the zh cell's stays as the zh cell is;
- otherwise the English cell is taken and the zh cell's comments and translated literals are carried onto it: the
  two skeletons are aligned (difflib) and a comment goes where the code it follows went, a literal to the literal
  with the same skeleton at the aligned place. An English comment with no zh counterpart that is prose is marked
  `// TODO zh ...`; when under half of the zh cell's comments and translations find a place, the English cell is
  copied as it is under a `// TODO zh` line. Both are reported on stderr, and the test fails on a `TODO zh` mark;
- every text cell is taken in turn from the current Chinese file; when the English edition gains or loses text
  cells, the script says so and marks each English text cell it had to use with "TODO zh".
"""
import difflib, pathlib, re, sys

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
CELL = re.compile(r"^#!(markdown|csharp|fsharp|pwsh|html|javascript|mermaid|value|meta)\s*$")
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


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


# ---------------------------------------------------------------- reading C# code: code, comments, string literals
class Literal:
    """A string literal: its prefix ($, @, $@), its text parts and holes, where it starts and ends in the cell."""

    def __init__(self, start, end, prefix, parts):
        self.start, self.end, self.prefix, self.parts = start, end, prefix, parts

    @property
    def skeleton(self):  # the prefix and the holes (their literals as skeletons too), in order: what must be identical
        return self.prefix + '"' + "".join("{" + " ".join(a for a, _ in skeleton(p)) + "}" for kind, p in self.parts if kind == "hole") + '"'

    @property
    def nested(self):  # the literals inside the holes, in order
        return [value for kind, p in self.parts if kind == "hole" for k, value, _ in tokens(p) if k == "literal"]

    @property
    def text(self):  # what may be translated: the text parts, a hole shown as {}
        return "".join(p if kind == "text" else "{}" for kind, p in self.parts)


def _hole_end(code, i):
    """code[i] is just after a hole's `{`; returns the index of its closing `}` (nested brackets and strings skipped)."""
    depth = 0
    while i < len(code):
        c = code[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif c == '"' or (c in "$@" and code[i + 1:i + 2] in ('"', "@", "$")):
            i = _literal(code, i)[0].end - 1
        elif c == "'":
            i = _char_end(code, i) - 1
        i += 1
    raise ValueError("unclosed interpolation hole")


def _char_end(code, i):
    j = i + 1
    while j < len(code) and code[j] != "'":
        j += 2 if code[j] == "\\" else 1
    return j + 1


def _literal(code, i):
    """A literal starting at code[i] (its prefix or its quote): (Literal, index after it)."""
    m = re.compile(r'\$@|@\$|\$|@|').match(code, i)
    prefix, j = m.group(0), m.end()
    assert code[j] == '"', code[i:i + 20]
    if code.startswith('"""', j):
        raise ValueError("raw string literals are not supported by zh-sync-code.py")
    verbatim, interpolated = "@" in prefix, "$" in prefix
    parts, text, j = [], [], j + 1
    while True:
        c = code[j]
        if c == '"' and verbatim and code[j + 1:j + 2] == '"':
            text.append('""'); j += 2
        elif c == '"':
            j += 1
            break
        elif c == "\\" and not verbatim:
            text.append(code[j:j + 2]); j += 2
        elif interpolated and c in "{}" and code[j + 1:j + 2] == c:
            text.append(c * 2); j += 2
        elif interpolated and c == "{":
            end = _hole_end(code, j + 1)
            parts.append(("text", "".join(text))); text = []
            parts.append(("hole", code[j + 1:end]))
            j = end + 1
        else:
            text.append(c); j += 1
    parts.append(("text", "".join(text)))
    return Literal(i, j, prefix, parts), j


def tokens(code):
    """The cell as ('code', text, start) / ('comment', text, start) / ('literal', Literal, start), in order."""
    out, i, run = [], 0, 0
    def flush(upto):
        if upto > run:
            out.append(("code", code[run:upto], run))
    while i < len(code):
        c = code[i]
        if code.startswith("//", i):
            flush(i)
            end = code.find("\n", i)
            end = len(code) if end < 0 else end
            out.append(("comment", code[i:end], i)); i = run = end
        elif code.startswith("/*", i):
            flush(i)
            end = code.index("*/", i) + 2
            out.append(("comment", code[i:end], i)); i = run = end
        elif c == '"' or (c in "$@" and re.match(r'(\$@|@\$|\$|@)"', code[i:i + 3])):
            flush(i)
            literal, end = _literal(code, i)
            out.append(("literal", literal, i)); i = run = end
        elif c == "'":
            i = _char_end(code, i)
        else:
            i += 1
    flush(len(code))
    return out


def skeleton(code):
    """The atoms that must be identical: code words (split on whitespace) and literal skeletons, each with its line."""
    atoms = []
    for kind, value, start in tokens(code):
        if kind == "code":
            for m in re.finditer(r"\S+", value):
                atoms.append((m.group(0), code.count("\n", 0, start + m.start()) + 1))
        elif kind == "literal":
            atoms.append((value.skeleton, code.count("\n", 0, start) + 1))
    return atoms


# A comment with no Chinese is code, not prose, when it is a Python line (`// Python: ...`) or none of its
# whitespace-separated words is a plain English word (letters only, possibly ending in , ; : . ! ?).
PLAIN_WORD = re.compile(r"^[A-Za-z][A-Za-z'-]*[,;:.!?]?$")


def comment_is_code(comment):
    body = re.sub(r"^(//|/\*)|\*/$", "", comment).strip()
    if body.startswith("Python:") or body == "":
        return True
    return not any(PLAIN_WORD.match(word) for word in body.split())


# ---------------------------------------------------------------- carrying English code onto a zh cell
def carry(english, chinese, where):
    """The English cell with the zh cell's comments and translated literals in place (see the module's doc)."""
    en_tokens, zh_tokens = tokens(english), tokens(chinese)
    if [a for a, _ in skeleton(english)] == [a for a, _ in skeleton(chinese)]:
        return chinese

    def layout(toks):
        atoms, comments, literals = [], {}, {}
        for kind, value, start in toks:
            if kind == "code":
                atoms.extend(m.group(0) for m in re.finditer(r"\S+", value))
            elif kind == "literal":
                literals[len(atoms)] = value
                atoms.append(value.skeleton)
            else:  # a comment belongs after the atom before it
                comments.setdefault(len(atoms) - 1, []).append((value, start))
        return atoms, comments, literals

    en_atoms, en_comments, en_literals = layout(en_tokens)
    zh_atoms, zh_comments, zh_literals = layout(zh_tokens)
    to_zh = {-1: -1}
    for block in difflib.SequenceMatcher(None, en_atoms, zh_atoms, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            to_zh[block.a + k] = block.b + k

    edits, untranslated, placed = [], [], 0  # edits: (start, end, new text) in the English cell
    for anchor, comments in en_comments.items():
        theirs = zh_comments.get(to_zh.get(anchor), []) if anchor in to_zh else []
        for n, (comment, start) in enumerate(comments):
            if n < len(theirs) and CJK.search(theirs[n][0]):  # a translation; any other comment is the English one's
                edits.append((start, start + len(comment), theirs[n][0])); placed += 1
            elif not CJK.search(comment) and not comment_is_code(comment):
                edits.append((start, start + 2, "// TODO zh")); untranslated.append(comment)
    for index, literal in en_literals.items():
        theirs = zh_literals.get(to_zh.get(index, -2))
        if theirs is not None and theirs.skeleton == literal.skeleton and CJK.search(theirs.text) and theirs.text != literal.text:
            edits.append((literal.start, literal.end, chinese[theirs.start:theirs.end])); placed += 1
    wanted = sum(1 for cs in zh_comments.values() for c, _ in cs if CJK.search(c)) + \
             sum(1 for lit in zh_literals.values() if CJK.search(lit.text))
    if wanted and placed * 2 < wanted:
        print(f"{where}: the code changed too much to carry the Chinese comments and texts; copied the English cell "
              "under a `// TODO zh` line: translate it", file=sys.stderr)
        return "// TODO zh: 这个单元格是从英文版复制的，请翻译注释和输出的文字\n" + english
    out = english
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    for comment in untranslated:
        print(f"{where}: new English comment marked `TODO zh`: {comment}", file=sys.stderr)
    return out


def sync(name):
    english = cells((NOTEBOOKS / f"{name}.dib").read_text(encoding="utf-8"))
    target = NOTEBOOKS / "zh" / f"{name}.dib"
    chinese = cells(target.read_text(encoding="utf-8")) if target.exists() else []
    texts = iter([body for kind, body in chinese if kind == "markdown"])
    codes = iter([body for kind, body in chinese if kind not in ("markdown", "meta")][1:])
    english_texts = sum(1 for kind, _ in english if kind == "markdown")
    chinese_texts = sum(1 for kind, _ in chinese if kind == "markdown")
    if english_texts != chinese_texts:
        print(f"{name}: {english_texts} English text cells, {chinese_texts} Chinese: check the order", file=sys.stderr)
    english_codes = sum(1 for kind, _ in english if kind not in ("markdown", "meta"))
    chinese_codes = sum(1 for kind, _ in chinese if kind not in ("markdown", "meta"))
    if english_codes != chinese_codes:
        print(f"{name}: {english_codes} English code cells, {chinese_codes} Chinese: code cells are paired in order; "
              "check the comments of the cells after the change", file=sys.stderr)
    out, first, number = [], True, 0
    for kind, body in english:
        number += kind != "meta"
        if kind == "markdown":
            body = next(texts, "<!-- TODO zh -->\n" + body)
        elif kind != "meta" and first:
            body, first = CHINESE_SET_UP, False
        elif kind != "meta":
            theirs = next(codes, None)
            body = body if theirs is None else carry(body, theirs, f"zh/{name}.dib, cell {number}")
        out.append(f"#!{kind}\n\n{body}")
    target.parent.mkdir(exist_ok=True)
    temp = target.with_suffix(".dib.tmp")
    temp.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    temp.replace(target)


if __name__ == "__main__":
    for chapter in sys.argv[1:] or sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]-*.dib")):
        sync(pathlib.Path(chapter).stem)
