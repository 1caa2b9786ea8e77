#!/usr/bin/python3
"""Builds the course website from executed copies of the chapters (see environment/site.sh, which calls this).

    /usr/bin/python3 environment/site/build.py [--out artifacts/site] [--list-missing]

English pages go to the root of the output folder, Chinese ones under zh/. For every chapter the build takes an
executed copy whose cells are the chapter's own (the first cells of the copy must have the chapter's sources: the
test suite appends an answer key, which is left out), from the folders the suite writes to (see RUNS). It needs
python3-markdown-it and python3-pygments (Debian packages). Nothing is written outside a temporary folder beside
the output until the whole site is built; then the output folder is replaced in one rename.
"""
import argparse
import html
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

try:
    from markdown_it import MarkdownIt
    from pygments import format as pygments_format
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import CSharpLexer, get_lexer_by_name
    from pygments.token import Comment, Error, Text
    from pygments.util import ClassNotFound
except ImportError as missing:
    sys.exit(f"environment/site/build.py: {missing.name} is missing: run `bash environment/site.sh --install` "
             "(Debian's python3-markdown-it and python3-pygments), as root")

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# Where the test suite (and site.sh, for what the suite did not leave) writes executed copies, per edition.
RUNS = {
    "en": ["artifacts/jupyter", "artifacts/notebooks", "artifacts/vscode", "artifacts/site-runs"],
    "zh": ["artifacts/jupyter/zh", "artifacts/site-runs/zh"],
}

EDITIONS = {
    "en": {"folder": "notebooks", "prefix": "", "lang": "en", "other": "zh"},
    "zh": {"folder": "notebooks/zh", "prefix": "zh/", "lang": "zh-CN", "other": "en"},
}

# Every text the pages show, per edition.
TEXTS = {
    "en": {
        "site": "MnistCourse",
        "tagline": "The PyTorch training loop in C#, with TorchSharp",
        "switch": "中文",
        "switch_title": "Read this page in Chinese",
        "search": "Search",
        "search_none": "No match.",
        "map": "Chapters",
        "home": "Home",
        "run_title": "Run this chapter",
        "run_dib": "in VS Code or Codespaces (Polyglot Notebooks, .NET Interactive kernel)",
        "run_ipynb": "in Jupyter (the .NET (C#) kernel from environment/jupyter.sh)",
        "run_script": "or, as a plain C# program: <code>dotnet run examples/complete-example.cs</code>",
        "run_repo": "Both files belong in the repository's <code>notebooks/</code> folder: their first cell loads the course from there.",
        "setup_summary": "Set-up cell: loads the course library (<code>lib/MnistCourse</code>), TorchSharp and offline charts; the same first cell in every chapter. Show it",
        "outputs_from": "Outputs on this page: the chapter as a learner finds it, run once by {who} ({host}). Your numbers may differ in the last digits.",
        "by_suite": "the test suite",
        "by_script": "environment/site.sh",
        "settings_note": "<strong>This run used other settings than the chapter's own</strong>, so that the suite can compare it line by line with the example script and the CLI: {settings}. Run the chapter yourself for Fashion-MNIST and the chapter's own epochs.",
        "data_generated": "a small generated data set ({detail})",
        "epochs": "{n} epochs",
        "seed": "seed {n}",
        "prev": "Previous",
        "next": "Next",
        "map_number": "#",
        "map_chapter": "Chapter",
        "map_source": "Chapter of the source",
        "map_files": "Notebook",
    },
    "zh": {
        "site": "MnistCourse",
        "tagline": "用 C# 和 TorchSharp 学 PyTorch 训练循环",
        "switch": "English",
        "switch_title": "阅读本页的英文版",
        "search": "搜索",
        "search_none": "没有找到。",
        "map": "章节",
        "home": "首页",
        "run_title": "运行本章",
        "run_dib": "在 VS Code 或 Codespaces 中运行（Polyglot Notebooks，.NET Interactive 内核）",
        "run_ipynb": "在 Jupyter 中运行（environment/jupyter.sh 注册的 .NET (C#) 内核）",
        "run_script": "或者作为普通 C# 程序运行：<code>dotnet run examples/complete-example.cs</code>",
        "run_repo": "两个文件都要放在仓库的 <code>notebooks/zh/</code> 文件夹里：它们的第一个单元格从那里加载课程。",
        "setup_summary": "设置单元格：加载课程库（<code>lib/MnistCourse</code>）、TorchSharp 和离线图表；每章的第一个单元格都一样。点击展开",
        "outputs_from": "本页的输出：学习者拿到的原样章节，由{who}运行一次（{host}）。你的数字最后几位可能不同。",
        "by_suite": "测试套件",
        "by_script": " environment/site.sh ",
        "settings_note": "<strong>这次运行用的设置和本章自己的不同</strong>，以便测试套件把它和示例脚本、命令行程序逐行比较：{settings}。自己运行本章即可看到 Fashion-MNIST 和本章自己的轮次。",
        "data_generated": "一个生成的小数据集（{detail}）",
        "epochs": "{n} 个轮次",
        "seed": "随机种子 {n}",
        "prev": "上一章",
        "next": "下一章",
        "map_number": "#",
        "map_chapter": "章节",
        "map_source": "原教程章节",
        "map_files": "笔记本",
    },
}

