"""The narrative strings of a questionnaire, and how to point at a character in them.

The text rules (T1–T12) read `loaded.raw` rather than the model, because a finding
must point at the characters the clerk typed. Every narrative scalar becomes an
`Item`; consecutive plain paragraphs of one list form a `run`, so that an
enumeration (一是、二是…) may continue from one list item to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Literal

from authoring.findings import Finding, Severity
from authoring.questionnaire.loader import Loaded
from authoring.jurisdiction.model import Profile
from authoring.questionnaire.yamlsource import PathKey, dotted

Kind = Literal["body", "heading", "label"]


@dataclass(frozen=True)
class Item:
    path: PathKey
    text: str
    kind: Kind  # body: paragraphs; heading: a subsection 标题; label: a short name or title
    run: int  # items with the same run number are consecutive paragraphs of one section


@dataclass
class Context:
    loaded: Loaded
    profile: Profile
    items: list[Item] = field(default_factory=list)

    @property
    def raw(self) -> dict:
        return self.loaded.raw

    @cached_property
    def year(self) -> int:
        return self.loaded.questionnaire.year

    def of_kind(self, *kinds: Kind) -> list[Item]:
        return [i for i in self.items if i.kind in kinds]

    def runs(self) -> list[list[Item]]:
        out: dict[int, list[Item]] = {}
        for item in self.of_kind("body"):
            out.setdefault(item.run, []).append(item)
        return list(out.values())

    def position(self, path: PathKey, offset: int) -> tuple[int, int]:
        return self.loaded.source.text_position(path, offset)

    def at(self, path: PathKey, offset: int, rule: str, message: str,
           severity: Severity = Severity.WARNING) -> Finding:
        line, col = self.position(path, offset)
        return Finding(severity, rule, self.loaded.source.file, line, col, dotted(path), message)


def narrative_items(raw: dict) -> list[Item]:
    """Every narrative string of the questionnaire, in document order of the keys."""
    from authoring.questionnaire.model import content_keys  # noqa: PLC0415

    walker = _Walker()
    for key in content_keys():
        walker.content(raw.get(key), (key,))
    extra = raw.get("其他章节")
    if isinstance(extra, dict):
        for name, value in extra.items():
            walker.content(value, ("其他章节", name))
    walker.indicators(raw.get("绩效指标"), ("绩效指标",))
    walker.tasks(raw.get("重点工作"))
    spending = raw.get("支出")
    if isinstance(spending, dict):
        for key in ("执行率说明", "预算调整说明"):
            walker.text(spending.get(key), ("支出", key), "body")
    walker.text(raw.get("标题"), ("标题",), "label")
    return walker.items


class _Walker:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self._run = 0

    def _new_run(self) -> None:
        self._run += 1

    def text(self, value: Any, path: PathKey, kind: Kind, *, same_run: bool = False) -> None:
        if not isinstance(value, str) or not value.strip():
            return
        if not same_run:
            self._new_run()
        self.items.append(Item(path, value, kind, self._run))

    def content(self, value: Any, path: PathKey) -> None:
        if isinstance(value, str):
            self.text(value, path, "body")
            return
        if not isinstance(value, list):
            return
        self._new_run()
        for i, part in enumerate(value):
            if isinstance(part, str):
                self.text(part, path + (i,), "body", same_run=True)
            elif isinstance(part, dict):
                self.text(part.get("标题"), path + (i, "标题"), "heading")
                self.content(part.get("内容"), path + (i, "内容"))
                self._new_run()

    def indicators(self, value: Any, path: PathKey) -> None:
        if not isinstance(value, list):
            return
        for i, ind in enumerate(value):
            if not isinstance(ind, dict):
                continue
            self.content(ind.get("分析"), path + (i, "分析"))
            self.text(ind.get("扣分原因"), path + (i, "扣分原因"), "body")
            self.indicators(ind.get("下级"), path + (i, "下级"))

    def tasks(self, value: Any) -> None:
        if not isinstance(value, list):
            return
        for i, task in enumerate(value):
            if isinstance(task, dict):
                self.text(task.get("工作任务"), ("重点工作", i, "工作任务"), "label")
                self.text(task.get("完成情况"), ("重点工作", i, "完成情况"), "body")


# ---- pieces of text -------------------------------------------------------------

_BLANK = " \t\u3000"


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each non-blank line, leading blanks skipped."""
    offset = 0
    for line in text.split("\n"):
        stripped = line.lstrip(_BLANK)
        if stripped.strip():
            yield offset + len(line) - len(stripped), stripped.rstrip()
        offset += len(line) + 1


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) split on 。！？ and line ends, leading blanks skipped."""
    for m in _SENTENCE.finditer(text):
        s = m.group()
        stripped = s.lstrip(_BLANK)
        if stripped.strip():
            yield m.start() + len(s) - len(stripped), stripped


def occurrences(text: str, phrase: str, inside: tuple[str, ...] = ()) -> Iterator[int]:
    """Offsets of phrase in text, except where it is part of one of the longer words `inside`.

    An empty phrase occurs nowhere (it would otherwise be found at the same place forever)."""
    if not phrase:
        return
    start = text.find(phrase)
    while start >= 0:
        if not any(_within(text, start, phrase, word) for word in inside):
            yield start
        start = text.find(phrase, start + len(phrase))


def _within(text: str, start: int, phrase: str, word: str) -> bool:
    k = word.find(phrase)
    while k >= 0:
        if start - k >= 0 and text[start - k:start - k + len(word)] == word:
            return True
        k = word.find(phrase, k + 1)
    return False


_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(word: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 二十三 → 23 (up to 99); None if not a numeral."""
    if word in _DIGITS:
        return _DIGITS[word]
    m = re.fullmatch(r"([二三四五六七八九]?)十([一二三四五六七八九]?)", word)
    if not m:
        return None
    tens = _DIGITS.get(m[1], 1)
    return tens * 10 + _DIGITS.get(m[2], 0)


def cn_word(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 23 → 二十三."""
    names = "一二三四五六七八九"
    if n < 10:
        return names[n - 1]
    tens, units = divmod(n, 10)
    return (names[tens - 1] if tens > 1 else "") + "十" + (names[units - 1] if units else "")
