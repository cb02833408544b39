"""`authoring templates check [地区...]`: check the Word templates (report.docx) and the PDF templates
(report.html.j2 with report.css).

For the PDF template each profile uses: Jinja syntax and names (as below), a sentinel render to HTML
(every marker shown literally) and one WeasyPrint layout per set of stylesheets, so that a template or
stylesheet that would stop `build` is reported here with its line.

For every report.docx on each profile's search path:

1. static checks on the tags, with their place (正文第 N 段, 第 T 个表格第 R 行第 C 格, 页脚):
   tags split over several runs, tags that do not end, unclosed or stray blocks,
   {%p %}/{%tr %}/{%tc %} used where docxtpl cannot handle them, Jinja syntax,
   and variables or fields that are not in the ReportContext (docs/context.md);
2. a sentinel render: a context with a unique marker in every displayed value,
   a block of every type and a table of every declared table (with a merged cell); any marker missing from the
   output, any table cell outside a table, user text not shown literally, or a
   tag left in the output is a problem.

Output: ``templates/<id>/report.docx: 通过`` or one line per problem; exit 0/1, 3 when a profile is broken.
"""

from __future__ import annotations

import io
import re
from html import unescape
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lxml import etree

from authoring.errors import FindingsError
from authoring.findings import printable
from authoring.jurisdiction.profile import (LoadedProfile, Templates, available, load_profile, refuse_escape,
                                           search_roots)
from authoring.render.docx import W_NS, make_env, read_template, render_template

W = f"{{{W_NS}}}"
ERROR, WARNING = "错误", "警告"

# --------------------------------------------------------------- the context shape

STR, INT, BOOL, ANY = "文字", "整数", "是/否", "任意"


@dataclass(frozen=True)
class ListOf:
    item: Any


BLOCK = {
    "类型": STR, "级别": INT, "编号": STR, "文字": STR, "标题": STR,
    "种类": STR, "单位": STR, "表头": ListOf(STR), "注": STR, "列宽": ListOf(INT),
    "对齐": ListOf(STR), "字段": ListOf(STR), "紧凑": BOOL, "示意": BOOL,
    "行": ListOf({"格": ListOf(STR), "缩进": INT, "合计": BOOL, "跨行": ListOf(INT)}),
    # 图表 blocks (authoring/report/charts.py); 图像 is the picture the renderer draws
    "名称": STR, "题注": STR, "图像": ANY, "分类": ListOf(STR), "分组": ListOf(STR), "系列": ANY,
}
FONT_ROLES = ["正文", "标题", "一级标题", "二级标题", "三级标题", "数字", "页码", "表格"]
CONTEXT_SHAPE: dict[str, Any] = {
    "标题": STR, "标题行": ListOf(STR), "标题字号": STR, "附件": STR, "部门全称": STR, "部门简称": STR, "年度": STR, "报告日期": STR, "落款日期": STR,
    "落款": BOOL, "落款单位": STR, "总分": STR, "等级": STR, "示例": STR, "示例说明": ListOf(STR),
    "字体": {k: STR for k in FONT_ROLES},
    "封面": {"启用": BOOL, "字段": ListOf({"名称": STR, "值": STR}),
             "标志": {"类型": STR, "数据": STR, "宽": STR, "高": STR, "标记": STR}},
    "引言": ListOf(STR),
    "正文": ListOf(BLOCK),
    "图表": ANY,  # 名称 → 图表 block
    "元数据": {k: STR for k in ["标题", "作者", "主题", "关键词", "日期", "语言"]},
}
JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}



# ----------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    severity: str = ERROR

    def format(self, file: str) -> str:
        place = f"{self.where}：" if self.where else ""
        return printable(f"{file}: {self.severity}：{place}{self.message}")


# ------------------------------------------------------------------ reading a docx


@dataclass
class Para:
    el: Any
    where: str
    container: Any          # the body or the w:tc that holds the paragraph
    table: Any = None       # innermost w:tbl, row, cell (None outside tables)
    row: Any = None
    cell: Any = None
    texts: list[str] = field(default_factory=list)
    formats: list[bytes] = field(default_factory=list)  # the run formatting of each text, see _format

    @property
    def text(self) -> str:
        return "".join(self.texts)


@dataclass
class Tag:
    raw: str                # as written, e.g. "{%p if 附件 %}"
    kind: str               # "expr" | "stmt" | "comment"
    level: str              # "" | "p" | "tr" | "tc" | "r"
    inner: str              # without delimiters and level, e.g. "if 附件"
    para: Para

    @property
    def keyword(self) -> str:
        return self.inner.split(None, 1)[0] if self.kind == "stmt" and self.inner.split() else ""

    def show(self) -> str:
        return self.raw if len(self.raw) <= 60 else self.raw[:57] + "…"


RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_LEVEL = re.compile(r"^(p|tr|tc|r)\s")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1]
    if stem == "document.xml":
        return "正文"
    if stem.startswith("header"):
        return f"页眉（{stem}）"
    if stem.startswith("footer"):
        return f"页脚（{stem}）"
    if stem == "footnotes.xml":
        return "脚注"
    return stem


def paragraphs(root, label: str) -> list[Para]:
    """Every paragraph with its place, in document order."""
    out: list[Para] = []
    counters = {"p": 0, "tbl": 0}
    top = root.find(f"{W}body")
    top = root if top is None else top
    _walk(top, label, top, None, None, None, out, counters, nested_prefix=None)
    return out


def _walk(container, label, holder, table, row, cell, out, counters, nested_prefix):
    local = 0
    local_tbl = 0
    for child in container:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "p":
            if nested_prefix is None:
                counters["p"] += 1
                where = f"{label}第 {counters['p']} 段"
            else:
                local += 1
                where = f"{nested_prefix}第 {local} 段"
            texts = _text_elements(child)
            out.append(Para(child, where, holder, table, row, cell, [t.text or "" for t in texts],
                            [_format(t) for t in texts]))
        elif tag == "tbl":
            if nested_prefix is None:
                counters["tbl"] += 1
                name = f"{label}第 {counters['tbl']} 个表格"
            else:
                local_tbl += 1
                name = f"{nested_prefix}表格 {local_tbl} "
            for r, tr in enumerate(child.findall(f"{W}tr"), 1):
                for c, tc in enumerate(tr.findall(f"{W}tc"), 1):
                    _walk(tc, label, tc, child, tr, tc, out, counters, f"{name}第 {r} 行第 {c} 格")
        elif tag in ("sdt", "customXml", "smartTag"):
            content = child.find(f"{W}sdtContent") if tag == "sdt" else child
            if content is not None:
                _walk(content, label, holder, table, row, cell, out, counters, nested_prefix)


def _text_elements(p) -> list:
    return [t for t in p.iter(f"{W}t") if next(t.iterancestors(f"{W}p"), None) is p]


# Run properties that do not change how text looks: Word, WPS and LibreOffice split runs at the boundary
# between Latin and CJK text and mark the CJK run with them; the split tag still works (docxtpl joins it).
_NO_LOOK = {f"{W}lang", f"{W}noProof", f"{W}rPrChange", f"{W}webHidden"}


def _format(t) -> bytes:
    """The formatting of the run holding text element t, without the properties that do not show."""
    run = t.getparent()
    rpr = run.find(f"{W}rPr") if run is not None else None
    if rpr is None:
        return b""
    rpr = etree.fromstring(etree.tostring(rpr))
    for child in list(rpr):
        if child.tag in _NO_LOOK:
            rpr.remove(child)
        elif child.tag == f"{W}rFonts":
            child.attrib.pop(f"{W}hint", None)
            if not len(child.attrib):
                rpr.remove(child)
    return etree.tostring(rpr, method="c14n") if len(rpr) else b""


def find_tags(para: Para, problems: list[Problem]) -> list[Tag]:
    text = para.text
    bounds, pos = [], 0
    for piece in para.texts:
        bounds.append((pos, pos + len(piece)))
        pos += len(piece)
    tags: list[Tag] = []
    covered = [False] * len(text)
    for m in _TAG.finditer(text):
        raw = m.group(0)
        for i in range(m.start(), m.end()):
            covered[i] = True
        pieces = [i for i, (a, b) in enumerate(bounds) if a < m.end() and b > m.start()]
        if len(pieces) > 1:
            problem = _split_problem(raw, m.start(), m.end(), bounds, para.formats, pieces)
            if problem:
                problems.append(Problem(para.where, problem))
        tags.append(_make_tag(raw, para))
    rest = "".join(ch if not covered[i] else " " for i, ch in enumerate(text))
    for m in _OPEN.finditer(rest):
        closing = {"{{": "}}", "{%": "%}", "{#": "#}"}[m.group(0)]
        problems.append(Problem(para.where, f"标签“{_short(rest[m.start():m.start() + 30].strip())}”没有结束：缺少“{closing}”"
                                "（一个标签必须写在同一段里）"))
    return tags


def _split_problem(raw: str, start: int, end: int, bounds: list[tuple[int, int]], formats: list[bytes],
                   pieces: list[int]) -> str | None:
    """Why a tag written over several runs would not work, or None when it does.

    docxtpl joins the runs between "{{" and "}}" into the first one, so a tag split inside works
    and takes the first run's formatting; a split delimiter ("{" + "{") is not recognised at all."""
    def piece(i: int) -> int:
        return next(n for n, (a, b) in enumerate(bounds) if a <= i < b)

    fix = "请在 Word 中删掉整个标签后一次输入，或选中它“清除格式”后重新设置"
    if piece(start) != piece(start + 1) or piece(end - 2) != piece(end - 1):
        return f"标签“{_short(raw)}”的“{raw[:2]}”或“{raw[-2:]}”被拆到了两段（run）里，docxtpl 认不出这个标签：{fix}"
    if len({formats[i] for i in pieces if i < len(formats)}) > 1:
        return (f"标签“{_short(raw)}”被 Word 拆成了 {len(pieces)} 段（run），各段的格式不同：生成的文字只会用第一段的格式。"
                + fix)
    return None