HOSTS = {
    "jupyter": {"en": "Jupyter, .NET (C#) kernel", "zh": "Jupyter，.NET (C#) 内核"},
    "dotnet-repl": {"en": "dotnet-repl", "zh": "dotnet-repl"},
    "vscode": {"en": "the dotnet-interactive kernel as VS Code starts it", "zh": "VS Code 启动的 dotnet-interactive 内核"},
}

PLOTLY_INLINE = re.compile(r'<script type="text/javascript">/\* plotly\.js (\d+\.\d+\.\d+), inlined for offline use \*/\n'
                           r'\(function \(define, module, exports\) \{\n(.*)\n\}\)\.call\(window\);\n</script>', re.S)
CHAPTER = re.compile(r'^\d\d-[a-z0-9-]+$')
RUN_BOX = "<!-- run box -->"
# The .NET kernel under Jupyter adds to its first cell a script that probes its own HTTP API on 127.0.0.1 and loads
# require.js from a CDN: plumbing of that kernel session, no output of the course, and a request leaving the site.
KERNEL_PLUMBING = "function loadDotnetInteractiveApi()"


class BuildError(Exception):
    """A problem with an input, said in one line that names the file and the fix."""


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def text_of(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def norm(source):
    return text_of(source).replace("\r\n", "\n").strip()


def chapters(edition):
    folder = ROOT / EDITIONS[edition]["folder"]
    names = sorted(p.stem for p in folder.glob("0*.ipynb") if CHAPTER.match(p.stem))
    if not names:
        raise BuildError(f"{rel(folder)}: no chapter .ipynb found (generate them: dotnet run environment/ipynb.cs)")
    return names


_parsed = {}


def read_json(path):
    """A notebook, parsed once per build (executed copies carry plotly.js: a few MB each)."""
    key = (str(path), Path(path).stat().st_mtime_ns if Path(path).exists() else None)
    if key not in _parsed:
        _parsed[key] = _read_json(path)
    return _parsed[key]


def _read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BuildError(f"{rel(path)}: not a readable notebook ({e}); delete it and run `bash environment/site.sh` again")


def executed_copy(edition, name):
    """The newest executed copy whose first cells are the chapter's own, or None."""
    source = read_json(ROOT / EDITIONS[edition]["folder"] / f"{name}.ipynb")["cells"]
    want = [(c["cell_type"], norm(c["source"])) for c in source]
    found = []
    for folder in RUNS[edition]:
        path = ROOT / folder / f"{name}.ipynb"
        if not path.is_file():
            continue
        cells = read_json(path).get("cells", [])
        have = [(c["cell_type"], norm(c["source"])) for c in cells[:len(want)]]
        if have == want:
            found.append(path)
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


# ---------------------------------------------------------------- rendering

# Full Unicode identifiers: Pygments does not follow a string nested in an interpolation hole ($"{(x ? "是" : "否")}")
# and lexes its text as code, where Chinese would otherwise be an error token (the English edition's lexes as names).
CSHARP = CSharpLexer(unicodelevel="full")
FORMATTER = HtmlFormatter(nowrap=True)


def highlight_csharp(code):
    """C# with the notebook's magic-command lines (#!import ...) as directives: the C# lexer reads them as errors."""
    tokens, chunk = [], []

    def flush():
        if chunk:
            # What is still an error there is Chinese punctuation inside such a nested string: plain text, not an error.
            tokens.extend((Text if kind in Error and not value.isascii() else kind, value) for kind, value in CSHARP.get_tokens("".join(chunk)))
            # get_tokens ends every chunk with a newline; keep the text as written.
            if not chunk[-1].endswith("\n") and tokens and tokens[-1][1] == "\n":
                tokens.pop()
            chunk.clear()

    for line in code.splitlines(keepends=True):
        if line.startswith("#!"):
            flush()
            tokens.append((Comment.Preproc, line.rstrip("\n")))
            if line.endswith("\n"):
                tokens.append((Text, "\n"))
        else:
            chunk.append(line)
    flush()
    return pygments_format(tokens, FORMATTER)


def highlight_fence(code, language):
    """A fenced block in markdown, highlighted by its language (markdown-it keeps a result that starts with <pre)."""
    language = (language or "").strip().split()[0] if language else ""
    if not language:
        return ""  # markdown-it escapes it as plain text
    if language in ("cs", "csharp", "c#"):
        tokens = highlight_csharp(code)
    else:
        try:
            tokens = pygments_format(get_lexer_by_name(language).get_tokens(code), FORMATTER)
        except ClassNotFound:
            return ""
    return f'<pre class="highlight"><code>{tokens}</code></pre>\n'



def make_markdown(link):
    md = MarkdownIt("commonmark", {"html": True, "highlight": lambda code, lang, attrs: highlight_fence(code, lang)}).enable("table")

    def render_link(renderer, tokens, idx, options, env):
        tokens[idx].attrSet("href", link(tokens[idx].attrGet("href") or ""))
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", render_link)
    return md


def slug(text, taken):
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).strip().lower()
    text = "".join(ch if (ch.isalnum() or ch in "-_") else "-" for ch in unicodedata.normalize("NFKC", text))
    base = re.sub(r"-+", "-", text).strip("-") or "section"
    s, n = base, 2
    while s in taken:
        s, n = f"{base}-{n}", n + 1
    taken.add(s)
    return s


