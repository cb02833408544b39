"""Read YAML as text only: every scalar stays the string the clerk typed.

PyYAML's own type guessing (YAML 1.1: `010101` octal, `no` False, 17-digit
floats) is switched off by removing all implicit resolvers. Tags, anchors and
aliases are refused, duplicate keys are reported, and every value keeps its
line and column so that findings can point at it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from authoring.errors import FindingsError, UsageError, describe_os_error
from authoring.files import QUESTIONNAIRE_LIMIT, FileRefused, read_limited
from authoring.findings import Finding, Severity
from authoring.questionnaire.characters import describe, join_surrogate_pairs, without_lone_surrogates
from authoring.questionnaire.yaml_errors import FULL_WIDTH_SPACE, explain, translate

PathKey = tuple[Any, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# Far deeper than any questionnaire or profile, far below Python's recursion limit (the
# composer and _convert recurse once per level).
MAX_DEPTH = 50


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that resolves nothing implicitly, refuses aliases/anchors and bounds nesting."""

    yaml_implicit_resolvers: dict = {}
    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML signature
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, "不支持 YAML 别名（*名称）：请直接写出内容")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, f"不支持 YAML 锚点（&{anchor}）：请直接写出内容")
        if self._depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"嵌套超过 {MAX_DEPTH} 层（列表套列表、键套键）：问卷用不到这么多层，"
                                             "请检查这里的缩进或成串的“[”“{”")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Refused(Exception):
    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


@dataclass
class Located:
    line: int  # 1-based
    col: int  # 1-based
    text: str | None = None  # raw scalar text, when the value is a scalar
    block: bool = False  # literal/folded block scalar: content starts on the next line
    indent: int = 0  # column (0-based) where a block scalar's lines start
    pointer: int = -1  # index in SourceMap.buffer where the scalar's content starts
    end: int = -1  # index in SourceMap.buffer just after the scalar
    style: str | None = None  # None (plain), "'", '"', "|" or ">"


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file."""

    file: str
    values: dict[PathKey, Located] = field(default_factory=dict)
    keys: dict[PathKey, Located] = field(default_factory=dict)
    buffer: str = ""  # the document text, for locating characters inside scalars
    _aligned: dict[int, list[int]] = field(default_factory=dict, repr=False, compare=False)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def where(self, path: PathKey) -> Located:
        """The closest located ancestor of path (a missing field points at its parent)."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), Located(1, 1))

    def key_where(self, path: PathKey) -> Located:
        return self.keys.get(tuple(path)) or self.where(path)

    def text_position(self, path: PathKey, offset: int) -> tuple[int, int]:
        """Line and column of character `offset` of the (parsed) value of the scalar at path.

        Folding, quoting and escapes make the parsed value differ from the typed text,
        so each value character is aligned with the character of the source it came from.
        """
        return self.char_position(self.where(path), offset)

    def char_position(self, loc: Located, offset: int) -> tuple[int, int]:
        """Line and column of character `offset` of the scalar (value or key) located at loc."""
        if loc.text is None:
            return loc.line, loc.col
        if not self.buffer or loc.pointer < 0:
            return _naive_position(loc, offset)
        key = id(loc)
        if key not in self._aligned:
            self._aligned[key] = _align(loc.text, self.buffer, loc.pointer, loc.end, loc.style)
        indices = self._aligned[key]
        if not indices:
            return loc.line, loc.col
        i = indices[min(max(offset, 0), len(indices) - 1)] + (1 if offset >= len(indices) else 0)
        return self.line_col(i)

    def index_of(self, line: int, col: int) -> int:
        """Buffer index of 1-based line and column (the inverse of line_col)."""
        self.line_col(0)
        return self._line_starts[line - 1] + col - 1

    def line_col(self, i: int) -> tuple[int, int]:
        """1-based line and column of buffer index i (the line starts are found once per file)."""
        if self._line_starts is None:
            starts = [0]
            find = self.buffer.find
            nl = find("\n")
            while nl >= 0:
                starts.append(nl + 1)
                nl = find("\n", nl + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, i)
        return line, i - self._line_starts[line - 1] + 1


def _naive_position(loc: Located, offset: int) -> tuple[int, int]:
    before = loc.text[:offset]
    nl = before.count("\n")
    if loc.block:
        return loc.line + 1 + nl, loc.indent + 1 + len(before.rsplit("\n", 1)[-1])
    if nl == 0:
        return loc.line, loc.col + offset
    return loc.line + nl, 1