def _make_tag(raw: str, para: Para) -> Tag:
    kind = {"{{": "expr", "{%": "stmt", "{#": "comment"}[raw[:2]]
    body = raw[2:-2].translate(_QUOTES)
    level = ""
    m = _LEVEL.match(body)
    if m:
        level, body = m.group(1), body[m.end():]
    body = body.strip().strip("-+").strip()
    return Tag(raw, kind, level, body, para)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


# ------------------------------------------------------------------ tag structure

OPENERS = {"for", "if", "macro", "call", "filter", "with", "block", "raw", "autoescape"}
MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
DOCXTPL_INLINE = {"vm", "hm", "colspan", "cellbg"}
FORBIDDEN = {"include", "import", "from", "extends"}


def check_structure(tags: list[Tag]) -> list[Problem]:
    out: list[Problem] = []
    stack: list[tuple[str, Tag]] = []
    by_para: dict[int, list[Tag]] = {}
    by_row: dict[int, list[Tag]] = {}
    for t in tags:
        if t.level:
            by_para.setdefault(id(t.para.el), []).append(t)
        if t.level == "tr" and t.para.row is not None:
            by_row.setdefault(id(t.para.row), []).append(t)
        if t.level in ("tr", "tc") and t.para.table is None:
            out.append(Problem(t.para.where, f"“{t.show()}”只能写在表格的单元格里（{{%{t.level} %}} 控制整行/整格）"))
        if t.kind != "stmt":
            continue
        while stack and _outside(stack[-1][1], t):
            out.append(_unclosed(stack.pop()[1], scoped=True))
        kw = t.keyword
        if kw in FORBIDDEN:
            out.append(Problem(t.para.where, f"“{t.show()}”：模板中不能引用其他模板（{kw}）"))
        elif kw == "set" and "=" not in t.inner:
            stack.append(("set", t))
        elif kw in OPENERS:
            stack.append((kw, t))
        elif kw in MIDDLES:
            if not stack or stack[-1][0] not in MIDDLES[kw]:
                out.append(Problem(t.para.where, f"“{t.show()}”前面没有对应的 {{% if %}}"
                                   + ("或 {% for %}" if kw == "else" else "")))
            else:
                out += _pair_problems(stack[-1][1], t)
        elif kw.startswith("end"):
            name = kw[3:]
            if not stack:
                out.append(Problem(t.para.where, f"多余的“{t.show()}”：前面没有对应的开始标签"))
                continue
            opener, open_tag = stack[-1]
            if opener != name:
                if any(o == name for o, _ in stack):
                    while stack and stack[-1][0] != name:
                        _, unclosed = stack.pop()
                        out.append(_unclosed(unclosed))
                    opener, open_tag = stack[-1]
                else:
                    out.append(Problem(t.para.where, f"“{t.show()}”与{open_tag.para.where}的“{open_tag.show()}”不配对"))
                    continue
            stack.pop()
            out += _pair_problems(open_tag, t)
    for _, t in reversed(stack):
        out.append(_unclosed(t))
    for group in by_para.values():
        para = group[0].para
        if len(group) > 1:
            out.append(Problem(para.where, "一个段落里只能有一个 {%p %}/{%tr %} 一类的标签，其余的会被 docxtpl 丢掉："
                               + "、".join(f"“{t.show()}”" for t in group)))
        t = group[0]
        if t.level in ("p", "tr"):
            other = para.text.replace(t.raw, "", 1).strip()
            if t.level == "tr" and para.row is not None:
                other = "".join(x.text or "" for x in para.row.iter(f"{W}t")).replace(t.raw, "", 1).strip()
            if other:
                what = "段落" if t.level == "p" else "行"
                out.append(Problem(para.where, f"“{t.show()}”所在{what}的其他内容“{_short(other)}”会被删除；"
                                   f"{{%{t.level} %}} 标签应单独占一{'段' if t.level == 'p' else '行'}", WARNING))
    for group in by_row.values():
        if len(group) > 1:
            out.append(Problem(group[0].para.where, "一行里只能有一个 {%tr %} 标签，其余的会被 docxtpl 丢掉："
                               + "、".join(f"“{t.show()}”" for t in group)))
    return out


def _unclosed(t: Tag, scoped: bool = False) -> Problem:
    end = "end" + t.keyword
    level = t.level
    closing = f"{{%{level} {end} %}}" if level else f"{{% {end} %}}"
    where = {"tr": "同一个表格里", "tc": "表格的同一行里", "p": "同一个单元格里"}.get(level, "")
    hint = f"（结束标签必须在{where}）" if scoped and where else ""
    return Problem(t.para.where, f"“{t.show()}”没有对应的“{closing}”{hint}")