def add_heading_ids(fragment, taken, sections):
    def repl(m):
        level, inner = m.group(1), m.group(2)
        ident = slug(inner, taken)
        if level != "1":  # the page's own title: its top is the page's first section
            sections.append((ident, html.unescape(re.sub(r"<[^>]+>", "", inner))))
        return f'<h{level} id="{ident}">{inner}</h{level}>'
    return re.sub(r"<h([1-3])>(.*?)</h\1>", repl, fragment, flags=re.S)


def page_link(href, edition_names):
    """A chapter link (NN-name.dib / .ipynb) becomes the chapter's page; any other link stays as written."""
    m = re.match(r"^(\d\d-[a-z0-9-]+)\.(dib|ipynb)(#.*)?$", href)
    if m and m.group(1) in edition_names:
        return f"{m.group(1)}.html{m.group(3) or ''}"
    return href


class Plotly:
    """plotly.js, once for the whole site: taken from the output that carries it (sent with a chapter's first chart), written to _static/ once."""

    def __init__(self):
        self.version = None
        self.source = None

    def take(self, html_text, where):
        m = PLOTLY_INLINE.search(html_text)
        if not m:
            return html_text
        version, source = m.group(1), m.group(2)
        if self.version and self.version != version:
            raise BuildError(f"{where}: plotly.js {version}, another chapter has {self.version}; re-run the chapters with one build of lib/MnistCourse")
        self.version, self.source = version, source
        return html_text[:m.start()] + html_text[m.end():]


def render_outputs(outputs, plotly, where, state):
    parts = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            text = text_of(output.get("text"))
            css = "stderr" if output.get("name") == "stderr" else "stdout"
            if parts and parts[-1][0] == css:
                parts[-1] = (css, parts[-1][1] + text)
            else:
                parts.append((css, text))
        elif kind == "error":
            raise BuildError(f"{where}: the executed copy has an error ({output.get('ename')}: {output.get('evalue')}); fix the chapter and run it again")
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            if "text/html" in data:
                fragment = plotly.take(text_of(data["text/html"]), where).strip()
                if KERNEL_PLUMBING in fragment:
                    continue
                if "plotly-chart" in fragment:
                    state["charts"] += fragment.count('class="plotly-chart"')
                if fragment:
                    parts.append(("html", fragment))
            elif "image/png" in data:
                parts.append(("html", f'<img alt="" src="data:image/png;base64,{text_of(data["image/png"]).strip()}">'))
            elif "text/plain" in data:
                parts.append(("stdout", text_of(data["text/plain"])))
    out = []
    for css, content in parts:
        if css == "html":
            out.append(f'<div class="output html">{content}</div>')
        elif content.strip():
            out.append(f'<pre class="output {css}">{html.escape(content.rstrip())}</pre>')
    return "\n".join(out)