_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def _align(value: str, buf: str, start: int, end: int, style: str | None) -> list[int]:
    """Buffer index of each character of value, matching greedily in source order.

    Source characters that produce nothing (indentation, quotes, the line break of a
    folded line, the backslash of an escape) are skipped; a folded line break matches
    the space it became.
    """
    out: list[int] = []
    i = start
    for ch in value:
        width = 1
        while i < end:
            sc = buf[i]
            if style == '"' and sc == "\\":
                nxt = buf[i + 1] if i + 1 < end else ""
                if nxt == "\n":
                    i += 2
                    continue
                width = _ESCAPE_LENGTH.get(nxt, 2)
                if nxt == "u" and ord(ch) > 0xFFFF:  # a surrogate pair written as two \u escapes
                    width = 12
                break
            if sc == ch or (ch == " " and sc == "\n" and style != "|"):
                break
            i += 1
        if i >= end:
            out.append(out[-1] if out else max(start, 0))
            continue
        out.append(i)
        i += width
    return out


def finding_at(source: SourceMap, path: PathKey, rule: str, message: str,
               severity: Severity = Severity.ERROR, *, key: bool = False) -> Finding:
    loc = source.key_where(path) if key else source.where(path)
    return Finding(severity, rule, source.file, loc.line, loc.col, dotted(path), message)


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_text(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain dicts/lists/str/None plus its SourceMap.

    Raises FindingsError with every structural problem found: exit 2 when the text is not
    YAML (Y1), 1 when it is YAML this tool does not read (Y2–Y4, Y6)."""
    source = SourceMap(file, buffer=text)
    if _HIDDEN_BREAKS.search(text):
        raise FindingsError(_unreadable_characters(text, file, _HIDDEN_BREAKS), 2)
    try:
        loader = _TextLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        raise FindingsError([_finding(file, exc.mark, "Y2", exc.message)]) from None
    except yaml.reader.ReaderError:
        raise FindingsError(_unreadable_characters(text, file), 2) from None
    except yaml.MarkedYAMLError as exc:
        raise FindingsError([_syntax_finding(text, file, exc)], 2) from None
    except yaml.YAMLError as exc:
        raise FindingsError([Finding(Severity.ERROR, "Y1", file, 1, 1, "",
                                     "不是有效的 YAML：" + translate(str(exc).splitlines()[0]))], 2) from None
    if node is None:
        return None, source
    problems: list[Finding] = []
    data = _convert(node, (), source, problems)
    if problems:
        raise FindingsError(problems)
    return data, source


def _syntax_finding(text: str, file: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    context = exc.context_mark if exc.context else None
    found = explain(text, exc.problem or exc.context or "", mark.line if mark else 0, mark.column if mark else 0,
                    exc.context, context.line if context else None, context.column if context else None)
    return Finding(Severity.ERROR, "Y1", file, found.line, found.col, "", f"不是有效的 YAML：{found.message}")


# Line breaks to YAML that no editor shows as one: every line number after them would be off.
_HIDDEN_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _unreadable_characters(text: str, file: str, pattern: re.Pattern = yaml.reader.Reader.NON_PRINTABLE,
                           limit: int = 10) -> list[Finding]:
    """Characters YAML refuses in a file (NUL, other control characters) or reads as hidden line breaks, each located."""
    out = []
    for m in pattern.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        if pattern is _HIDDEN_BREAKS:
            what = f"有编辑器里看不见的换行符 {describe(m.group(0))}，YAML 会在这里换行"
        else:
            what = f"有不可见的控制字符 {describe(m.group(0))}，YAML 文件中不允许"
        out.append(Finding(Severity.ERROR, "Y1", file, line, col, "",
                           f"不是有效的 YAML：{what}：请删除（常见于从其他软件复制的文字，或文件不是文本）"))
        if len(out) == limit:
            rest = sum(1 for _ in pattern.finditer(text, m.end()))
            if rest:
                out.append(Finding(Severity.ERROR, "Y1", file, line, col, "", f"……另有 {rest} 个这样的字符"))
            break
    return out or [Finding(Severity.ERROR, "Y1", file, 1, 1, "", "不是有效的 YAML：文件中有 YAML 不允许的字符")]


def load_file(path: str | Path, limit: int = QUESTIONNAIRE_LIMIT) -> tuple[Any, SourceMap]:
    """Parse a YAML file of at most `limit` bytes; UsageError (exit 2) when it cannot be read as one:
    missing, a folder, not a regular file (a FIFO or a device would wait or read forever), too large."""
    p = Path(path)
    try:
        if not p.exists():
            raise UsageError(f"找不到文件：{p}")
        if p.is_dir():
            raise UsageError(f"这是文件夹，不是问卷文件：{p}")
        data = read_limited(p, limit)
    except FileRefused as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # no permission, a disk error
        raise UsageError(f"无法读取文件：{p}（{describe_os_error(exc)}）") from None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode
    except UnicodeDecodeError:
        raise UsageError(f"{p}: 文件不是 UTF-8 编码的文本（请在编辑器中另存为 UTF-8）") from None
    return load_text(text, str(path))


def _finding(file: str, mark, rule: str, message: str) -> Finding:
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    return Finding(Severity.ERROR, rule, file, line, col, "", message)


def _text(node: ScalarNode) -> str:
    """The value as the model and the checks see it (Located.text keeps what was typed, for Y5)."""
    return without_lone_surrogates(join_surrogate_pairs(node.value))


def _located(node: Node) -> Located:
    m = node.start_mark
    if isinstance(node, ScalarNode):
        block = node.style in ("|", ">")
        loc = Located(m.line + 1, m.column + 1, join_surrogate_pairs(node.value), block,
                      pointer=m.pointer, end=node.end_mark.pointer, style=node.style)
        if block:
            loc.indent = _block_indent(node)
            loc.pointer = _after_header(node)
        elif node.style in ("'", '"'):
            loc.col += 1
            loc.pointer += 1
        return loc
    return Located(m.line + 1, m.column + 1)


def _block_indent(node: ScalarNode) -> int:
    buf = node.start_mark.buffer
    if not buf:
        return node.start_mark.column
    start = buf.find("\n", node.start_mark.pointer)
    if start < 0:
        return node.start_mark.column
    lines = buf[start + 1:node.end_mark.pointer].split("\n")
    line = next((x for x in lines if x.strip()), "")
    return len(line) - len(line.lstrip(" "))


def _after_header(node: ScalarNode) -> int:
    """Index of the first content line of a block scalar (after `|-`, `>2 # comment` …)."""
    buf = node.start_mark.buffer or ""
    nl = buf.find("\n", node.start_mark.pointer)
    return nl + 1 if 0 <= nl < node.end_mark.pointer else node.end_mark.pointer


def _convert(node: Node, path: PathKey, source: SourceMap, problems: list[Finding]) -> Any:
    source.values[path] = _located(node)
    if node.tag not in _PLAIN_TAGS:
        problems.append(finding_at(source, path, "Y2", f"不支持 YAML 标签“{node.tag}”：请去掉“!”开头的标记"))
        return None
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return _text(node)
    if node.flow_style:
        problems += _split_numbers(node, source.file)
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), source, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            problems.append(_finding(source.file, key_node.start_mark, "Y3", "键必须是简单文字"))
            continue
        key = _text(key_node)
        if key != key.strip(FULL_WIDTH_SPACE) and key.strip(FULL_WIDTH_SPACE):
            side = "前面" if key.startswith(FULL_WIDTH_SPACE) else "后面"
            problems.append(_finding(source.file, key_node.start_mark, "Y6",
                                     f"键“{key.strip(FULL_WIDTH_SPACE)}”{side}有全角空格（中文输入法的空格），"
                                     "YAML 会把它当作另一个键：缩进和冒号前后只能用半角空格"))
            continue
        if key in out:
            first = source.keys[path + (key,)]
            problems.append(_finding(
                source.file, key_node.start_mark, "Y4",
                f"键“{key}”重复出现（第一次在第 {first.line} 行）：YAML 只会保留最后一个，请合并或删除",
            ))
            continue
        source.keys[path + (key,)] = _located(key_node)
        out[key] = _convert(value_node, path + (key,), source, problems)
    return out


_NUMBER_HEAD = re.compile(r"^[-+]?\d{1,3}(,\d{3})*$")
_NUMBER_TAIL = re.compile(r"^\d{3}(\.\d+)?$")


def _split_numbers(node: MappingNode | SequenceNode, file: str) -> list[Finding]:
    """Y6: `{决算数: 3,013.08}` is read by YAML as two entries, 决算数: 3 and 013.08 (a comma ends an entry)."""
    if isinstance(node, MappingNode):
        scalars = [n for pair in node.value for n in pair]
    else:
        scalars = list(node.value)
    out = []
    for head, tail in zip(scalars, scalars[1:]):
        if not (isinstance(head, ScalarNode) and isinstance(tail, ScalarNode)) or head.style or tail.style:
            continue
        buf = head.end_mark.buffer or ""
        if not (_NUMBER_HEAD.match(head.value) and _NUMBER_TAIL.match(tail.value)
                and buf[head.end_mark.pointer:tail.start_mark.pointer] == ","):
            continue
        typed = buf[head.start_mark.pointer:tail.end_mark.pointer]
        out.append(_finding(file, head.start_mark, "Y6",
                            f"“{typed}”写在“{{ }}”或“[ ]”里，其中的逗号会把它拆成“{head.value}”和“{tail.value}”两项："
                            f"请去掉千位分隔符（写 {typed.replace(',', '')}），或给它加引号（\"{typed}\"），或改为每项一行的写法"))
    return out