def _outside(open_tag: Tag, t: Tag) -> bool:
    """t lies beyond the place where open_tag's block has to end."""
    a, b = open_tag.para, t.para
    if open_tag.level == "tr":
        return a.table is not None and b.table is not a.table
    if open_tag.level == "tc":
        return a.row is not None and b.row is not a.row
    if open_tag.level == "p" and a.cell is not None:
        return b.container is not a.container
    return False


def _pair_problems(open_tag: Tag, t: Tag) -> list[Problem]:
    a, b = open_tag.para, t.para
    if open_tag.level != t.level:
        want = f"{{%{open_tag.level} … %}}" if open_tag.level else "{% … %}"
        return [Problem(b.where, f"“{t.show()}”应与{a.where}的“{open_tag.show()}”写法一致，用 {want}")]
    level = t.level
    if level == "p" and a.container is not b.container:
        return [Problem(b.where, f"“{t.show()}”与{a.where}的“{open_tag.show()}”不在同一个单元格（或都在正文中）；"
                        "{%p %} 的开始和结束必须在同一处")]
    if level == "tr":
        if a.table is None or b.table is None:
            return []
        if a.table is not b.table:
            return [Problem(b.where, f"“{t.show()}”与{a.where}的“{open_tag.show()}”不在同一个表格里")]
        if a.row is b.row:
            return [Problem(b.where, f"“{t.show()}”与“{open_tag.show()}”在同一行：{{%tr %}} 标签各占一行，"
                            "被重复的行写在它们之间")]
    if level == "tc":
        if a.row is None or a.row is not b.row:
            return [Problem(b.where, f"“{t.show()}”与{a.where}的“{open_tag.show()}”不在表格的同一行里")]
    if level in ("", "r") and a.el is not b.el:
        if a.container is not b.container:
            return [Problem(b.where, f"“{t.show()}”与{a.where}的“{open_tag.show()}”跨越了表格或单元格；"
                            "整段重复或取舍请用 {%p … %}，整行用 {%tr … %}")]
        return [Problem(b.where, f"行内标签“{open_tag.show()}”（{a.where}）到“{t.show()}”跨越了段落；"
                        "建议改用单独成段的 {%p … %}", WARNING)]
    return []


# ---------------------------------------------------------- variables and syntax


def check_jinja(tags: list[Tag], structure_ok: bool) -> list[Problem]:
    from jinja2 import TemplateSyntaxError

    env = make_env()
    lines = []
    for t in tags:
        if t.kind == "comment" or (t.kind == "stmt" and t.keyword in DOCXTPL_INLINE):
            lines.append("")
        elif t.kind == "expr":
            lines.append("{{ " + t.inner + " }}")
        else:
            lines.append("{% " + t.inner + " %}")
    if not structure_ok:
        out = []
        for t, line in zip(tags, lines):
            if t.kind == "expr":
                try:
                    env.parse(line)
                except TemplateSyntaxError as exc:
                    out.append(Problem(t.para.where, f"“{t.show()}”语法错误（{exc.message}）"))
        return out
    try:
        tree = env.parse("\n".join(lines))
    except TemplateSyntaxError as exc:
        t = tags[min(max((exc.lineno or 1) - 1, 0), len(tags) - 1)] if tags else None
        return [Problem(t.para.where if t else "", f"“{t.show() if t else ''}”语法错误（{exc.message}）")]
    analyzer = _Analyzer()
    analyzer.block(tree.body, [{}])
    out = []
    for lineno, message in analyzer.problems:
        t = tags[min(max(lineno - 1, 0), len(tags) - 1)]
        out.append(Problem(t.para.where, f"“{t.show()}”：{message}"))
    return out