def chapter_info(edition, name):
    cells = read_json(ROOT / EDITIONS[edition]["folder"] / f"{name}.ipynb")["cells"]
    title, source = name, ""
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = norm(cell["source"])
        m = re.search(r"^# (.+)$", text, re.M)
        if m:
            title = m.group(1).strip()
            s = re.search(r"^\*([^*\n]+)\*\s*$", text, re.M)
            source = s.group(1).strip() if s else ""
            break
    return {"name": name, "title": title, "source": source}


def run_note(edition, run, texts):
    meta = run.get("metadata", {}).get("mnistcourse_run", {})
    host = HOSTS.get(meta.get("host", ""), {}).get(edition, meta.get("host") or "?")
    who = texts["by_script"] if meta.get("by") == "site.sh" else texts["by_suite"]
    note = f'<p class="run-note">{html.escape(texts["outputs_from"].format(who=who, host=host))}</p>'
    settings = meta.get("settings", {})
    described = []
    if "MNISTCOURSE_DATA" in settings:
        described.append(texts["data_generated"].format(detail=html.escape(meta.get("data", settings["MNISTCOURSE_DATA"]))))
    if "MNISTCOURSE_EPOCHS" in settings:
        described.append(texts["epochs"].format(n=html.escape(settings["MNISTCOURSE_EPOCHS"])))
    if "MNISTCOURSE_SEED" in settings:
        described.append(texts["seed"].format(n=html.escape(settings["MNISTCOURSE_SEED"])))
    if described:
        note += f'<p class="run-note settings">{texts["settings_note"].format(settings=", ".join(described))}</p>'
    return note


def render_chapter(edition, name, run_path, infos, plotly, index):
    texts = TEXTS[edition]
    names = [i["name"] for i in infos]
    md = make_markdown(lambda href: page_link(href, names))
    own = read_json(ROOT / EDITIONS[edition]["folder"] / f"{name}.ipynb")["cells"]
    run = read_json(run_path)
    cells = run["cells"][:len(own)]  # the chapter's own cells: what the suite appended (the answer key) is left out
    where = rel(run_path)
    state = {"charts": 0}
    taken, sections, body, setup = set(), [], [], ""
    section = {"id": "", "title": next(i["title"] for i in infos if i["name"] == name), "text": []}
    index_sections = [section]
    for i, cell in enumerate(cells):
        source = norm(cell["source"])
        if cell["cell_type"] == "markdown":
            before = len(sections)
            fragment = add_heading_ids(md.render(source), taken, sections)
            for ident, title in sections[before:]:
                section = {"id": ident, "title": title, "text": []}
                index_sections.append(section)
            section["text"].append(re.sub(r"<[^>]+>", " ", md.render(source)))
            body.append(f'<div class="cell markdown">{fragment}</div>')
            if len(body) == 1:  # under the chapter's title: how to run it, then its set-up cell, folded
                body.append(RUN_BOX)
                if setup:
                    body.append(setup)
            continue
        outputs = render_outputs(cell.get("outputs", []), plotly, f"{where}, cell {i + 1}", state)
        code = f'<pre class="code highlight"><code>{highlight_csharp(source)}</code></pre>'
        if i == 0 and source.startswith("#!import"):
            setup = f'<details class="cell setup"><summary>{texts["setup_summary"]}</summary>{code}{outputs}</details>'
            continue
        else:
            section["text"].append(source)
            body.append(f'<div class="cell code">{code}{outputs}</div>')
    for s in index_sections:
        text = html.unescape(re.sub(r"\s+", " ", " ".join(s["text"]))).strip()
        if text or s["id"] == "":
            index.append({"page": f"{name}.html", "title": s["title"], "section": s["id"], "text": text})
    return "\n".join(body), state["charts"], run


