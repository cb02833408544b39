"""T1–T12: text and structure rules (DOMAIN.md §3.3), one function per rule.

What is read from prose is never proved by the figures: every rule here gives warnings
(T11, in text_structure, is about missing parts and columns, and gives errors).

Every rule reads the narrative strings of the questionnaire (see text_walk) and
points at the offending characters. Word lists (过时提法, 错别字, 文体残留, 局名残留)
come from the profile; only the shape of the rules lives here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Iterator

from authoring.checks.text_structure import check_structure, content_path
from authoring.jurisdiction.placement import outline_nodes
from authoring.checks.text_walk import (
    Context, Item, cn_number, cn_word, narrative_items, occurrences, paragraphs, sentences,
)
from authoring.findings import Finding
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.numbers import parse_amount, round_half_up
from authoring.jurisdiction.model import Profile
from authoring.questionnaire.yamlsource import PathKey, dotted

_CN = "一二三四五六七八九十"
_BLANK = " \t\u3000"

# A matched phrase is no finding when it is part of one of these longer, correct words.
_INSIDE: dict[str, tuple[str, ...]] = {
    "本局": ("基本局面", "基本局势"),
    "我局": ("自我局限",),
    "较对": ("比较对", "相较对"),
    "打好蓝天保卫战": ("深入打好蓝天保卫战",),
}


def check_text(loaded: Loaded, profile: Profile) -> list[Finding]:
    ctx = Context(loaded, profile, narrative_items(loaded.raw))
    found: list[Finding] = []
    for rule in RULES:
        found += rule(ctx)
    return found + check_structure(ctx)


# ---- T1 numbering ---------------------------------------------------------------

_HEADING_NUMBER = re.compile(
    rf"[{_BLANK}]*((?:[{_CN}]{{1,3}}|[0-9０-９]{{1,2}})\s*[、.．](?![0-9０-９])|[（(]\s*(?:[{_CN}]{{1,3}}|[0-9０-９]{{1,2}})\s*[）)])")


def t1_heading_numbers(ctx: Context) -> list[Finding]:
    """T1: a subsection 标题 typed with its own number (“1、预算管理”)."""
    out = []
    for item in ctx.of_kind("heading"):
        m = _HEADING_NUMBER.match(item.text)
        if m:
            out.append(ctx.at(item.path, m.start(1), "T1", f"标题编号由工具自动生成，请删去“{m.group(1)}”"))
    return out


# family → pattern of a paragraph-leading enumerator; group 1 is the number.
_PARAGRAPH_NUMBERS = {
    "1、": re.compile(r"([0-9０-９]{1,2})\s*[、.．](?![0-9０-９])"),
    "（1）": re.compile(r"[（(]\s*([0-9０-９]{1,2})\s*[）)]"),
    "一、": re.compile(rf"([{_CN}]{{1,3}})、"),
    "（一）": re.compile(rf"[（(]([{_CN}]{{1,3}})[）)]"),
}


def _paragraph_numbers(run: list[Item]) -> Iterator[tuple[Item, int, str, int, str]]:
    """(item, offset, family, number, token) for each paragraph that starts with an enumerator."""
    for item in run:
        for offset, para in paragraphs(item.text):
            for family, pattern in _PARAGRAPH_NUMBERS.items():
                m = pattern.match(para)
                n = m and (int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1)))
                if n:
                    yield item, offset, family, n, m.group(0)
                    break


def _renumber(token: str, n: int) -> str:
    return re.sub(rf"[0-9０-９]+|[{_CN}]+", str(n) if re.search(r"[0-9０-９]", token) else cn_word(n), token, count=1)


def t1_paragraph_numbers(ctx: Context) -> list[Finding]:
    """T1: paragraphs numbered 1、2、… (or （1）（2）…) in one section must be consecutive."""
    out = []
    for run in ctx.runs():
        last: dict[str, tuple[int, str]] = {}
        for item, offset, family, n, token in _paragraph_numbers(run):
            prev, prev_token = last.get(family, (0, ""))
            last[family] = (n, token)
            if n == 1 or n == prev + 1:
                continue
            expected = _renumber(token, prev + 1)
            if n == prev:
                msg = f"段首编号“{token}”重复：前面已有“{prev_token}”，这里应为“{expected}”"
            elif prev == 0:
                msg = f"段首编号“{token}”前面没有“{expected}”：编号应从“{expected}”开始"
            else:
                msg = f"段首编号不连续：前面是“{prev_token}”，这里应为“{expected}”，实际为“{token}”"
            out.append(ctx.at(item.path, offset, "T1", msg))
    return out


_HALF_PARENS = re.compile(rf"\(\s*([{_CN}]{{1,3}}|[0-9０-９]{{1,2}})\s*\)")


def t1_halfwidth_parens(ctx: Context) -> list[Finding]:
    """T1: enumerators in half-width parentheses “(1)” “(一)” should be full-width."""
    out = []
    for item in ctx.of_kind("body", "label"):
        for m in _HALF_PARENS.finditer(item.text):
            out.append(ctx.at(item.path, m.start(), "T1",
                              f"编号应使用全角括号“（{m.group(1)}）”，这里是半角“{m.group()}”"))
    return out


# ---- T2 一是、二是 -----------------------------------------------------------------

_SHI = re.compile(rf"(?<![^\s。；;，,：:！？!?、“”‘’（）()【】])([{_CN}]{{1,3}})是")


def t2_enumeration(ctx: Context) -> list[Finding]:
    """T2: 一是、二是、三是… strictly consecutive; a new 一是 starts a new list."""
    out = []
    for run in ctx.runs():
        prev = 0
        for item in run:
            for m in _SHI.finditer(item.text):
                n = cn_number(m.group(1))
                if n is None:
                    continue
                if n != 1 and n != prev + 1:
                    out.append(ctx.at(item.path, m.start(), "T2", _t2_message(n, prev)))
                prev = n
    return out


def _t2_message(n: int, prev: int) -> str:
    word, expected = f"{cn_word(n)}是", f"{cn_word(prev + 1)}是"
    if n == prev:
        return f"“{word}”重复：前面已有“{word}”，这里应为“{expected}”"
    if prev == 0:
        return f"“{word}”前面没有“一是”：列举应从“一是”开始"
    return f"“{word}”不连续：前面是“{cn_word(prev)}是”，这里应为“{expected}”"


# ---- T3 heading run into body ---------------------------------------------------

HEADING_MAX = 40


def t3_headings(ctx: Context) -> list[Finding]:
    """T3: a 标题 that carries body text: a full stop inside or at the end, or over 40 characters."""
    out = []
    for item in ctx.of_kind("heading"):
        text = item.text.rstrip()
        stop = text.find("。")
        if 0 <= stop < len(text) - 1:
            out.append(ctx.at(item.path, stop + 1, "T3",
                              f"标题中有句号，疑为标题与正文连在一起：“{text[stop + 1:stop + 11]}…”起的文字请移到“内容”中"))
        elif text.endswith(("。", "；", ";")):
            out.append(ctx.at(item.path, len(text) - 1, "T3", f"标题末尾不应有“{text[-1]}”：标题单独成行，不加标点"))
        elif len(text) > HEADING_MAX:
            out.append(ctx.at(item.path, 0, "T3",
                              f"标题过长（{len(text)}字）：标题应在{HEADING_MAX}字以内，疑为把正文接在了标题后面，正文请写在“内容”中"))
    return out


def t3_heading_in_body(ctx: Context) -> list[Finding]:
    """T3: a section's body that starts with its own numbered heading (“（一）自评结论根据…”)."""
    out = []
    for key, titles in _section_titles(ctx.profile).items():
        for item in ctx.of_kind("body"):
            if item.path[:len(key)] != key or any(isinstance(p, str) for p in item.path[len(key):]):
                continue
            for offset, para in paragraphs(item.text):
                m = _HEADING_NUMBER.match(para)
                rest = para[m.end():].lstrip(_BLANK) if m else ""
                title = next((t for t in titles if rest.startswith(t)), None)
                if title:
                    out.append(ctx.at(item.path, offset, "T3",
                                      f"正文开头是标题“{m.group(1)}{title}”：章节标题由工具生成，请删去"))
    return out