class _Analyzer:
    """Walks a Jinja AST, tracking which names are loop variables and what shape values have."""

    def __init__(self):
        self.problems: list[tuple[int, str]] = []
        self._seen: set[tuple[int, str]] = set()

    def report(self, lineno: int, message: str) -> None:
        if (lineno, message) not in self._seen:
            self._seen.add((lineno, message))
            self.problems.append((lineno, message))

    def block(self, body, scopes) -> None:
        for node in body:
            self.stmt(node, scopes)

    def stmt(self, n, scopes) -> None:
        from jinja2 import nodes

        if isinstance(n, nodes.For):
            seq = self.expr(n.iter, scopes)
            inner: dict[str, Any] = {"loop": ANY}
            self.bind(n.target, seq.item if isinstance(seq, ListOf) else ANY, inner)
            if n.test is not None:
                self.expr(n.test, scopes + [inner])
            self.block(n.body, scopes + [inner])
            self.block(n.else_, scopes)
        elif isinstance(n, nodes.Assign):
            value = self.expr(n.node, scopes)
            self.bind(n.target, value, scopes[-1])
        elif isinstance(n, nodes.AssignBlock):
            self.block(n.body, scopes)
            self.bind(n.target, STR, scopes[-1])
        elif isinstance(n, nodes.With):
            inner = {}
            for target, value in zip(n.targets, n.values):
                self.bind(target, self.expr(value, scopes), inner)
            self.block(n.body, scopes + [inner])
        elif isinstance(n, nodes.Macro):
            scopes[-1][n.name] = ANY
            inner = {a.name: ANY for a in n.args}
            inner.update(caller=ANY, varargs=ANY, kwargs=ANY)
            for d in n.defaults:
                self.expr(d, scopes)
            self.block(n.body, scopes + [inner])
        elif isinstance(n, nodes.CallBlock):
            self.expr(n.call, scopes)
            inner = {a.name: ANY for a in n.args}
            self.block(n.body, scopes + [inner])
        else:
            for child in n.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scopes)
                else:
                    self.stmt(child, scopes)

    def bind(self, target, shape, scope: dict) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            pass

    def expr(self, n, scopes) -> Any:
        from jinja2 import nodes

        if isinstance(n, nodes.Name):
            for scope in reversed(scopes):
                if n.name in scope:
                    return scope[n.name]
            if n.name in CONTEXT_SHAPE:
                return CONTEXT_SHAPE[n.name]
            if n.name not in JINJA_GLOBALS:
                self.report(n.lineno, f"未知变量“{n.name}”：ReportContext 中没有它，它也不是循环变量")
            return ANY
        if isinstance(n, nodes.Getattr):
            return self.member(self.expr(n.node, scopes), n.attr, n)
        if isinstance(n, nodes.Getitem):
            base = self.expr(n.node, scopes)
            if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, str):
                return self.member(base, n.arg.value, n)
            self.expr(n.arg, scopes)
            return base.item if isinstance(base, ListOf) else ANY
        if isinstance(n, nodes.Call) and isinstance(n.node, nodes.Getattr):
            self.expr(n.node.node, scopes)  # a method call such as 文字.strip(): not a field
            for child in list(n.args) + [k.value for k in n.kwargs]:
                self.expr(child, scopes)
            for extra in (n.dyn_args, n.dyn_kwargs):
                if extra is not None:
                    self.expr(extra, scopes)
            return ANY
        if isinstance(n, nodes.Filter) and n.name == "length":
            if n.node is not None:
                self.expr(n.node, scopes)
            return INT
        for child in n.iter_child_nodes():
            self.expr(child, scopes)
        return ANY

    def member(self, shape, name: str, node) -> Any:
        if isinstance(shape, dict):
            if name in shape:
                return shape[name]
            known = "、".join(shape)
            self.report(node.lineno, f"未知字段“{_dotted(node)}”：可用的字段有 {known}")
            return ANY
        if shape in (STR, INT, BOOL) or isinstance(shape, ListOf):
            self.report(node.lineno, f"“{_dotted(node)}”：{_dotted(node.node)} 是{_shape_name(shape)}，没有字段“{name}”")
        return ANY


def _shape_name(shape) -> str:
    return "列表" if isinstance(shape, ListOf) else shape


def _dotted(n) -> str:
    from jinja2 import nodes

    if isinstance(n, nodes.Name):
        return n.name
    if isinstance(n, nodes.Getattr):
        return f"{_dotted(n.node)}.{n.attr}"
    if isinstance(n, nodes.Getitem):
        arg = repr(n.arg.value) if isinstance(n.arg, nodes.Const) else "…"
        return f"{_dotted(n.node)}[{arg}]"
    return "…"


# ---------------------------------------------------------------- static checks


def static_check(data: bytes) -> list[Problem]:
    try:
        parts = _read(data)
    except (zipfile.BadZipFile, KeyError) as exc:
        return [Problem("", f"不是有效的 Word 文件（.docx）：{exc}")]
    if "word/document.xml" not in parts:
        return [Problem("", "不是有效的 Word 文件：缺少 word/document.xml")]
    out: list[Problem] = []
    for name in sorted(parts, key=lambda n: (n != "word/document.xml", n)):
        if not name.endswith(".xml") or not name.startswith("word/"):
            continue
        xml = parts[name]
        if not RENDERED_PARTS.match(name):
            if re.search(rb"\{\{|\{%", xml):
                out.append(Problem(part_label(name), "这一部分（批注、尾注、文本框之外的其他部件）里的标签不会被替换，请移到正文、页眉或页脚中"))
            continue
        try:
            root = etree.fromstring(xml)
        except etree.XMLSyntaxError as exc:
            out.append(Problem(part_label(name), f"XML 已损坏：{exc}"))
            continue
        problems: list[Problem] = []
        tags: list[Tag] = []
        for para in paragraphs(root, part_label(name)):
            tags += find_tags(para, problems)
        structure = check_structure(tags)
        problems += structure
        problems += check_jinja(tags, not any(p.severity == ERROR for p in structure))
        out += problems
    return _dedupe(out)


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# --------------------------------------------------------------- sentinel render