def layout(edition, page, title, content, infos, charts, plotly_file):
    e = EDITIONS[edition]
    texts = TEXTS[edition]
    up = "../" if edition == "zh" else ""
    switch_href = ("zh/" if edition == "en" else "../") + page
    nav = [f'<li class="{"current" if page == "index.html" else ""}"><a href="index.html">{texts["home"]}</a></li>']
    for info in infos:
        current = "current" if page == f"{info['name']}.html" else ""
        nav.append(f'<li class="{current}"><a href="{info["name"]}.html">{html.escape(info["title"])}</a></li>')
    plotly_tag = f'<script src="{up}_static/{plotly_file}"></script>\n' if charts else ""
    return f"""<!DOCTYPE html>
<html lang="{e['lang']}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {texts['site']}</title>
<link rel="stylesheet" href="{up}_static/site.css">
{plotly_tag}<script src="{up}_static/site.js" defer></script>
</head>
<body data-edition="{edition}" data-search-index="search-index.js" data-search-none="{html.escape(texts['search_none'])}">
<header class="top">
  <a class="brand" href="index.html">{texts['site']}</a> <span class="tagline">{html.escape(texts['tagline'])}</span>
  <span class="spacer"></span>
  <span class="search"><input type="search" id="search" placeholder="{texts['search']}" aria-label="{texts['search']}" autocomplete="off"><ol id="search-results" hidden></ol></span>
  <a class="lang-switch" id="lang-switch" href="{switch_href}" hreflang="{EDITIONS[e['other']]['lang']}" title="{texts['switch_title']}">{texts['switch']}</a>
</header>
<div class="frame">
<nav class="map"><h2>{texts['map']}</h2><ol>{''.join(nav)}</ol></nav>
<main>
{content}
</main>
</div>
</body>
</html>
"""


def chapter_page(edition, name, body, infos, run, charts, plotly_file):
    texts = TEXTS[edition]
    info = next(i for i in infos if i["name"] == name)
    folder = "notebooks/" if edition == "en" else "notebooks/zh/"
    links = (f'<aside class="run"><h2>{texts["run_title"]}</h2><ul>'
             f'<li><a href="notebooks/{name}.dib" download><code>{folder}{name}.dib</code></a> {texts["run_dib"]}</li>'
             f'<li><a href="notebooks/{name}.ipynb" download><code>{folder}{name}.ipynb</code></a> {texts["run_ipynb"]}</li>'
             + (f'<li>{texts["run_script"]}</li>' if name == "06-complete-example" else "")
             + f'</ul><p>{texts["run_repo"]}</p>{run_note(edition, run, texts)}</aside>')
    at = [i["name"] for i in infos].index(name)
    pager = '<nav class="pager">'
    if at > 0:
        pager += f'<a class="prev" href="{infos[at - 1]["name"]}.html">← {html.escape(infos[at - 1]["title"])}</a>'
    if at + 1 < len(infos):
        pager += f'<a class="next" href="{infos[at + 1]["name"]}.html">{html.escape(infos[at + 1]["title"])} →</a>'
    pager += "</nav>"
    if RUN_BOX not in body:
        raise BuildError(f"{EDITIONS[edition]['folder']}/{name}.ipynb: no markdown cell with the chapter's title; every chapter starts with one")
    return layout(edition, f"{name}.html", info["title"], body.replace(RUN_BOX, links, 1) + pager, infos, charts, plotly_file)


def home_page(edition, infos, index):
    texts = TEXTS[edition]
    names = [i["name"] for i in infos]
    md = make_markdown(lambda href: page_link(href, names))
    source = (HERE / f"home.{edition}.md").read_text(encoding="utf-8")
    rows = "".join(
        f'<tr><td>{i["name"][:2]}</td><td><a href="{i["name"]}.html">{html.escape(i["title"].split("·", 1)[-1].strip())}</a></td>'
        f'<td>{html.escape(i["source"])}</td><td><a href="notebooks/{i["name"]}.dib" download>.dib</a> · '
        f'<a href="notebooks/{i["name"]}.ipynb" download>.ipynb</a></td></tr>' for i in infos)
    table = (f'<table class="course-map"><thead><tr><th>{texts["map_number"]}</th><th>{texts["map_chapter"]}</th>'
             f'<th>{texts["map_source"]}</th><th>{texts["map_files"]}</th></tr></thead><tbody>{rows}</tbody></table>')
    if "{{course-map}}" not in source:
        raise BuildError(f"{rel(HERE / f'home.{edition}.md')}: the {{{{course-map}}}} line is missing; put it where the chapter table goes")
    taken, sections = set(), []
    content = add_heading_ids(md.render(source).replace("<p>{{course-map}}</p>", table), taken, sections)
    index.append({"page": "index.html", "title": texts["site"], "section": "", "text": re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()})
    return layout(edition, "index.html", texts["home"], content, infos, 0, None)


