"""Text that two departments submitted verbatim: shared sentences and passages, per pair.

Every sentence the clerk typed is normalised (NFKC, so full and half width agree; no
punctuation, spaces or symbols) and indexed by that key, so the cost is linear in the
number of sentences: only documents that meet under one key are ever compared. A run
of consecutive sentences shared by the same two documents is one passage.

Not counted as copying (they stay in each document's character count):
- sentences shorter than `min_chars` normalised characters (a slogan, a heading);
- a sentence the document's own profile writes (its 措辞, with the blanks filled in
  any way), which every department of the jurisdiction may type;
- a sentence in more than half of the documents when there are at least
  `COMMON_FROM` of them, or in more than `MAX_SHARERS` documents at all: a phrase the
  bureau circulates, not one department's text copied by another. This also bounds
  the pairs one sentence can produce.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import combinations
from typing import Iterator

from authoring.checks.text_walk import narrative_items, sentences as split_sentences
from authoring.findings import printable
from authoring.pipeline import CheckResult
from authoring.questionnaire.numbers import percent

COMMON_FROM = 10  # with at least this many documents, a sentence in more than half of them is boilerplate
MAX_SHARERS = 20  # a sentence in more documents than this is boilerplate however many there are
MAX_REPEATS = 8  # places of one sentence within one document that are paired (a sentence typed 10,000 times …)
_CONCLUSION_KEYS = ("自评结论",)
_CONCLUSION_SECTIONS = ("评价结论", "总体评价", "自评结论")
_COVERAGE_PLACES = Decimal("0.0001")


@dataclass
class SharedText:
    text: str  # as typed in document a (consecutive shared sentences joined)
    line_a: int
    line_b: int


@dataclass
class SharedPair:
    a: str  # file
    b: str
    texts: list[SharedText]
    coverage_a: Decimal  # shared characters ÷ the document's characters (normalised), 0–1
    coverage_b: Decimal
    same_score_and_conclusion: bool


@dataclass
class Document:
    file: str
    department: str
    total: str | None  # the computed total score as the summary line prints it, else the 总分 typed
    conclusion: str | None  # the 自评结论 text as typed
    sentences: list[tuple[str, int]]  # (sentence as typed, line in the file), in document order
    standard: frozenset[int] = frozenset()  # indices of sentences the profile's 措辞 writes
    own_names: tuple[str, ...] = ()  # the department's names, compared as one placeholder (longest first)


_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str, own_names: tuple[str, ...] = ()) -> str:
    """The sentence as compared: the department's own name masked, NFKC, lower case, letters and digits only."""
    for name in own_names:
        text = text.replace(name, "〇")
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def document_from(result: CheckResult) -> Document:
    """The sentences of one checked questionnaire, each with its line in the file."""
    loaded = result.loaded
    if loaded is None:
        return Document(result.file, "", None, None, [])
    out: list[tuple[str, int]] = []
    conclusion: list[str] = []
    for item in narrative_items(loaded.raw):
        if _is_conclusion(item.path):
            conclusion.append(item.text)
        for offset, sentence in _sentences(item.text):
            line, _ = loaded.source.text_position(item.path, offset)
            out.append((sentence, line))
    a = result.assessment
    score = a.computed_total if a is not None and a.computed_total is not None else loaded.questionnaire.total
    total = format(score.normalize(), "f") if score is not None else None
    patterns = _wording_patterns(tuple(result.profile.profile.wording.values()) if result.profile is not None else ())
    standard = frozenset(i for i, (s, _) in enumerate(out) if any(_fits(p, normalise(s)) for p in patterns))
    q = loaded.questionnaire
    return Document(result.file, q.department, total, "\n".join(conclusion) or None, out, standard,
                    _own_names(q.department, q.short_name))


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    return ((offset, sentence.rstrip()) for offset, sentence in split_sentences(text))