def _section_titles(profile: Profile) -> dict[PathKey, list[str]]:
    out: dict[PathKey, list[str]] = {}
    for node in outline_nodes(profile.outline):
        for part in node.parts:
            if "内容" in part:
                key = content_path(part["内容"])
                out.setdefault(key, []).append(node.title)
                out[key].append(key[-1])
    return out


# ---- T4 duplicated sentences ----------------------------------------------------

DUPLICATE_MIN = 25  # a whole sentence repeated
PASSAGE_MIN = 60  # a long stretch (two clauses or more) repeated inside otherwise different sentences
# The 重点工作完成情况表 restates the narrative by design; its rows are not compared.
_NOT_COMPARED = ("重点工作",)
_NOT_WORD = re.compile(r"[\W_]+")


def t4_duplicates(ctx: Context) -> list[Finding]:
    """T4: a sentence (≥ 25 characters, ignoring blanks and punctuation) or a passage
    (≥ 60 characters) that occurs twice; one finding per repeated stretch of sentences."""
    whole: dict[str, _Sentence] = {}
    windows: dict[str, _Sentence] = {}
    out: list[Finding] = []
    last: tuple[PathKey, int] | None = None
    for s in sorted(_sentences(ctx), key=lambda s: s.pos):
        first, at = whole.get(s.key), 0
        if first is None:
            first, at = _shared_passage(s, windows)
        whole.setdefault(s.key, s)
        for i in range(len(s.key) - PASSAGE_MIN + 1):
            windows.setdefault(s.key[i:i + PASSAGE_MIN], s)
        if first is None:
            continue
        run_on = last == (s.item.path, s.index - 1)  # continues the repeated stretch just reported
        last = (s.item.path, s.index)
        if not run_on:
            out.append(ctx.at(s.item.path, s.offset + s.origin[at], "T4", _t4_message(s, at, first)))
    return out