def build(out):
    infos = {ed: [chapter_info(ed, n) for n in chapters(ed)] for ed in EDITIONS}
    missing = [f"{EDITIONS[ed]['folder']}/{n}" for ed in EDITIONS for n in chapters(ed) if executed_copy(ed, n) is None]
    if missing:
        raise BuildError(f"no executed copy with the chapter's current cells for: {', '.join(missing)}; "
                         "run `bash environment/site.sh` (it executes what is missing) or the test suite")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        temp.chmod(0o755)  # mkdtemp makes it private; the site is for everyone
        plotly = Plotly()
        rendered = {}
        for ed in EDITIONS:
            index = []
            for info in infos[ed]:
                path = executed_copy(ed, info["name"])
                rendered[(ed, info["name"])] = (render_chapter(ed, info["name"], path, infos[ed], plotly, index), path)
            rendered[(ed, "index")] = index
        if plotly.source is None:
            raise BuildError("no executed chapter carries plotly.js (it is sent with a chapter's first chart); run the chapters again with the current notebooks/_setup.dib")
        plotly_file = f"plotly-{plotly.version}.min.js"
        for ed in EDITIONS:
            folder = temp / EDITIONS[ed]["prefix"]
            (folder / "notebooks").mkdir(parents=True, exist_ok=True)
            index = rendered[(ed, "index")]
            for info in infos[ed]:
                (body, charts, run), path = rendered[(ed, info["name"])]
                page = chapter_page(ed, info["name"], body, infos[ed], run, charts, plotly_file)
                (folder / f"{info['name']}.html").write_text(page, encoding="utf-8")
                for ext in ("dib", "ipynb"):
                    shutil.copyfile(ROOT / EDITIONS[ed]["folder"] / f"{info['name']}.{ext}", folder / "notebooks" / f"{info['name']}.{ext}")
            (folder / "index.html").write_text(home_page(ed, infos[ed], index), encoding="utf-8")
            # A script, not JSON: a page opened from file:// may load scripts but not fetch files.
            (folder / "search-index.js").write_text(
                "window.courseSearchIndex = " + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + ";\n", encoding="utf-8")
        static = temp / "_static"
        static.mkdir()
        (static / plotly_file).write_text("/* plotly.js " + plotly.version + ", from Plotly.NET; shared by every page of the site */\n"
                                          "(function (define, module, exports) {\n" + plotly.source + "\n}).call(window);\n", encoding="utf-8")
        css = (HERE / "site.css").read_text(encoding="utf-8") + "\n/* Pygments (C# highlighting) */\n" + FORMATTER.get_style_defs(".highlight")
        (static / "site.css").write_text(css, encoding="utf-8")
        shutil.copyfile(HERE / "site.js", static / "site.js")
        (temp / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ as it is
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        temp.rename(out)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return out


def main():
    parser = argparse.ArgumentParser(description="Builds the course website from executed chapters.")
    parser.add_argument("--out", default=str(ROOT / "artifacts" / "site"))
    parser.add_argument("--list-missing", action="store_true",
                        help="print the chapters (edition/name) that have no executed copy with their current cells, and exit")
    args = parser.parse_args()
    try:
        if args.list_missing:
            for ed in EDITIONS:
                for n in chapters(ed):
                    if executed_copy(ed, n) is None:
                        print(f"{ed} {n}")
            return 0
        out = build(args.out)
    except BuildError as e:
        print(f"site: {e}", file=sys.stderr)
        return 1
    pages = sum(1 for _ in out.rglob("*.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"site: {pages} pages, {size / 1e6:.1f} MB in {rel(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
