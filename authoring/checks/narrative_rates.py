"""M15: a rate written in the narrative against the figure it repeats (warnings, as M10 for amounts).

Three kinds of rate have a figure to compare with:

- the 预算执行率 (预算执行进度, 支出完成率 …): the stated 预算执行率, the one computed from
  支出合计 (决算数 ÷ 调整预算数, or ÷ 收入合计 without it), the 资金执行情况 block's 执行率;
- an income line's 占比 (“财政拨款收入3093.93万元，占总收入的99.28%”): its stated 占比 and the
  shares computed over 收入合计 and 本年收入合计;
- a 完成率: 重点工作完成率 anywhere (the 重点工作 table, the indicator of that name), and
  “完成率” in an indicator's own 分析 (its 完成率, 完成数 ÷ 计划数).

A written rate agrees when it is one of these figures rounded to the decimals written (prose may
write 94% for 93.72%, as M10 lets it write 2,824 万元 for 2824.00; a stated 预算执行率 is held to two
decimals by M6), in either reading of the money (checks/figures.py). A label preceded by another
word is another rate (项目支出执行率, 资金执行率); a rate after 较、增、不低于 … is a change or a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from authoring.checks.figures import Readings
from authoring.checks.money import RATE_TOLERANCE, _LABEL_RE, _PRECEDING_OK, _narratives
from authoring.findings import Finding, Severity
from authoring.jurisdiction.scoring import Assessment, execution_rate
from authoring.questionnaire.loader import Loaded
from authoring.questionnaire.model import Questionnaire
from authoring.questionnaire.money import CARRIED_INCOME, CURRENT_INCOME
from authoring.questionnaire.numbers import normalize, percent, percent_of, round_half_up
from authoring.questionnaire.yamlsource import PathKey, dotted

_EXECUTION = ("预算资金支出率", "预算执行率", "预算执行进度", "预算完成率", "支出完成率", "支出执行率", "执行进度",
              "执行率", "支出率")
_TASKS = "重点工作完成率"
_COMPLETION = "完成率"
_RATE_LABELS = re.compile("|".join(map(re.escape, sorted({*_EXECUTION, _TASKS, _COMPLETION}, key=len, reverse=True))))
_INCOME_LABELS = re.compile("|".join(map(re.escape, sorted({*CURRENT_INCOME, *CARRIED_INCOME}, key=len, reverse=True))))
_DIGITS = "0-9０-９"
_RATE = rf"([{_DIGITS}]{{1,3}}(?:[.．][{_DIGITS}]{{1,4}})?)\s*[%％]"
_AFTER_LABEL = re.compile(rf"([^{_DIGITS}%％。；;，,、！？!?\n]{{0,12}}?){_RATE}")
_SHARE = re.compile(rf"占([^{_DIGITS}%％。；;，,、！？!?\n]{{0,12}}?){_RATE}")
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
# between a label and its rate: the rate is a change, a comparison or a target, not the figure
_NOT_THE_FIGURE = ("增", "减", "降", "提高", "提升", "上升", "比", "较", "同期", "上年", "去年", "不低于", "低于",
                   "高于", "不少于", "不超过", "超过", "≥", "≤", ">", "<", "＞", "＜", "目标", "要求", "力争", "确保",
                   "预计", "计划", "约", "近", "平均", "控制在")
_TARGET_AFTER = ("以上", "以下", "左右", "的目标")
_HALF = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
W = Severity.WARNING


@dataclass(frozen=True)
class Rate:
    """A figure a written rate may repeat: its value (percent) and what it is, in words."""

    value: Decimal
    what: str


def check_narrative_rates(loaded: Loaded, readings: Readings, a: Assessment | None) -> list[Finding]:
    q, summed = readings.typed, readings.summed
    execution = _execution_rates(q) + _execution_rates(summed)
    tasks = _task_rates(q, a)
    found = []
    for path, text in _narratives(loaded.raw):
        plain = text.translate(_HALF)  # same length: offsets stay those of text
        for m in _RATE_LABELS.finditer(plain):
            if not _stands_alone(plain, m.start()):
                continue
            label = m.group()
            if label == _TASKS:
                rates = tasks
            elif label == _COMPLETION:
                rates = _indicator_rates(a, path)
            else:
                rates = execution
            after = _AFTER_LABEL.match(plain, m.end())
            if rates and after and _is_the_figure(plain, after):
                found += _compare(loaded, path, after.start(2), label, after.group(2), rates)
        for offset, label, written in _shares(plain):
            rates = _share_rates(q, label) + _share_rates(summed, label)
            found += _compare(loaded, path, offset, f"{label}占比", written, rates)
    return found



def _stands_alone(text: str, start: int) -> bool:
    """“部门预算执行率”, “全年支出完成率” are the figure; “项目支出执行率”, “资金执行率” another one."""
    before = text[start - 1] if start else ""
    return not ("\u4e00" <= before <= "\u9fff") or before in _PRECEDING_OK


def _is_the_figure(text: str, m: re.Match) -> bool:
    gap = m.group(1)
    if any(word in gap for word in _NOT_THE_FIGURE) or _LABEL_RE.search(gap) or _RATE_LABELS.search(gap):
        return False
    return not text[m.end():].lstrip().startswith(_TARGET_AFTER)


def _shares(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset of the rate, income line, rate as written) for “<income line>…占…N%” within a clause."""
    for m in _INCOME_LABELS.finditer(text):
        if not _stands_alone(text, m.start()):
            continue
        end = _CLAUSE_END.search(text, m.end())
        clause_end = end.start() if end else len(text)
        share = _SHARE.search(text, m.end(), clause_end)
        if share is None or _LABEL_RE.search(text, m.end(), share.start()) or _INCOME_LABELS.search(text, m.end(), share.start()):
            continue  # no 占 in the clause, or it is another line's
        if any(word in share.group(1).removeprefix("比") for word in _NOT_THE_FIGURE):  # 占比 is the share
            continue
        yield share.start(2), m.group(), share.group(2)