def _t4_message(s: "_Sentence", at: int, first: "_Sentence") -> str:
    where = f"第 {first.pos[0]} 行（{dotted(first.item.path)}）"
    if at == 0 and s.key == first.key:
        snippet = s.text[:16] + ("…" if len(s.text) > 16 else "")
        return f"句子重复：与{where}的句子相同：“{snippet}”，请删去或改写"
    start = s.origin[at]
    return f"文字重复：与{where}有一段{PASSAGE_MIN}字以上的文字相同：“{s.text[start:start + 16]}…”，请删去或改写"


def _shared_passage(s: "_Sentence", windows: dict) -> tuple["_Sentence | None", int]:
    for i in range(len(s.key) - PASSAGE_MIN + 1):
        first = windows.get(s.key[i:i + PASSAGE_MIN])
        if first is not None and first is not s:
            return first, i
    return None, 0


class _Sentence:
    def __init__(self, ctx: Context, item: Item, index: int, offset: int, text: str):
        self.item, self.index, self.offset, self.text = item, index, offset, text
        self.origin = [i for i, ch in enumerate(text) if not _NOT_WORD.fullmatch(ch)]
        self.key = "".join(text[i] for i in self.origin)
        self.pos = ctx.position(item.path, offset) if len(self.key) >= DUPLICATE_MIN else (0, 0)


def _sentences(ctx: Context) -> Iterator[_Sentence]:
    for item in ctx.of_kind("body"):
        if item.path[0] in _NOT_COMPARED:
            continue
        for index, (offset, text) in enumerate(sentences(item.text)):
            s = _Sentence(ctx, item, index, offset, text)
            if len(s.key) >= DUPLICATE_MIN:
                yield s


# ---- T5 years -------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9０-９.])([0-9０-９]{4})(?:\s*[-—–~～至到]\s*([0-9０-９]{4}))?\s*年")
_TITLE_SPAN = re.compile(r"《[^《》]*》")
_YEAR_BEFORE = ("到", "至", "于", "自", "从", "始")  # 到2025年 (a target), 成立于1955年, 自2018年以来
_YEAR_AFTER = ("以来", "起", "成立", "设立", "组建", "建立", "挂牌")


def t5_years(ctx: Context) -> list[Finding]:
    """T5: a year far from the evaluation year (outside 年度−1 … 年度+1), except in 《titles》."""
    if not ctx.loaded.usable("年度"):
        return []
    y = ctx.year
    out = []
    for item in ctx.items:
        titles = [m.span() for m in _TITLE_SPAN.finditer(item.text)]
        for m in _YEAR.finditer(item.text):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            if (last >= y - 1 and first <= y + 1) or not 1900 <= first <= 2100:
                continue
            if any(a <= m.start() < b for a, b in titles) or _year_in_context(item.text, m):
                continue
            out.append(ctx.at(item.path, m.start(), "T5",
                              f"出现“{m.group().replace(' ', '')}”，评价年度为{y}年，请核对年份（疑为沿用往年文稿）"))
    return out