@dataclass(frozen=True)
class Expect:
    marker: str
    what: str
    in_table: bool = False


# Every marker ends with characters that must reach the reader literally.
SUFFIX = "<&{{x}}{%y%}>"
MAX_SENTINEL_PROBLEMS = 10


def sentinel_context(profile: LoadedProfile | None = None) -> tuple[dict, list[Expect]]:
    """A context with a unique marker in every value, plus what must appear in the output."""
    counter = iter(range(1, 10000))
    expects: list[Expect] = []

    def m(what: str | None = None, in_table: bool = False) -> str:
        marker = f"QX{next(counter):03d}X"
        if what:
            expects.append(Expect(marker, what, in_table))
        return marker + SUFFIX

    fonts = {k: v for k, v in _fonts(profile).items()}
    blocks: list[dict] = []
    for level, number in ((1, "一、"), (2, "（一）"), (3, "1."), (4, "（1）")):
        blocks.append({"类型": "标题", "级别": level, "编号": number + m(f"{level}级标题的编号"),
                       "文字": m(f"{level}级标题的文字")})
        blocks.append({"类型": "段落", "文字": m(f"{level}级标题下的段落")})
    blocks.append({"类型": "连排", "级别": 4, "编号": "（2）" + m("连排标题的编号"), "标题": m("连排标题的标题"),
                   "文字": m("连排标题的正文")})
    blocks.append({"类型": "注", "文字": m("注"), "示意": False})
    blocks.append({"类型": "注", "文字": m("示意说明"), "示意": True})
    for kind, spec in _declared_tables(profile).items():
        columns = spec.headers()
        n = len(columns)

        def cells(what: str, start: int = 0) -> list[str]:
            return [""] * start + [m(f"“{kind}”{what}第 {i + 1} 格", True) for i in range(start, n)]

        rows = [
            {"格": cells("第 1 行"), "缩进": 0, "合计": False},
            {"格": cells("缩进行"), "缩进": 1, "合计": False},
            *([{"格": ["", m(f"“{kind}”空单元格旁的第 2 格", True)] + [""] * (n - 2), "缩进": 0, "合计": False}]
              if n > 1 else []),
            {"格": cells("合并行"), "缩进": 0, "合计": False, "跨行": [2] + [1] * (n - 1)},
            {"格": cells("被合并行", 1), "缩进": 0, "合计": False, "跨行": [0] + [1] * (n - 1)},
            {"格": cells("合计行"), "缩进": 0, "合计": True},
        ]
        for r in rows:
            r.setdefault("跨行", [1] * n)
        blocks.append({
            "类型": "表格", "种类": kind, "标题": m(f"“{kind}”的标题"), "单位": m(f"“{kind}”的单位"),
            "表头": [m(f"“{kind}”表头第 {i + 1} 格", True) for i in range(n)], "字段": spec.fields(),
            "对齐": [c.align or "左" for c in spec.columns], "行": rows, "注": m(f"“{kind}”的注"), "列宽": [1] * n,
            "紧凑": n >= 8,
        })
    charts = _sentinel_charts(profile, m)
    blocks += list(charts.values())
    title = m("标题")
    signed = m("落款日期")  # 报告日期 and 落款日期 alike: a template written before 落款日期 prints 报告日期
    context = {
        # the title's lines, split inside the marker: a template printing 标题 or 标题行 shows the same text
        "标题": title, "标题行": [title[:6], title[6:]], "标题字号": "22", "附件": m("附件标签"), "部门全称": m(), "部门简称": m(), "年度": "2099",
        "报告日期": signed, "落款日期": signed, "落款": True, "落款单位": m("落款单位"), "总分": m(), "等级": m(),
        "示例": m("页眉的示例标记"), "示例说明": [m("标题下的示例说明")],
        "字体": fonts, "引言": [m("引言第 1 段"), m("引言第 2 段")], "正文": blocks, "图表": charts,
        # the cover only where the profile asks for one: a template written before 封面 still passes elsewhere
        "封面": {"启用": True, "字段": [{"名称": m("封面栏目的名称"), "值": m("封面栏目的值")}], "标志": None}
        if profile is not None and profile.profile.cover.enabled else {"启用": False, "字段": [], "标志": None},
        "元数据": {"标题": m(), "作者": m(), "主题": m(), "关键词": m(), "日期": "2099-12-31", "语言": "zh-CN"},
    }
    return context, expects