def _own_names(full: str, short: str) -> tuple[str, ...]:
    """How a report names its own department: 全称, 简称, and 简称 without its 办公室 (区政协办公室 → 区政协办, 区政协)."""
    names = {full, short}
    if short.endswith("办公室"):
        names |= {short[:-3], short[:-3] + "办"}
    elif short.endswith("办"):
        names.add(short[:-1])
    return tuple(sorted((n for n in names if len(n) >= 3), key=lambda n: (-len(n), n)))


def _is_conclusion(path: tuple) -> bool:
    return path[0] in _CONCLUSION_KEYS or (path[0] == "其他章节" and len(path) > 1 and path[1] in _CONCLUSION_SECTIONS)


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@lru_cache(maxsize=64)
def _wording_patterns(wording: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each 措辞 sentence as the normalised fixed words between its blanks."""
    out = []
    for template in wording:
        for sentence in re.split(r"[。！？]", template):
            pieces = tuple(normalise(p) for p in _JINJA.split(sentence))
            if sum(map(len, pieces)) >= 6:  # a pattern of blanks alone would match anything
                out.append(pieces)
    return tuple(out)


def _fits(pieces: tuple[str, ...], text: str) -> bool:
    """Whether text is the pieces in order with anything between them (a glob with * for each blank).

    Leftmost matching of each middle piece is enough and takes linear time: no regular expression,
    whose backtracking over many blanks a long sentence could make take forever."""
    if len(pieces) == 1:
        return text == pieces[0]
    first, *middle, last = pieces
    if len(text) < len(first) + len(last) or not text.startswith(first) or not text.endswith(last):
        return False
    pos, end = len(first), len(text) - len(last)
    for piece in middle:
        found = text.find(piece, pos, end)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


def find_shared(docs: list[Document], min_chars: int = 15) -> list[SharedPair]:
    """Every pair of documents that share a sentence, or the same total and conclusion sentence."""
    docs = sorted(docs, key=lambda d: d.file)
    keys = [[normalise(s, d.own_names) for s, _ in d.sentences] for d in docs]
    index: dict[str, dict[int, list[int]]] = {}  # sentence → document → positions
    for di, (doc, doc_keys) in enumerate(zip(docs, keys)):
        for si, key in enumerate(doc_keys):
            if len(key) >= min_chars and si not in doc.standard:
                places = index.setdefault(key, {}).setdefault(di, [])
                if len(places) < MAX_REPEATS:
                    places.append(si)
    common = len(docs) // 2 if len(docs) >= COMMON_FROM else len(docs)
    matches: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for holders in index.values():
        if len(holders) < 2 or len(holders) > min(common, MAX_SHARERS):
            continue
        for da, db in combinations(sorted(holders), 2):
            pairs = matches.setdefault((da, db), set())
            for sa in holders[da]:
                for sb in holders[db]:
                    pairs.add((sa, sb))
    flagged = _same_score_and_conclusion(docs, min_chars)
    out = []
    for da, db in sorted(matches.keys() | flagged):
        found = matches.get((da, db), set())
        a, b = docs[da], docs[db]
        out.append(SharedPair(
            a.file, b.file, _passages(a, b, found),
            _coverage(keys[da], {sa for sa, _ in found}), _coverage(keys[db], {sb for _, sb in found}),
            (da, db) in flagged))
    out.sort(key=lambda p: (-max(p.coverage_a, p.coverage_b), p.a, p.b))
    return out


def _passages(a: Document, b: Document, found: set[tuple[int, int]]) -> list[SharedText]:
    """Runs of consecutive sentences shared in the same order, each as one text: the longest runs first,
    each sentence of a in one run only, in the order of a."""
    runs = []
    for sa, sb in found:
        if (sa - 1, sb - 1) not in found:
            n = 1
            while (sa + n, sb + n) in found:
                n += 1
            runs.append((sa, sb, n))
    covered: set[int] = set()
    kept: list[list[tuple[int, int]]] = []
    for sa, sb, n in sorted(runs, key=lambda r: (-r[2], r[0], r[1])):
        piece: list[tuple[int, int]] = []
        for k in range(n + 1):
            if k < n and sa + k not in covered:
                piece.append((sa + k, sb + k))
            elif piece:
                kept.append(piece)
                piece = []
        covered.update(range(sa, sa + n))
    return [_shared_text(a, b, run) for run in sorted(kept)]


def _shared_text(a: Document, b: Document, run: list[tuple[int, int]]) -> SharedText:
    text = "".join(a.sentences[sa][0] for sa, _ in run)
    return SharedText(text, a.sentences[run[0][0]][1], b.sentences[run[0][1]][1])


def _coverage(keys: list[str], shared: set[int]) -> Decimal:
    total = sum(map(len, keys))
    if not total:
        return Decimal(0)
    part = sum(len(keys[i]) for i in shared)
    return (Decimal(part) / Decimal(total)).quantize(_COVERAGE_PLACES, ROUND_HALF_UP)


def _same_score_and_conclusion(docs: list[Document], min_chars: int) -> set[tuple[int, int]]:
    """Pairs with the same total score whose conclusions have a sentence in common."""
    by_key: dict[tuple[str, str], set[int]] = {}
    for di, doc in enumerate(docs):
        if doc.total is None or not doc.conclusion:
            continue
        for _, sentence in _sentences(doc.conclusion):
            key = normalise(sentence, doc.own_names)
            if len(key) >= min_chars:
                by_key.setdefault((doc.total, key), set()).add(di)
    out: set[tuple[int, int]] = set()
    for holders in by_key.values():
        if 2 <= len(holders) <= MAX_SHARERS:
            out.update(combinations(sorted(holders), 2))
    return out


def describe(pair: SharedPair, excerpt: int = 30) -> list[str]:
    """The pair as a warning (first line) and one line per shared text, for a terminal or a workbook."""
    head = f"警告：{printable(pair.a)} 与 {printable(pair.b)} "
    parts = []
    if pair.texts:
        parts.append(f"有 {len(pair.texts)} 处文字相同，占前者全文的 {_percent(pair.coverage_a)}、"
                     f"后者的 {_percent(pair.coverage_b)}")
    if pair.same_score_and_conclusion:
        parts.append("总分相同且评价结论有相同的句子")
    lines = [head + "；".join(parts) + "（是否照抄了另一个部门的报告？）"]
    for t in pair.texts:
        shown = t.text if len(t.text) <= excerpt else t.text[:excerpt] + f"……（共 {len(t.text)} 字）"
        lines.append(f"  第 {t.line_a} 行 ↔ 第 {t.line_b} 行：{printable(shown)}")
    return lines


def _percent(ratio: Decimal) -> str:
    return percent(ratio * 100)


# ---- benchmark ------------------------------------------------------------------

def synthetic_documents(n: int, sentences_each: int = 120) -> list[Document]:
    """n documents of distinct sentences, every tenth sharing a passage with the one before it."""
    docs = []
    for d in range(n):
        own = [(f"第{d}号部门第{s}句围绕中心工作开展履职活动共计{d * 7 + s}次取得实效。", 10 + s)
               for s in range(sentences_each)]
        if d % 10 == 1:
            own[5:10] = [(f"第{d - 1}号部门第{s}句围绕中心工作开展履职活动共计{(d - 1) * 7 + s}次取得实效。", 15 + s)
                         for s in range(5, 10)]
        docs.append(Document(f"{d:05d}.yaml", f"部门{d}", "90", None, own))
    return docs


def bench_boilerplate(n: int = 2000) -> dict[str, float | int]:
    """Seconds to index n synthetic documents and find their shared passages."""
    docs = synthetic_documents(n)
    start = time.perf_counter()
    pairs = find_shared(docs)
    seconds = time.perf_counter() - start
    return {"documents": n, "sentences": sum(len(d.sentences) for d in docs), "pairs": len(pairs), "seconds": seconds}