def _year_in_context(text: str, m: re.Match) -> bool:
    before, after = _around(text, m)
    return before.endswith(_YEAR_BEFORE) or after.startswith(_YEAR_AFTER)


_NEAR = 32  # characters looked at on each side of a match: enough for any word the rules look for


def _around(text: str, m: re.Match) -> tuple[str, str]:
    """The text just before and just after a match, blanks next to it skipped.

    Only a window is copied: slicing to the start or the end of a long text for every match
    would make a text with many matches cost its length squared."""
    before = text[max(0, m.start() - _NEAR):m.start()].rstrip(_BLANK)
    after = text[m.end():m.end() + _NEAR].lstrip(_BLANK)
    return before, after


def t5_report_date(ctx: Context) -> list[Finding]:
    """T5: 报告日期 must fall in 年度 or 年度+1."""
    value = ctx.raw.get("报告日期")
    if not ctx.loaded.usable("年度"):
        return []
    m = re.search(r"[0-9０-９]{4}", value) if isinstance(value, str) else None
    if not m or int(m.group()) in (ctx.year, ctx.year + 1):
        return []
    return [ctx.at(("报告日期",), m.start(), "T5",
                   f"报告日期为{m.group()}年，评价年度为{ctx.year}年：报告日期应在{ctx.year}年或{ctx.year + 1}年，请核对")]


# ---- T6 stale phrases, T7 residue, T9 typos ------------------------------------------

def t6_stale(ctx: Context) -> list[Finding]:
    """T6: phrases outdated from a given year on (profile 文字检查.过时提法)."""
    if not ctx.loaded.usable("年度"):
        return []
    stale = [s for s in ctx.profile.text_rules.stale if ctx.year >= s.from_year]
    out = []
    for item in ctx.items:
        hits = sorted((start, -len(s.phrase), s) for s in stale
                      for start in occurrences(item.text, s.phrase, _INSIDE.get(s.phrase, ())))
        end = -1
        for start, _, s in hits:  # overlapping phrases: the first (and longest) one only
            if start < end:
                continue
            end = start + len(s.phrase)
            out.append(ctx.at(item.path, start, "T6", f"过时提法“{s.phrase}”（{ctx.year}年度）：{s.hint}"))
    return out


def t7_residue(ctx: Context) -> list[Finding]:
    """T7: speech or project-report wording (profile 文字检查.文体残留), once per sentence."""
    phrases = ctx.profile.text_rules.residue
    return _per_sentence(ctx, phrases, lambda found: (
        f"“{'”“'.join(found)}”不属于部门整体支出绩效自评报告的用语（疑为从讲话稿或项目报告复制），请改写"))


def t7_bureau(ctx: Context) -> list[Finding]:
    """T7: “局网站”“我局” in a department whose name has no 局 (profile 文字检查.局名残留)."""
    dept = ctx.loaded.questionnaire.department
    if "局" in dept or not ctx.loaded.usable("部门全称"):
        return []
    return _per_sentence(ctx, ctx.profile.text_rules.bureau_residue, lambda found: (
        f"本部门（{dept}）不是“局”，却出现“{'”“'.join(found)}”：疑为套用其他单位的文稿，请改为本部门的名称或网站"))


def _per_sentence(ctx: Context, phrases: list[str], message: Callable[[list[str]], str]) -> list[Finding]:
    out = []
    for item in ctx.items:
        for offset, sentence in sentences(item.text):
            hits = sorted((start, p) for p in phrases for start in occurrences(sentence, p, _INSIDE.get(p, ())))
            if hits:
                names = list(dict.fromkeys(p for _, p in hits))
                out.append(ctx.at(item.path, offset + hits[0][0], "T7", message(names)))
    return out


def t9_typos(ctx: Context) -> list[Finding]:
    """T9: known typos (profile 文字检查.错别字), unless part of the correct word."""
    out = []
    for item in ctx.items:
        for typo, right in ctx.profile.text_rules.typos.items():
            for start in occurrences(item.text, typo, (right,) + _INSIDE.get(typo, ())):
                out.append(ctx.at(item.path, start, "T9", f"“{typo}”应为“{right}”"))
    return out


# ---- T8 “余” after an exact number -------------------------------------------------

_YU = re.compile(r"(?<![0-9０-９.,])([0-9０-９]{1,3}(?:,[0-9０-９]{3}){1,4}|[0-9０-９]{1,15})\s*余(?!额)")  # longer runs are no count