def _sentinel_charts(profile: LoadedProfile | None, m: Callable[..., str]) -> dict[str, dict]:
    """One 图表 block per chart the profile declares (none without a profile: the national one declares none)."""
    from decimal import Decimal

    out = {}
    for i, (name, spec) in enumerate((profile.profile.charts if profile is not None else {}).items(), start=1):
        series = ["分值", "得分"] if spec.kind == "指标得分" else ["年初预算数", "调整预算数", "决算数"]
        out[name] = {
            "类型": "图表", "种类": spec.kind, "名称": name, "编号": f"图{i}", "标题": m(), "题注": m(f"图表“{name}”的题注"),
            "单位": spec.unit_text(), "注": m(f"图表“{name}”的注"), "分类": ["甲", "乙"],
            "分组": ["一", "一"] if spec.kind == "指标得分" else [],
            "系列": [{"名称": s, "数值": [Decimal(2), Decimal(1)], "文字": ["2", "1"]} for s in series],
        }
    return out


def _fonts(profile: LoadedProfile | None) -> dict[str, str]:
    from authoring.jurisdiction.model import Fonts

    f = profile.profile.fonts if profile is not None else Fonts()
    return {"正文": f.body, "标题": f.title, "一级标题": f.level1, "二级标题": f.level2, "三级标题": f.level3,
            "数字": f.latin, "页码": f.page_number, "表格": f.table}


def _declared_tables(profile: LoadedProfile | None) -> dict:
    """The profile's table declarations; without a profile, those of the national profile."""
    if profile is None:
        profile = load_profile("national")
    return dict(profile.profile.tables)


def sentinel_check(path: Path, profile: LoadedProfile | None = None) -> list[Problem]:
    context, expects = sentinel_context(profile)
    label = f"试渲染（地区 {profile.id}）" if profile is not None else "试渲染"
    try:
        data = render_template(path, context)
    except FindingsError as exc:
        return [Problem(label, f.message) for f in exc.findings]
    parts = _read(data)
    texts, table_texts = [], []
    for name, xml in parts.items():
        if RENDERED_PARTS.match(name):
            root = etree.fromstring(xml)
            texts.append("".join(t.text or "" for t in root.iter(f"{W}t")))
            for tbl in root.iter(f"{W}tbl"):
                table_texts.append("".join(t.text or "" for t in tbl.iter(f"{W}t")))
    text, in_tables = "\n".join(texts), "\n".join(table_texts)
    out = []
    for e in expects:
        if e.marker not in text:
            out.append(Problem(label, f"{e.what}没有出现在生成的文档中（标记 {e.marker}）"))
        elif e.marker + SUFFIX not in text:
            out.append(Problem(label, f"{e.what}没有原样输出：应为“{e.marker}{SUFFIX}”"
                               "（模板是否用了 |safe 或改写了文字？）"))
        elif e.in_table and e.marker not in in_tables:
            out.append(Problem(label, f"{e.what}没有出现在表格里（标记 {e.marker}）"))
    if len(out) > MAX_SENTINEL_PROBLEMS:
        rest = len(out) - MAX_SENTINEL_PROBLEMS
        out = out[:MAX_SENTINEL_PROBLEMS] + [Problem(label, f"……另有 {rest} 处同类问题")]
    return out


# ------------------------------------------------------------------ the PDF template


def check_pdf_static(path: Path) -> list[Problem]:
    """report.html.j2 itself: Jinja syntax, and every name it uses is in the ReportContext."""
    from jinja2 import TemplateSyntaxError

    try:
        tree = make_env().parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [Problem("", "文件不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）")]
    except TemplateSyntaxError as exc:
        return [Problem(f"第 {exc.lineno} 行", f"语法错误（{exc.message}）")]
    analyzer = _Analyzer()
    analyzer.block(tree.body, [{}])
    return [Problem(f"第 {line} 行", message) for line, message in analyzer.problems]


def check_pdf_render(profile: LoadedProfile, layout: bool = True) -> dict[str, list[Problem]]:
    """A sentinel render of the profile's PDF template: every marker shown literally in the HTML;
    with layout, WeasyPrint also lays it out (report.css) and its complaints are named. Problems by file."""
    from authoring.render.pdf import render_html, render_pdf_result

    context, expects = sentinel_context(profile)
    label = f"试渲染（地区 {profile.id}）"
    try:
        html = render_html(context, profile)
    except FindingsError as exc:
        return {f.file: [Problem(f"{label}第 {f.line} 行", f.message)] for f in exc.findings}
    # data-* attributes reach the page through CSS (the 示例 mark in the page header: string-set … attr())
    text = _html_text(html) + " " + " ".join(unescape(v) for v in re.findall(r'\sdata-[\w-]+="([^"]*)"', html))
    out: dict[str, list[Problem]] = {}
    template = str(profile.find_file("report.html.j2"))
    for e in expects:
        if e.marker not in text:
            out.setdefault(template, []).append(Problem(label, f"{e.what}没有出现在生成的 PDF 中（标记 {e.marker}）"))
        elif e.marker + SUFFIX not in text:
            out.setdefault(template, []).append(Problem(label, f"{e.what}没有原样输出：应为“{e.marker}{SUFFIX}”"
                                                        "（模板是否用了 |safe 或改写了文字？）"))
    if template in out and len(out[template]) > MAX_SENTINEL_PROBLEMS:
        rest = len(out[template]) - MAX_SENTINEL_PROBLEMS
        out[template] = out[template][:MAX_SENTINEL_PROBLEMS] + [Problem(label, f"……另有 {rest} 处同类问题")]
    if layout and not out:
        try:
            result = render_pdf_result(context, profile)
        except FindingsError as exc:
            for f in exc.findings:
                out.setdefault(f.file, []).append(Problem(label, f.message))
        else:
            for message in result.warnings:
                if "方框" not in message:  # the sentinel's own characters are not the template's concern
                    out.setdefault(template, []).append(Problem(label, f"WeasyPrint 提示：{message}", WARNING))
    return out