def _agrees(written: str, rate: Rate) -> bool:
    """98.79 is written 98.79% or, rounded, 98.8% or 99%; with two decimals or more it is the figure."""
    value = Decimal(normalize(written))
    places = len(written.split(".", 1)[1]) if "." in written else 0
    if places < 2:
        return value == round_half_up(rate.value, places)
    return abs(value - rate.value) <= RATE_TOLERANCE


def _compare(loaded: Loaded, path: PathKey, offset: int, label: str, written: str, rates: list[Rate]) -> list[Finding]:
    if not rates or any(_agrees(written, rate) for rate in rates):
        return []
    distinct = {rate.value: rate for rate in reversed(rates)}  # the first description of each value
    stated = "、".join(f"{rate.what} {percent(rate.value)}" for rate in sorted(distinct.values(), key=rates.index))
    both = "都" if len(distinct) > 1 else ""
    message = f"正文写的{label} {normalize(written)}% 与{stated}{both}不一致，请核对"
    line, col = loaded.source.text_position(path, offset)
    return [Finding(W, "M15", loaded.source.file, line, col, dotted(path), message)]


# ---------------------------------------------------------------- the figures

def _execution_rates(q: Questionnaire) -> list[Rate]:
    out = []
    exp = q.expenditure
    if exp is not None and exp.execution_rate is not None:
        out.append(Rate(exp.execution_rate, "问卷填写的预算执行率"))
    computed = execution_rate(q)
    if computed is not None:
        base = "调整预算数" if computed.basis == "调整预算数" else "收入合计"
        out.append(Rate(computed.value, f"按支出合计决算数 {computed.actual:.2f} ÷ {base} {computed.base:.2f} 计算的执行率"))
    rows = q.funding.rows if q.funding is not None else []
    if rows:
        if rows[0].rate is not None:
            out.append(Rate(rows[0].rate, f"资金执行情况中{rows[0].label}的执行率"))
        block = rows[0].computed_rate()
        if block is not None:
            out.append(Rate(block, f"按{rows[0].label}全年执行数 {rows[0].actual:.2f} ÷ 全年预算数 {rows[0].adjusted:.2f} 计算的执行率"))
    return out


def _share_rates(q: Questionnaire, label: str) -> list[Rate]:
    income = q.income
    if income is None:
        return []
    out = []
    for item in income.items:
        if item.source != label:
            continue
        if item.share is not None:
            out.append(Rate(item.share, f"问卷填写的{label}占比"))
        bases = [("收入合计", income.total)]
        if item.source in CURRENT_INCOME and (income.carried_items() or income.current_total is not None):
            bases.append(("本年收入合计", income.current_base()))
        for name, base in bases:
            share = percent_of(item.amount, base) if base else None
            if share is not None:
                out.append(Rate(share, f"按{label} {item.amount:.2f} ÷ {name} {base:.2f} 计算的占比"))
    return out


def _task_rates(q: Questionnaire, a: Assessment | None) -> list[Rate]:
    out = []
    if q.tasks:
        done = sum(1 for t in q.tasks if t.status == "已完成")
        out.append(Rate(percent_of(Decimal(done), Decimal(len(q.tasks))), f"重点工作表的完成率（{done}/{len(q.tasks)}）"))
    for leaf in a.leaves() if a is not None else []:
        if leaf.name == _TASKS or (leaf.spec is not None and leaf.spec.link == "重点工作"):
            out += _counts(leaf.source, leaf.name)
    return out


def _indicator_rates(a: Assessment | None, path: PathKey) -> list[Rate]:
    """The rates of the indicator whose 分析 path is in."""
    if a is None or "分析" not in path:
        return []
    owner = path[:path.index("分析")]
    leaf = next((item for item in a.walk() if item.path == owner), None)
    return _counts(leaf.source, leaf.name) if leaf is not None else []


def _counts(ind, name: str) -> list[Rate]:
    if ind is None:
        return []
    out = []
    if ind.rate is not None:
        out.append(Rate(ind.rate, f"“{name}”填写的完成率"))
    if ind.planned and ind.done is not None:
        out.append(Rate(percent_of(Decimal(ind.done), Decimal(ind.planned)), f"“{name}”的完成数 ÷ 计划数（{ind.done}/{ind.planned}）"))
    return out