def t8_approximate(ctx: Context) -> list[Finding]:
    """T8: “1449余篇”: 余 (more than) only follows a round number (190余项, 2000余篇)."""
    out = []
    for item in ctx.items:
        for m in _YU.finditer(item.text):
            digits = m.group(1).replace(",", "")
            if digits.endswith("0"):
                continue
            out.append(ctx.at(item.path, m.start(), "T8",
                              f"“{m.group(1)}余”：“余”表示约数，只能接在整数后面（如“{_round_down(int(digits))}余”）；"
                              f"如是确数，请删去“余”"))
    return out


def _round_down(n: int) -> int:
    step = 10 ** max(1, len(str(n)) - 2)
    return max(n // step * step, step)


# ---- T10 number formats --------------------------------------------------------------

_AMOUNT = re.compile(  # at most 15 integer digits and 10 decimals: a longer run is no amount
    r"(?<![0-9０-９.,])([0-9０-９]{1,3}(?:,[0-9０-９]{3}){1,4}|[0-9０-９]{1,15})(\.[0-9０-９]{1,10})?"
    r"(?![0-9０-９]|,[0-9０-９]|\.[0-9０-９])(\s*)(万元|亿元|元)?")
_APPROXIMATE = ("约", "近", "超", "超过", "逾", "-", "—", "～", "~", "至", "到")
_THRESHOLD = ("以上", "以下", "以内", "左右", "及以上", "及以下", "（含）", "(含)")


def t10_amounts(ctx: Context) -> list[Finding]:
    """T10: amounts in 万元 with two decimals; thousands separators as the profile prints them."""
    out = []
    for item in ctx.items:
        for m in _AMOUNT.finditer(item.text):
            problem = _amount_problem(ctx, item.text, m)
            if problem:
                out.append(ctx.at(item.path, m.start(), "T10", problem))
    return out


def _amount_problem(ctx: Context, text: str, m: re.Match) -> str | None:
    whole, frac, unit = m.group(1), m.group(2) or "", m.group(4) or ""
    grouped = "," in whole
    if not unit and not grouped or unit in ("元", "亿元") and len(whole) < 4:
        return None
    reasons = []
    places = len(frac) - 1 if frac else 0
    if unit == "万元" and places != 2 and not _approximate(text, m) and _nonzero(whole + frac):
        reasons.append("金额保留两位小数")
        places = 2
    thousands = ctx.profile.settings.thousands
    if grouped != thousands and (grouped or len(whole) >= 4):
        reasons.append("本地区规则数字使用千分位逗号" if thousands else "本地区规则数字不用千分位逗号")
    if not reasons:
        return None
    written = m.group(1) + frac + unit
    expected = _format(Decimal(whole.replace(",", "") + frac), places, thousands) + unit
    return f"“{written}”应写作“{expected}”（{'；'.join(reasons)}）"


def _nonzero(number: str) -> bool:
    return Decimal(number.replace(",", "")) != 0


def _approximate(text: str, m: re.Match) -> bool:
    before, after = _around(text, m)
    return before.endswith(_APPROXIMATE) or after.startswith(_THRESHOLD)


def _format(value: Decimal, places: int, thousands: bool) -> str:
    value = round_half_up(value, places) if places else value
    return format(value, ",f" if thousands else "f")


def t10_percent_sign(ctx: Context) -> list[Finding]:
    """T10: the full-width “％”."""
    out = []
    for item in ctx.items:
        for start in occurrences(item.text, "％"):
            out.append(ctx.at(item.path, start, "T10", "百分号应使用半角“%”，这里是全角“％”"))
    return out


_CJK = "\u4e00-\u9fff"
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}“”》）])[,;:!?](?=[{_CJK}“”《（])")
# “(…)” without parentheses or line breaks inside; the rule keeps those with Chinese in them (_HAS_CJK).
# Found in one pass: a pattern that looked for the Chinese character itself went back over the text.
_HALF_BRACKETS = re.compile(rf"\((?![{_CN}0-9０-９]{{1,3}}\))[^()\n]*+\)")
_HAS_CJK = re.compile(f"[{_CJK}]")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def t10_halfwidth_punctuation(ctx: Context) -> list[Finding]:
    """T10: half-width , ; : ! ? or ( ) inside Chinese text (numbered “(1)” is T1's)."""
    out = []
    for item in ctx.items:
        for m in _HALF_PUNCT.finditer(item.text):
            out.append(ctx.at(item.path, m.start(), "T10",
                              f"中文里应使用全角标点“{_FULL[m.group()]}”，这里是半角“{m.group()}”"))
        for m in _HALF_BRACKETS.finditer(item.text):
            if not _HAS_CJK.search(m.group()):
                continue
            out.append(ctx.at(item.path, m.start(), "T10",
                              f"中文里应使用全角括号“（{m.group()[1:-1]}）”，这里是半角“{m.group()}”"))
    return out