def _html_text(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]*>", "", html)).replace("\u200b", "")


# ------------------------------------------------------------------------- command


def check_template(path: Path, profiles: list[LoadedProfile | None] | None = None) -> list[Problem]:
    """All problems of one template file: static checks, then a sentinel render per profile."""
    try:
        data = read_template(Path(path))
    except FindingsError as exc:
        return [Problem("", f.message) for f in exc.findings]
    problems = static_check(data)
    if any(p.severity == ERROR for p in problems):
        return problems
    for profile in profiles or [None]:
        problems += sentinel_check(Path(path), profile)
    return _dedupe(problems)


def _display(path: Path, roots: list[Path]) -> str:
    for root in roots:
        try:
            return "templates/" + path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def cmd_templates_check(ids: list[str], out: Callable[[str], None], templates_dir: Templates = None) -> int:
    from authoring.errors import ProfileError

    templates_dir = search_roots(templates_dir)
    ids = list(ids) or available(templates_dir)
    users: dict[Path, list[LoadedProfile]] = {}
    pdf_users: dict[Path, list[LoadedProfile]] = {}
    failed = broken = False
    for pid in ids:
        try:
            profile = load_profile(pid, templates_dir)
        except ProfileError as exc:  # reported, and the other jurisdictions are still checked
            for f in exc.findings:
                out(f.format())
            out(f"templates/{pid}: 错误：地区配置有错误，无法检查其模板")
            broken = True
            continue
        found = [folder / "report.docx" for folder in profile.search_path if (folder / "report.docx").exists()]
        where = "、".join(_display(f, templates_dir) for f in profile.search_path)
        if not found:
            out(f"templates/{pid}: 错误：找不到 report.docx（查找过：{where}）")
            failed = True
        for path in found:
            try:
                refuse_escape([path.parent], path)
            except ProfileError as exc:  # a link out of the template folder: not read
                out("\n".join(f.format() for f in exc.findings))
                broken = True
                continue
            users.setdefault(path, []).append(profile)
        html = profile.find_file("report.html.j2")
        if html is None:
            out(f"templates/{pid}: 错误：找不到 PDF 模板 report.html.j2（查找过：{where}）")
            failed = True
        else:
            pdf_users.setdefault(html, []).append(profile)
    for path, profiles in users.items():
        failed |= _report(_display(path, templates_dir), check_template(path, profiles), out)
    failed |= _report_pdf(pdf_users, templates_dir, out)
    return 3 if broken else 1 if failed else 0


def _report(shown: str, problems: list[Problem], out: Callable[[str], None]) -> bool:
    """Print one template file's problems and its verdict; True if it failed."""
    errors = [p for p in problems if p.severity == ERROR]
    for p in problems:
        out(p.format(shown))
    out(f"{shown}: 未通过（{len(errors)} 个错误）" if errors else f"{shown}: 通过")
    return bool(errors)


def _report_pdf(users: dict[Path, list[LoadedProfile]], templates_dir: list[Path], out: Callable[[str], None]) -> bool:
    """Each PDF template and stylesheet in use, with its problems and verdict; True if one failed.

    A template is checked statically once, rendered with the sentinel context for each profile using it,
    and laid out by WeasyPrint once per set of stylesheets."""
    from authoring.render.pdf import stylesheet_files

    found: dict[Path, list[Problem]] = {}
    laid_out: set[tuple] = set()
    for path, profiles in users.items():
        found[path] = check_pdf_static(path)
        if any(p.severity == ERROR for p in found[path]):
            continue
        for profile in profiles:
            sheets = tuple(stylesheet_files(profile))
            for sheet in sheets:
                found.setdefault(sheet, [])
            for file, more in check_pdf_render(profile, layout=sheets not in laid_out).items():
                found.setdefault(Path(file), []).extend(more)
            laid_out.add(sheets)
    failed = False
    for path, problems in found.items():
        failed |= _report(_display(path, templates_dir), _dedupe(problems), out)
    return failed
