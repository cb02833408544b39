"""PyYAML's syntax errors, explained in Chinese at the line the clerk has to change.

PyYAML reports where it gave up, which is often a line or two below the mistake (a comment
line, the next key) and always in English. `explain` looks at the text around that mark —
the line itself and the content lines above it — for the usual causes: a Chinese colon “：”,
a full-width space from a Chinese input method, a Tab, indentation that matches no open
level, a value that starts with “- ”, prose on several lines without “|”, an unclosed quote
or bracket. What it cannot name is still said in Chinese, at PyYAML's mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL_WIDTH_SPACE = "\u3000"
_BLOCK_HEADER = re.compile(r"(?:^|:\s|-\s)\s*[|>][-+0-9]*\s*(?:#.*)?$")
_COMMENT = re.compile(r"[ \t]+#.*$")
# A key typed with a Chinese colon: a short name, then “：”, with no YAML colon before it.
_CHINESE_COLON_KEY = re.compile(r"^( *(?:- +)?)([^\s#:：'\"\-\[{][^:：#，。；、！？]{0,20}?)\s*：")
_PROSE = re.compile(r"[，。；、！？,;]")


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based
    col: int  # 1-based
    message: str


@dataclass(frozen=True)
class _Line:
    index: int  # 0-based
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def body(self) -> str:
        """The line without indentation and trailing comment (YAML's white space is spaces and Tabs only)."""
        return _COMMENT.sub("", self.text.strip(" \t"))

    @property
    def is_item(self) -> bool:
        return self.body == "-" or self.body.startswith("- ")

    @property
    def opens_block(self) -> bool:
        """`key:` with nothing after it: the next lines are its (indented) content."""
        return self.body.endswith(":") or self.body == "-"

    @property
    def item_is_mapping(self) -> bool:
        """`- key: value`: a mapping whose keys stand two columns right of the dash."""
        return self.is_item and bool(re.search(r":(\s|$)", self.body[2:]))

    @property
    def inline_value(self) -> str:
        m = re.search(r":\s+(.*)$", self.body)
        return m.group(1) if m else ""


def explain(text: str, problem: str, line: int, col: int, context: str | None = None,
            context_line: int | None = None, context_col: int | None = None) -> Explained:
    """The likely cause of a PyYAML error at 0-based (line, col); context_* is PyYAML's "while …" mark."""
    problem = problem.replace("'<", "<").replace(">'", ">")  # expected '<document start>' → expected <document start>
    lines = [_Line(i, t.rstrip("\r")) for i, t in enumerate(text.split("\n"))]
    skip = _block_content(lines)
    content = [ln for ln in lines if ln.body and not ln.body.startswith("#") and ln.index not in skip]
    if problem.startswith("could not find expected ':'") and context_line is not None:
        line, col = context_line, context_col or 0  # PyYAML gives up on the next line; the key without ":" is here
    line = min(max(line, 0), max(len(lines) - 1, 0))
    at = next((ln for ln in content if ln.index == line), None)
    before = [ln for ln in content if ln.index < line]
    nearby = ([at] if at else []) + before[::-1][:3]
    marked = lines[line] if lines else None
    if marked is not None and marked.text.startswith(("---", "...")) and line > 0:
        return Explained(line + 1, 1, f"行首的“{marked.text[:3]}”是 YAML 文档的分隔符，问卷中不能用：如果是文字，"
                                      "请给整段文字加引号，或不要写在行首")
    if marked is not None and at is None:  # the mark is on a comment line: a Tab or IME space there still counts
        nearby = [marked] + nearby
    for diagnose in (_tab, _full_width_space, _chinese_colon):
        found = diagnose(nearby, problem)
        if found:
            return found
    found = _quoting(problem, context, context_line, context_col, line, col, lines)
    if found:
        return found
    if at is not None:
        found = (_dash_value(at, problem, col) or _after_quote(at, problem, col) or _after_block(at, lines, skip, problem)
                 or _document(at, content, problem) or _layout(at, before, problem, col))
        if found:
            return found
    return Explained(line + 1, col + 1, "YAML 格式有误：" + translate(problem))


def _block_content(lines: list[_Line]) -> set[int]:
    """Indices of the lines inside literal/folded block scalars (| and >): text, not structure.

    As in YAML, the first line of the text sets its indentation; a line indented less ends it."""
    out: set[int] = set()
    header: _Line | None = None
    indent: int | None = None
    for ln in lines:
        if header is not None:
            if not ln.text.strip(" "):
                out.add(ln.index)
                continue
            if indent is None and ln.indent > header.indent:
                indent = ln.indent
            if indent is not None and ln.indent >= indent:
                out.add(ln.index)
                continue
            header = None
        if _BLOCK_HEADER.search(ln.text.strip()):
            header, indent = ln, None
    return out


def _tab(nearby: list[_Line], problem: str) -> Explained | None:
    named = "'\\t'" in problem or "tab" in problem.lower()
    for ln in nearby:
        i = ln.text.find("\t")
        if i >= 0 and (named or not ln.text[:i].strip() or ln.text[i - 1] in ":-"):
            lead = not ln.text[:i].strip()
            what = "用了 Tab 缩进" if lead else "用了 Tab"
            return Explained(ln.index + 1, i + 1, f"{what}：YAML 只认半角空格，请把 Tab 改成空格")
    return None


def _full_width_space(nearby: list[_Line], problem: str) -> Explained | None:
    for ln in nearby:
        stripped = ln.text.lstrip(" " + FULL_WIDTH_SPACE)
        lead = ln.text[:len(ln.text) - len(stripped)]
        if FULL_WIDTH_SPACE in lead and not stripped.strip():
            return Explained(ln.index + 1, lead.index(FULL_WIDTH_SPACE) + 1,
                             "这一行只有全角空格（中文输入法的空格）：YAML 把它当作文字，请删除这些空格")
        if FULL_WIDTH_SPACE in lead:
            i = lead.index(FULL_WIDTH_SPACE)
            return Explained(ln.index + 1, i + 1, "缩进用了全角空格（中文输入法的空格）：缩进只能用半角空格，"
                                                  "请切换到英文输入法重新输入空格")
        m = re.search(f"(?:^|[^\\s]):{FULL_WIDTH_SPACE}|^ *-{FULL_WIDTH_SPACE}", ln.text)
        if m:
            i = ln.text.index(FULL_WIDTH_SPACE, m.start())
            mark = "冒号" if ln.text[i - 1] == ":" else "“-”"
            return Explained(ln.index + 1, i + 1, f"{mark}后面用了全角空格（中文输入法的空格）：这里要用半角空格，"
                                                  "请切换到英文输入法重新输入空格")
    return None


def _chinese_colon(nearby: list[_Line], problem: str) -> Explained | None:
    for n, ln in enumerate(nearby):
        m = _CHINESE_COLON_KEY.match(ln.text)
        if not m or re.search(r":(\s|$)", ln.text[:m.end()]):
            continue
        if m.group(1).strip() and (nearby[0].indent <= ln.indent or n == 0):
            continue  # “- 一是：…” is an ordinary list item unless the lines below belong to it
        above = nearby[n + 1] if n + 1 < len(nearby) else None
        if above is not None and _continues(ln, above):
            continue
        col = m.end()
        key = m.group(2).strip()
        return Explained(ln.index + 1, col, f"“{key}”后面用了中文冒号“：”：键和值之间要用英文冒号加空格（“{key}: …”）")
    return None


def _continues(ln: _Line, above: _Line) -> bool:
    """ln is read as the next line of above's text (a plain scalar folded over several lines)."""
    if ln.indent <= above.indent or above.opens_block:
        return False
    return not (above.item_is_mapping and ln.indent == above.indent + 2)


def _quoting(problem: str, context: str | None, cline: int | None, ccol: int | None,
             line: int, col: int, lines: list[_Line]) -> Explained | None:
    start = (cline + 1, (ccol or 0) + 1) if cline is not None else (line + 1, col + 1)
    ctx = context or ""
    if "quoted scalar" in ctx and "end of stream" in problem:
        return Explained(*start, "引号没有结束：从这里开始的引号缺少配对的另一半；文字中要用引号时请用中文引号“”")
    if "quoted scalar" in ctx and "document separator" in problem:
        return Explained(*start, "引号没有结束：从这里开始的引号到“---”之前都没有配对的另一半")
    if "flow" in ctx or problem.startswith(("expected ',' or", "while parsing a flow")):
        bracket = "[" if "sequence" in ctx or "]" in problem else "{"
        close = "]" if bracket == "[" else "}"
        return Explained(*start, f"以“{bracket}”开头的值没有配对的“{close}”，或其中的“,”“:”用法不对：YAML 把“[”“{{”开头的值"
                                 f"当作列表或映射；要原样印出，请给整段文字加引号")
    if "unknown escape character" in problem or "hexadecimal numbers" in problem:
        text = lines[line].text if line < len(lines) else ""
        backslash = text.rfind("\\", 0, col + 1)
        return Explained(line + 1, (backslash if backslash >= 0 else col) + 1, "双引号里的“\\”开始了一个无效的转义：要写反斜杠请写成“\\\\”，"
                                            "或改用单引号、不加引号")
    m = (re.match(r"found character '(.)' that cannot start any token", problem)
         or re.match(r"expected the node content, but found '([^<'])'", problem))
    if m:
        return Explained(line + 1, col + 1, f"值不能以“{m.group(1)}”开头：请给这段文字加引号")
    if "block scalar" in ctx and ("comment or a line break" in problem or "chomping" in problem):
        return Explained(line + 1, col + 1, "“|”或“>”后面要直接换行，文字从下一行起缩进书写")
    if "single document" in problem or "single document" in ctx:
        return Explained(line + 1, col + 1, "文件中有第二份文档（“---”或“...”之后）：一个文件只能有一份问卷，请删除这一行")
    if "directive" in ctx or "directive" in problem:
        return Explained(line + 1, col + 1, "以“%”开头的行是 YAML 指令，这里不支持：如果是文字，请给它加引号")
    return None


def _dash_value(at: _Line, problem: str, col: int) -> Explained | None:
    if not problem.startswith("sequence entries are not allowed"):
        return None
    head = at.text[:col].rstrip()
    if head.endswith(":"):
        return Explained(at.index + 1, col + 1, "值以“- ”开头，YAML 会把它当作列表：要写成列表，请把“- …”移到下一行并缩进；"
                                                "要原样印出，请给整段文字加引号")
    return None


def _after_quote(at: _Line, problem: str, col: int) -> Explained | None:
    """`"引号里" 引号外`: a quoted value ends at its closing quote, the rest of the line cannot follow."""
    if at.body.startswith(":"):
        return Explained(at.index + 1, at.indent + 1, "这一行以“:”开头，缺少键名")
    if at.body[:1] in (",", "}", "]"):
        return Explained(at.index + 1, at.indent + 1, f"这一行以“{at.body[0]}”开头：是多余的括号或逗号吗？"
                                                      "请删除，或给整段文字加引号")
    if "found <scalar>" not in problem:
        return None
    before = at.text[:col].rstrip(" ")
    if before.endswith(('"', "'")):
        return Explained(at.index + 1, col + 1, "引号里的文字在前面就结束了，后面还有文字：整段文字都要写在一对引号之内"
                                                "（文字中的引号请用中文引号“”，或在双引号前加“\\”）")
    return None


def _after_block(at: _Line, lines: list[_Line], skip: set[int], problem: str) -> Explained | None:
    """A line of “|” text indented less than the text's first line ends the text; it is then read as a
    key without “:” or a line in the wrong place."""
    if re.search(r":(\s|$)", at.body) or at.is_item:
        return None
    above = next((ln for ln in reversed(lines[:at.index]) if ln.text.strip(" ")), None)
    if above is None or above.index not in skip:
        return None
    first = above
    for ln in reversed(lines[:above.index]):
        if ln.index not in skip:
            break
        if ln.text.strip(" "):
            first = ln
    return Explained(at.index + 1, 1, f"“|”开始的多行文字，每一行都要和第一行（第 {first.index + 1} 行）一样缩进 "
                                      f"{first.indent} 个空格：这一行缩进了 {at.indent} 个空格，文字到上一行就结束了")


def _document(at: _Line, content: list[_Line], problem: str) -> Explained | None:
    """The document ended before this line: a top-level line that is not `key: value`, or an indented first key."""
    if not problem.startswith("expected <document start>"):
        return None
    for ln in content:
        if ln.index >= at.index:
            break
        if ln.indent == 0 and not ln.is_item and not re.search(r":(\s|$)", ln.body):
            return Explained(ln.index + 1, 1, "这一行不是“键: 值”的写法（缺少英文冒号加空格）：如果是说明文字，"
                                              "请在行首加“# ”写成注释")
    first = content[0] if content else None
    if first is not None and first.is_item and first.indent == 0:
        return Explained(first.index + 1, 1, "这一行以“- ”开头，整个文件被当成了列表：问卷的顶层只能是“键: 值”，"
                                             "列表要写在某个键的下面并缩进")
    if first is not None and first.indent > at.indent:
        return Explained(first.index + 1, 1, f"第一个键前面有 {first.indent} 个空格：顶层的键都要从第 1 列写起")
    return None


def _layout(at: _Line, before: list[_Line], problem: str, col: int) -> Explained | None:
    """Indentation that matches no open level, and prose folded over several lines."""
    above = before[-1] if before else None
    if problem.startswith("mapping values are not allowed") and above is not None and _continues(at, above):
        levels = _levels(at, before)
        indent = _nearest(at.indent, levels)
        value = above.inline_value
        if _PROSE.search(value) or len(value) > 12:
            key = above.body.split(":", 1)[0].lstrip("- ").strip()
            also = f"；如果这一行是另一个键，缩进应为 {indent} 个空格"
            return Explained(at.index + 1, col + 1,
                             f"第 {above.index + 1} 行“{key}”的文字写了多行，这一行又含有“: ”：多段文字请用“|”"
                             f"（写成“{key}: |”，下一行起每行一段，每行缩进相同）{also}")
        return Explained(at.index + 1, 1, f"缩进不一致（应为 {indent} 个空格，与第 {above.index + 1} 行对齐）："
                                          f"这一行缩进了 {at.indent} 个空格，会被当作上一行文字的续行")
    if problem.startswith("mapping values are not allowed"):
        return Explained(at.index + 1, col + 1, "文字中的“: ”（英文冒号加空格）会被当作键和值的分隔：请改用中文冒号“：”，"
                                                "或给整段文字加引号")
    structural = ("expected <block end>", "did not find expected key", "did not find expected '-'",
                  "sequence entries are not allowed", "expected <document start>", "could not find expected ':'")
    if not problem.startswith(structural):
        return None
    levels = _levels(at, before)
    if at.indent in levels:
        if problem.startswith("could not find expected ':'"):
            return Explained(at.index + 1, at.indent + 1, "这一行缺少“: ”（键和值之间要用英文冒号加空格）；"
                                                          "如果是上一段文字的续行，多段文字请用“|”")
        return None
    indent = _nearest(at.indent, levels)
    other = [x for x in levels if abs(x - at.indent) == abs(indent - at.indent) and x != indent]
    want = f"{indent} 个空格" + (f"或 {other[0]} 个空格" if other else "")
    return Explained(at.index + 1, 1, f"缩进不一致（应为 {want}）：这一行缩进了 {at.indent} 个空格，"
                                      "和上面同一层的键对不齐；同一层的键要左对齐")


def _levels(at: _Line, before: list[_Line]) -> list[int]:
    """The indentations `at` may have: those of the blocks still open above it, of its kind
    (a key where keys are, a list item “- ” where items are)."""
    levels: list[int] = []
    limit: int | None = None
    for n, ln in enumerate(reversed(before)):
        if n == 0 and ln.opens_block:
            levels.append(ln.indent + 2)
            if at.is_item and not ln.is_item:  # key:\n- item, a list at its key's indentation
                levels.append(ln.indent)
        if ln.item_is_mapping and not at.is_item and (limit is None or ln.indent + 2 < limit):
            levels.append(ln.indent + 2)
        if limit is not None and ln.indent >= limit:
            continue
        limit = ln.indent
        if ln.is_item == at.is_item:
            levels.append(ln.indent)
        if limit == 0:
            break
    if not before:
        levels.append(0)
    return sorted(set(levels), reverse=True)


def _nearest(indent: int, levels: list[int]) -> int:
    if not levels:
        return 0
    return min(levels, key=lambda x: (abs(x - indent), -x))


_PROBLEMS = {
    "found character '\\t' that cannot start any token": "用了 Tab，请改用空格",
    "mapping values are not allowed here": "这里不能出现“: ”：冒号后面要有空格，含“: ”的文字请加引号",
    "could not find expected ':'": "缺少“: ”（键和值之间要用英文冒号加空格）",
    "did not find expected key": "缩进不一致，找不到应有的键",
    "did not find expected '-' indicator": "缩进不一致：列表的各项要以“- ”开头并左对齐",
    "expected <block end>": "缩进不一致：同一层的键要左对齐",
    "expected <document start>": "文件的结构到上面已经结束：请检查缩进和每一行的“键: 值”写法",
    "sequence entries are not allowed here": "这里不能出现“- ”（列表项）：请检查缩进，或给文字加引号",
    "found undefined alias": "不支持 YAML 别名",
    "found unexpected end of stream": "文件意外结束：引号或括号没有配对",
    "expected the node content": "缺少内容：请检查缩进和标点",
    "expected alphabetic or numeric character": "“&”“*”“!”开头的写法不支持：含这些符号的文字请加引号",
    "found unexpected ':'": "这里不能出现“:”：含冒号的文字请加引号",
    "found duplicate anchor": "不支持 YAML 锚点",
}


def translate(problem: str) -> str:
    """PyYAML's problem in Chinese; an unknown one is named, in parentheses, after a Chinese phrase."""
    for en, zh in _PROBLEMS.items():
        if problem.startswith(en):
            return zh
    return f"请检查缩进、冒号和引号（YAML 解析器的原话：{problem}）"