_MONEY_KEYS = ("合计", "金额", "年初预算数", "调整预算数", "决算数")


def t10_typed_amounts(ctx: Context) -> list[Finding]:
    """T10: typed figures under 收入/支出: two decimals, the profile's thousands separator."""
    out = []
    thousands = ctx.profile.settings.thousands
    for path, text in _money_values(ctx.raw, ()):
        try:
            parse_amount(text)
        except ValueError:
            continue  # not a number (Q1 says so), or typed in 元 (M14)
        s = text.strip().removesuffix("万元").strip()
        m = re.fullmatch(r"[+-]?([0-9０-９]{1,3}(?:,[0-9０-９]{3})+|[0-9０-９]+)(\.[0-9０-９]+)?", s)
        if not m:
            continue
        reasons = []
        if len(m.group(2) or ".") - 1 != 2 and _nonzero(s.lstrip("+-")):
            reasons.append("金额保留两位小数")
        if ("," in s) != thousands and ("," in s or len(m.group(1)) >= 4):
            reasons.append("本地区规则金额使用千分位逗号" if thousands else "本地区规则金额不用千分位逗号")
        if reasons:
            expected = _format(Decimal(s.replace(",", "")), 2, thousands)
            out.append(ctx.at(path, 0, "T10", f"金额“{text.strip()}”应写作“{expected}”（{'；'.join(reasons)}）"))
    return out


def _money_values(value: object, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if path == ():
        for key in ("收入", "支出"):
            yield from _money_values(value.get(key), (key,))
        return
    if isinstance(value, dict):
        for key, sub in value.items():
            if isinstance(sub, str) and key in _MONEY_KEYS:
                yield path + (key,), sub
            else:
                yield from _money_values(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _money_values(sub, path + (i,))


# ---- T12 document numbers ---------------------------------------------------------

# Possessive blanks (\s*+), and a match that starts in a run of blanks only at its first blank: a long run
# of blanks must not be scanned again from each of its characters.
_DOC_NUMBER = re.compile(
    r"((?:[\u4e00-\u9fff]{1,8}?)|(?<!\s))\s*+([\[［(（【〔{｛])\s*+([0-9０-９]{4})\s*+([\]］)）】〕}｝])\s*+(第?)\s*+([0-9０-９]{1,9})\s*+号")
_ISSUER_NOISE = re.compile(r"^.*(?:根据|依据|按照|依照|参照|遵照|执行|印发|转发|贯彻|落实|关于|的|和|及|与|或)")


def t12_document_numbers(ctx: Context) -> list[Finding]:
    """T12: 文号 written 财预〔2020〕10号: 六角括号, no 第, no leading zeros, no blanks."""
    out = []
    for item in ctx.items:
        for m in _DOC_NUMBER.finditer(item.text):
            issuer = _ISSUER_NOISE.sub("", m.group(1))
            start = m.start(1) + len(m.group(1)) - len(issuer)
            found = item.text[start:m.end()]
            right = f"{issuer}〔{m.group(3)}〕{int(m.group(6))}号"
            if found != right:
                out.append(ctx.at(item.path, start, "T12",
                                  f"文号“{found}”写法不规范，应为“{right}”（年份用六角括号〔〕，序号不加“第”、不编虚位）"))
    return out


RULES: tuple[Callable[[Context], list[Finding]], ...] = (
    t1_heading_numbers, t1_paragraph_numbers, t1_halfwidth_parens,
    t2_enumeration,
    t3_headings, t3_heading_in_body,
    t4_duplicates,
    t5_years, t5_report_date,
    t6_stale,
    t7_residue, t7_bureau,
    t8_approximate,
    t9_typos,
    t10_amounts, t10_percent_sign, t10_halfwidth_punctuation, t10_typed_amounts,
    t12_document_numbers,
)
