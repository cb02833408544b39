"""Y5: characters the report cannot show, found in every key and value of a YAML file.

Escapes in double-quoted YAML ("\\x1b", "\\ud800", "\\ufdd0") can put into a value what no
report can hold: XML 1.0 (DOCX) has no control characters, a lone surrogate is not a
character at all (the DOCX writer fails on it), noncharacters are reserved for internal
use (the DOCX renderer uses one) and the PDF prints all of them as boxes. They are errors.
Direction controls (U+202E …) silently reorder what the reader sees, and private-use
characters have no glyph in any font of the report: warnings.

A JSON-style escaped surrogate pair ("\\ud83d\\ude00") is one real character; yamlsource
joins it before anything reads the value, so it is never reported here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from authoring.findings import Finding, Severity

RULE = "Y5"

_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "退格", 0x0B: "垂直制表符", 0x0C: "换页符", 0x1B: "ESC", 0x7F: "DEL",
    0x85: "NEL",
}
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
# Tab, line feed and carriage return are ordinary whitespace in a value.
_ALLOWED_CONTROLS = {0x09, 0x0A, 0x0D}
_SURROGATE_PAIR = re.compile("([\ud800-\udbff])([\udc00-\udfff])")


def join_surrogate_pairs(text: str) -> str:
    """ "\\ud83d\\ude00" as YAML reads it (two lone surrogates) → the one character it encodes."""
    if not _SURROGATE_PAIR.search(text):
        return text
    return _SURROGATE_PAIR.sub(lambda m: m.group(0).encode("utf-16", "surrogatepass").decode("utf-16"), text)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """text for the model and the checks: a lone surrogate (reported as Y5 from the source map) cannot
    even be encoded, so it stands as U+FFFD, one character for one, and offsets stay the same."""
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Kind:
    severity: Severity
    what: str  # what the character is, in Chinese
    why: str  # what the report would do with it


_CONTROL = Kind(Severity.ERROR, "控制字符", "报告中无法显示（Word 文件容纳不了，PDF 中是方框）")
_SURROGATE = Kind(Severity.ERROR, "不成对的代理码", "不是一个完整的字符（通常是 \\uD83D\\uDE00 这类转义只写了一半），报告无法生成")
_NONCHARACTER = Kind(Severity.ERROR, "Unicode 非字符", "不能用于文字，报告中无法显示")
_DIRECTION = Kind(Severity.WARNING, "看不见的文字方向控制符", "会打乱报告中文字的显示顺序")
_PRIVATE = Kind(Severity.WARNING, "私用区字符（造字）", "报告所用的字体中没有，PDF 中会显示为方框")


def kind_of(ch: str) -> Kind | None:
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return None if cp in _ALLOWED_CONTROLS else _CONTROL
    if cp < 0x2000:
        return _DIRECTION if cp == 0x061C else None
    if 0xD800 <= cp <= 0xDFFF:
        return _SURROGATE
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
        return _NONCHARACTER
    if cp in _BIDI:
        return _DIRECTION
    if unicodedata.category(ch) == "Co":
        return _PRIVATE
    return None


def describe(ch: str) -> str:
    cp = ord(ch)
    name = _CONTROL_NAMES.get(cp) or unicodedata.name(ch, "")
    return f"U+{cp:04X}" + (f"（{name}）" if name else "")


def unshowable_runs(text: str) -> list[tuple[int, int, Kind]]:
    """(start, end, kind) of each run of consecutive problem characters of one kind."""
    out: list[tuple[int, int, Kind]] = []
    for i, ch in enumerate(text):
        kind = kind_of(ch)
        if kind is None:
            continue
        if out and out[-1][1] == i and out[-1][2] is kind:
            out[-1] = (out[-1][0], i + 1, kind)
        else:
            out.append((i, i + 1, kind))
    return out


def message(text: str, start: int, end: int, kind: Kind, on_key: bool) -> str:
    chars = "、".join(dict.fromkeys(describe(ch) for ch in text[start:end]))
    count = f" {end - start} 个" if end - start > 1 else ""
    where = "键" if on_key else "文字"
    return f"{where}中有{count}{kind.what} {chars}：{kind.why}，请删除（常见于从网页或其他软件复制的文字）"


def check_characters(source) -> list[Finding]:
    """Every run of characters the report cannot show, in keys and values, located at its first character."""
    out: list[Finding] = []
    for on_key, table in ((True, source.keys), (False, source.values)):
        for path, loc in table.items():
            if not loc.text:
                continue
            for start, end, kind in unshowable_runs(loc.text):
                line, col = source.char_position(loc, start)
                out.append(Finding(kind.severity, RULE, source.file, line, col, _dotted(path),
                                   message(loc.text, start, end, kind, on_key)))
    return out


def _dotted(path: tuple) -> str:
    from authoring.questionnaire.yamlsource import dotted

    return dotted(path)
